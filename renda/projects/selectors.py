"""Every read of the projects app. Each selector takes the actor's scope and filters by it first."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.errors import NotPermitted
from renda.core.lifecycle import Action
from renda.core.selectors import get_in_scope, narrow
from renda.meetings.lifecycles import POLL
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.results import tallies
from renda.org.scoping import Scope

from . import permissions, progress
from .lifecycles import BALLOT, CYCLE
from .models import Attachment, Ballot, Cycle, Evaluation, Node, ProgressReport, Project, Proposal, SupervisionRecord
from .rules import SATISFACTION_RULE, as_of_resolver
from .tally import Outcome, ballot_result, base_for, satisfaction_verdict

PUBLIC_STATES = sorted(CYCLE.group("public"))  # cycles whose result is published: the public pages show them


@dataclass
class Filters:
    year: int | None = None
    congress: int | None = None
    q: str = ""


def _cycle_qs(scope: Scope) -> QuerySet[Cycle]:
    q = permissions.cycle_q(scope)
    return Cycle.objects.none() if q is None else Cycle.objects.filter(q)


def cycle_list(*, scope: Scope, filters: Filters | None = None) -> QuerySet[Cycle]:
    if not permissions.can_list_cycles(scope):
        raise NotPermitted()
    f = filters or Filters()
    qs = narrow(_cycle_qs(scope), year=f.year, congress_id=f.congress)
    return (
        qs.select_related("congress", "region")
        .annotate(
            n_proposals=Count("proposals", distinct=True),
            n_candidates=Count("candidates", distinct=True),
            n_projects=Count("projects", distinct=True),
        )
        .order_by("-year", "region__path", "pk")
    )


def cycle_get(*, scope: Scope, pk: int) -> Cycle:
    return get_in_scope(_cycle_qs(scope).select_related("congress", "congress__region", "region", "review_body"), pk=pk)


def is_deputy_of(scope: Scope, congress_id: int) -> bool:
    from renda.org.models import Deputy

    return bool(
        scope.person_id
        and Deputy.objects.filter(person_id=scope.person_id, congress_id=congress_id, status=Deputy.Status.SERVING).exists()
    )


def proposable_cycle(*, scope: Scope, pk: int) -> Cycle:
    """A collecting cycle the user may propose to (a deputy of its congress, a unit clerk); 403 otherwise."""
    cycle = get_in_scope(Cycle.objects.select_related("congress", "region"), pk=pk)
    if not (
        permissions.can_propose_as_deputy(scope, cycle, is_deputy_of(scope, cycle.congress_id))
        or permissions.can_propose_as_unit(scope, cycle)
    ):
        raise NotPermitted()
    return cycle


def proposals(*, cycle: Cycle) -> QuerySet[Proposal]:
    return cycle.proposals.select_related("unit").order_by("-pk")


def candidates(*, cycle: Cycle):
    return cycle.candidates.select_related("unit", "proposal").order_by("order")


def ballot_get(*, scope: Scope, pk: int) -> Ballot:
    """A ballot (any round) of a cycle the scope may see; 404 otherwise."""
    related = ("cycle", "cycle__congress", "cycle__region", "poll", "meeting", "item", "previous")
    ballot = get_in_scope(Ballot.objects.select_related(*related), pk=pk)
    cycle_get(scope=scope, pk=ballot.cycle_id)  # 404 outside scope
    return ballot


def shown_outcome(ballot: Ballot, manage: bool) -> Outcome | None:
    """A round's outcome once published (staff who run the cycle see it from the close of voting)."""
    poll = ballot.poll
    if poll is not None and (POLL.in_group(poll, "published") or (manage and POLL.in_group(poll, "counting"))):
        return ballot_result(ballot)
    return None


def congress_session(cycle: Cycle, pk: object) -> Meeting | None:
    """A meeting of the cycle's congress, by the id a form or payload gives (None when it is not one)."""
    if pk is None or not str(pk).isdigit():
        return None
    return Meeting.objects.filter(pk=int(str(pk)), body_id=cycle.congress_id, preparatory_for__isnull=True).first()


def open_sessions(cycle: Cycle) -> list[Meeting]:
    """Meetings of the cycle's congress not yet closed: where a ballot, run-off or evaluation can be held."""
    return list(
        Meeting.objects.filter(body=cycle.congress, preparatory_for__isnull=True)
        .exclude(state=Meeting.State.CLOSED)
        .order_by("start_date")
    )


def ballot_of(cycle: Cycle) -> Ballot | None:
    """The cycle's ballot (round 1)."""
    return Ballot.objects.filter(cycle=cycle, round=1).select_related("poll", "meeting", "item", "cycle").first()


def ballot_rounds(cycle: Cycle) -> list[Ballot]:
    """The ballot and its run-offs, in order."""
    return list(
        Ballot.objects.filter(cycle=cycle).select_related("poll", "meeting", "item", "cycle", "previous").order_by("round")
    )


def runoff_possible(ballot: Ballot, outcome: Outcome | None) -> bool:
    """Whether the published round leaves a tie at the last place for a run-off not yet set (the service decides)."""
    return bool(
        outcome is not None
        and outcome.runoff
        and ballot.poll is not None
        and POLL.in_group(ballot.poll, "published")
        and CYCLE.in_group(ballot.cycle, "implementing")
        and not Ballot.objects.filter(previous=ballot).exists()
        and not Evaluation.objects.filter(cycle_id=ballot.cycle_id).exists()
    )


def ballot_actions(scope: Scope, ballot: Ballot, outcome: Outcome | None) -> list[Action]:
    """What the scope may do with a round now: its lifecycle's moves, entering a paper count, setting a run-off."""
    poll = ballot.poll
    if poll is None:
        return []
    actions = BALLOT.available(poll, scope)
    manage = permissions.can_manage_cycle(scope, ballot.cycle)
    if manage and poll.kind == Poll.Kind.PAPER and POLL.in_group(poll, "counting"):
        actions.append(Action("count", _("Enter the counted totals"), poll.state))
    if manage and runoff_possible(ballot, outcome):
        actions.append(Action("runoff", _("Create the run-off ballot"), Poll.State.CREATED))
    return actions


def project_actions(scope: Scope, project: Project) -> list[Action]:
    """What the scope may do on a project now (the `action`s its page posts)."""
    actions = []
    if permissions.can_report_progress(scope, project):
        actions += [Action("report", _("Report progress"), ""), Action("node", _("Add a sub-project or milestone"), "")]
    if permissions.can_add_supervision(scope, project, in_group(scope, project)):
        actions.append(Action("supervision", _("Supervision by deputies"), ""))
    return actions


def _project_qs(scope: Scope) -> QuerySet[Project]:
    q = permissions.project_q(scope)
    return Project.objects.none() if q is None else Project.objects.filter(q)


def _with_tree(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.select_related("cycle", "cycle__congress", "unit", "region").prefetch_related(
        Prefetch("nodes", queryset=Node.objects.select_related("status").order_by("order", "pk"))
    )


def project_list(*, scope: Scope, filters: Filters | None = None) -> QuerySet[Project]:
    if not permissions.can_list_projects(scope):
        raise NotPermitted()
    f = filters or Filters()
    qs = narrow(_project_qs(scope), cycle__year=f.year, cycle__congress_id=f.congress, title__contains=f.q.strip())
    return _with_tree(qs.annotate(n_reports=Count("reports", distinct=True), last_report=Max("reports__reported_on"))).order_by(
        "-cycle__year", "region__path", "rank", "pk"
    )


def with_progress(projects, on: datetime.date | None = None) -> list[Project]:
    """Attach .trees, .progress (rolled up) and .overdue (overdue leaf results) to each project (no queries
    beyond the prefetched nodes)."""
    out = []
    resolve = as_of_resolver() if on is None else None
    for project in projects:
        ref = on if resolve is None else resolve(project.region.path)
        project.trees = progress.build(list(project.nodes.all()), ref)
        project.progress = progress.rounded(progress.project_progress(project.trees))
        project.overdue = progress.overdue_nodes(project.trees)
        out.append(project)
    return out


class ProgressRows:
    """Projects whose progress is computed only for the rows read: the page the paginator slices, or every row
    when the list is exported (`core.listing.list_or_export`)."""

    def __init__(self, projects: QuerySet[Project]):
        self.projects = projects

    def count(self) -> int:
        return self.projects.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Project]:
        return with_progress(self.projects[index])

    def __iter__(self) -> Iterator[Project]:
        return iter(with_progress(self.projects))


def project_get(*, scope: Scope, pk: int) -> Project:
    return get_in_scope(_with_tree(_project_qs(scope)), pk=pk)


def reports(*, project: Project, until: datetime.date | None = None) -> QuerySet[ProgressReport]:
    qs = project.reports.select_related("node", "status").prefetch_related("attachments").order_by("-reported_on", "-pk")
    return narrow(qs, reported_on__lte=until)


def supervision(*, project: Project) -> QuerySet[SupervisionRecord]:
    return project.supervision.select_related("deputy__person").order_by("-on", "-pk")


def in_group(scope: Scope, project: Project) -> bool:
    """Whether the scope's deputy is in a supervision group assigned to the project."""
    if not scope.person_id:
        return False
    return project.groups.filter(members__person_id=scope.person_id).exists()


def vote_lines(cycle: Cycle) -> dict[str, object]:
    """{candidate ref: tally line} of a decided ballot (for showing votes beside projects); a run-off's winners show
    the round that adopted them. "_outcome" is the first round's outcome."""
    lines: dict[str, object] = {}
    for ballot in ballot_rounds(cycle):
        if ballot.poll is None or not POLL.in_group(ballot.poll, "published"):
            break
        outcome = ballot_result(ballot)
        lines.setdefault("_outcome", outcome)
        lines.update({line.ref: line for line in outcome.lines})
    return lines


def evaluation_of(cycle: Cycle) -> Evaluation | None:
    return Evaluation.objects.filter(cycle=cycle).select_related("poll", "meeting").first()


def satisfaction(cycle: Cycle) -> dict[str, dict]:
    """{"project:<pk>": {"counts": …, "verdict": "S"|"B"|"U"}} once the evaluation poll is published."""
    evaluation = Evaluation.objects.filter(cycle=cycle).select_related("poll").first()
    if evaluation is None or not POLL.in_group(evaluation.poll, "published"):
        return {}
    poll = evaluation.poll
    cast, _invalid, per_option = tallies(poll)
    rule = core_rules.value(SATISFACTION_RULE.key, region_path=cycle.region.path)
    base = base_for(poll, "half_members", cast)
    out = {}
    for option in poll.options.all():
        counter: Mapping[str, int] = per_option.get(option.pk, {})
        counts = {k: counter.get(k, 0) for k in ("S", "B", "U")}
        out[option.ref] = {"counts": counts, "verdict": satisfaction_verdict(counts, base=base, rule=rule), "base": base}
    return out


VERDICT_LABELS = {"S": "satisfied", "B": "basically satisfied", "U": "not satisfied"}


# --- the mid-year report ------------------------------------------------------------------------------


def item_report(*, scope: Scope | None, item_pk: int) -> tuple[AgendaItem, Cycle | None, list[Project], datetime.date]:
    """The progress report an agenda item hears: the cycle of the item's congress and year, as of the date of
    the meeting, from the records (no retyping)."""
    from renda.meetings.permissions import meeting_q

    items = AgendaItem.objects.select_related("meeting", "meeting__body", "meeting__region")
    if scope is not None:
        q = meeting_q(scope)
        if q is None:
            raise NotPermitted()
        items = items.filter(meeting__in=Meeting.objects.filter(q))
    else:
        items = items.filter(meeting__is_published=True)
    item = get_in_scope(items, pk=item_pk, kind=AgendaItem.Kind.PROJECTS_PROGRESS)
    meeting = item.meeting
    cycle = (
        Cycle.objects.filter(congress=meeting.body, year__lte=meeting.start_date.year, state__in=PUBLIC_STATES)
        .select_related("congress", "region")
        .order_by("-year")
        .first()
    )
    on = meeting.start_date
    projects = []
    if cycle is not None:
        projects = as_of_date(
            _with_tree(
                cycle.projects.annotate(
                    n_reports=Count("reports", filter=Q(reports__reported_on__lte=on), distinct=True),
                    last_report=Max("reports__reported_on", filter=Q(reports__reported_on__lte=on)),
                )
            ).order_by("rank", "pk"),
            on,
        )
    return item, cycle, projects, on


def as_of_date(projects, on: datetime.date) -> list[Project]:
    """Progress as it stood on a date: each result's status and % replayed from the dated reports up to that day
    (a result with no report by then has not started). One query for all the projects' reports."""
    projects = list(projects)
    state: dict[int | None, tuple[Any, Any]] = {}  # node id → (status, progress), replayed as _apply does
    rows = (
        ProgressReport.objects.filter(project__in=[p.pk for p in projects], node__isnull=False, reported_on__lte=on)
        .select_related("status")
        .order_by("reported_on", "pk")
    )
    for report in rows:
        status, pct = state.get(report.node_id, (None, None))
        if report.status_id is not None:
            status, pct = report.status, None
        if report.progress is not None:
            pct = report.progress
        state[report.node_id] = (status, pct)
    for project in projects:
        for node in project.nodes.all():
            node.status, node.progress = state.get(node.pk, (None, None))
    return with_progress(projects, on)


def progress_items(cycle: Cycle) -> QuerySet[AgendaItem]:
    """Agenda items of the cycle's congress that hear the projects' progress: the mid-year session of its year
    and the year-end report at the next year's first session."""
    return (
        AgendaItem.objects.filter(
            meeting__body_id=cycle.congress_id,
            meeting__start_date__gte=datetime.date(cycle.year, 1, 1),
            meeting__start_date__lte=datetime.date(cycle.year + 1, 3, 31),
            kind=AgendaItem.Kind.PROJECTS_PROGRESS,
        )
        .select_related("meeting")
        .order_by("meeting__start_date")
    )


# --- public -------------------------------------------------------------------------------------------


def public_cycles(filters: Filters | None = None) -> QuerySet[Cycle]:
    f = filters or Filters()
    qs = narrow(Cycle.objects.filter(state__in=PUBLIC_STATES), year=f.year)
    return qs.select_related("congress", "region").order_by("-year", "region__path")


def public_projects(filters: Filters | None = None) -> QuerySet[Project]:
    f = filters or Filters()
    qs = narrow(Project.objects.filter(cycle__state__in=PUBLIC_STATES), cycle__year=f.year, cycle__congress_id=f.congress)
    return _with_tree(qs.annotate(n_reports=Count("reports", distinct=True), last_report=Max("reports__reported_on"))).order_by(
        "-cycle__year", "region__path", "rank", "pk"
    )


def public_project_get(pk: int) -> Project:
    return get_in_scope(_with_tree(Project.objects.filter(cycle__state__in=PUBLIC_STATES)), pk=pk)


def collecting_cycles() -> QuerySet[Cycle]:
    return Cycle.objects.filter(state__in=CYCLE.group("collecting")).select_related("congress").order_by("-year", "region__path")


def attachment_get(*, scope: Scope, pk: int) -> Attachment:
    """Files of public projects are public; others follow the project's scope."""
    attachment = get_in_scope(Attachment.objects.select_related("report__project__cycle"), pk=pk)
    project = attachment.report.project
    if CYCLE.in_group(project.cycle, "public"):
        return attachment
    if not _project_qs(scope).filter(pk=project.pk).exists():
        raise Http404
    return attachment
