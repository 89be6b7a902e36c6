"""Thin views: read through selectors, write through services, rules from permissions and the lifecycles."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.context import client_ip
from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import MAX_COUNT, Export, count_param, date_param, fail, int_param, list_or_export
from renda.core.requests import AuthedRequest
from renda.core.selectors import picked
from renda.core.xlsx import XLSX_TYPE, template_bytes, xlsx_response
from renda.meetings import ballot_paper
from renda.meetings.lifecycles import POLL
from renda.meetings.models import Meeting, Poll
from renda.org.models import Body, Unit
from renda.org.scoping import Scope, record_found, scope_allowed, scope_for

from . import permissions, selectors, services
from .lifecycles import BALLOT, CYCLE, PROPOSAL
from .models import Ballot, Candidate, Cycle, Node, Project, Status


def _filters(request: HttpRequest) -> selectors.Filters:
    return selectors.Filters(
        year=int_param(request.GET.get("year")), congress=int_param(request.GET.get("congress")), q=request.GET.get("q", "")
    )


PROJECT_HEADERS = ["年度", "人大", "排名", "项目名称", "责任单位", "完成时限", "进度(%)", "逾期节点", "进展报告数", "最近报告"]


def _project_rows(projects: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    for p in projects:
        yield (
            p.cycle.year,
            p.cycle.congress.name,
            p.rank,
            p.title,
            p.unit.name,
            p.deadline,
            float(p.progress),
            len(p.overdue),
            p.n_reports,
            p.last_report,
        )


def _project_export() -> Export:
    return Export(_("livelihood projects"), PROJECT_HEADERS, _project_rows)


# --- staff: cycles and projects -----------------------------------------------------------------------


@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_projects)
    projects = selectors.project_list(scope=scope, filters=_filters(request))
    cycles = list(selectors.cycle_list(scope=scope)) if permissions.can_list_cycles(scope) else []
    context = {
        "cycles": cycles,
        "can_create": permissions.can_create_cycles(scope),
        "can_bulk": permissions.can_bulk_update(scope),
    }
    return list_or_export(
        request,
        selectors.ProgressRows(projects),
        template="projects/project_list.html",
        context=context,
        export=_project_export(),
    )


@login_required
def cycle_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_create_cycles)
    congresses = [
        b
        for b in Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("region")
        if permissions.can_create_cycle_for(scope, b)
    ]
    if request.method == "POST":
        congress = next((b for b in congresses if b.pk == int_param(request.POST.get("congress"))), None)
        try:
            if congress is None:
                raise DomainError(_("Choose a congress you run."))
            cycle = services.cycle_create(
                actor=request.user,
                scope=scope,
                congress=congress,
                year=int_param(request.POST.get("year")) or 0,
                places=int_param(request.POST.get("places")) or 0,
            )
        except DomainError as exc:
            fail(request, exc)
            return render(request, "projects/cycle_form.html", {"congresses": congresses}, status=400)
        return redirect("projects:cycle_detail", pk=cycle.pk)
    return render(request, "projects/cycle_form.html", {"congresses": congresses})


def _cycle_context(scope: Scope, cycle: Cycle) -> dict[str, Any]:
    manage = permissions.can_manage_cycle(scope, cycle)
    rounds = [(b, selectors.shown_outcome(b, manage)) for b in selectors.ballot_rounds(cycle)]
    ballot, outcome = rounds[0] if rounds else (None, None)
    projects = selectors.with_progress(selectors._with_tree(cycle.projects.all()).order_by("rank", "pk"))
    verdicts = selectors.satisfaction(cycle)
    for project in projects:
        project.verdict = verdicts.get(f"project:{project.pk}")  # type: ignore[attr-defined]  # for the template
    view_proposals = permissions.can_view_proposals(scope, cycle)
    proposals = list(selectors.proposals(cycle=cycle)[:200]) if view_proposals else []
    for proposal in proposals:
        proposal.actions = PROPOSAL.available(proposal, scope)  # type: ignore[attr-defined]  # its buttons
    evaluation = selectors.evaluation_of(cycle)
    sessions = selectors.open_sessions(cycle) if manage else []
    actions = CYCLE.available(cycle, scope)
    return {
        "cycle": cycle,
        "can_manage": manage,
        "can": {a.action: a for a in actions},
        "collecting": CYCLE.in_group(cycle, "collecting"),
        "can_add_candidate": manage and CYCLE.in_group(cycle, "list_open"),
        "can_set_evaluation": manage and CYCLE.can(cycle, "evaluate") and evaluation is None and bool(sessions),
        "can_view_proposals": view_proposals,
        "proposals": proposals,
        "shortlisted": [p for p in proposals if PROPOSAL.in_group(p, "shortlisted")],
        "candidates": list(selectors.candidates(cycle=cycle)),
        "ballot": ballot,
        "outcome": outcome,
        "rounds": rounds,
        "evaluation": evaluation,
        "projects": projects,
        "progress_items": list(selectors.progress_items(cycle)),
        "sessions": sessions,
        "review_bodies": list(Body.objects.filter(congress=cycle.congress, kind__in=["standing_committee", "presidium"]))
        if manage
        else [],
        "units": list(
            Unit.objects.filter(region_id__in=[cycle.region_id, cycle.region.parent_id]).order_by("region__path", "name")
        )
        if manage
        else [],
        "forms": Ballot.Form.choices,
        "kinds": Poll.Kind.choices,
        "thresholds": Poll.Threshold.choices,
        "tie_rules": Ballot.TieRule.choices,
    }


@login_required
def cycle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, cycle = record_found(request.user, selectors.cycle_get, pk)
    export = request.GET.get("export")
    if export == "candidates":
        headers = ["序号", "候选项目", "投资额(万元)", "资金来源", "责任单位", "完成时限", "来源建议"]
        candidate_rows = (
            (c.order, c.title, float(c.cost), c.funding, c.unit.name, c.deadline, c.proposal.title if c.proposal else "")
            for c in selectors.candidates(cycle=cycle)
        )
        return xlsx_response(f"{cycle.year}-{cycle.congress.name}-" + _("candidates") + ".xlsx", headers, candidate_rows)
    if export == "proposals":
        if not permissions.can_view_proposals(scope, cycle):
            raise NotPermitted()
        headers = ["项目名称", "内容", "来源", "建议人", "状态", "理由", "提交时间"]
        proposal_rows = (
            (
                p.title,
                p.description,
                p.get_source_display(),
                p.proposer_name,
                p.get_state_display(),
                p.reason,
                p.created_at.date(),
            )
            for p in selectors.proposals(cycle=cycle)
        )
        return xlsx_response(f"{cycle.year}-{cycle.congress.name}-" + _("proposals") + ".xlsx", headers, proposal_rows)
    return render(request, "projects/cycle_detail.html", _cycle_context(scope, cycle))


def _session(cycle: Cycle, pk: object) -> Meeting:
    meeting = selectors.congress_session(cycle, pk)
    if meeting is None:
        raise DomainError(_("Choose the session."))
    return meeting


@login_required
@require_POST
def cycle_action(request: AuthedRequest, pk: int) -> HttpResponse:
    """All staff writes on a cycle, by `action`: close_proposals, review, evaluate, candidate, shortlist/decline,
    ballot, evaluation."""
    scope, cycle = record_found(request.user, selectors.cycle_get, pk)
    post, action = request.POST, request.POST.get("action", "")
    try:
        if action in services.CYCLE_ACTIONS:
            body = picked(Body.objects.all(), post.get("review_body"))
            services.cycle_transition(
                actor=request.user,
                scope=scope,
                cycle=cycle,
                action=action,
                review_body=body,
                note=post.get("note", ""),
                on=date_param(post.get("on")),
            )
        elif action == "candidate":
            unit = picked(Unit.objects.all(), post.get("unit"))
            if unit is None:
                raise DomainError(_("Choose the responsible unit."))
            proposal = picked(cycle.proposals.all(), post.get("proposal"))
            services.candidate_add(
                actor=request.user,
                scope=scope,
                cycle=cycle,
                title=post.get("title", ""),
                description=post.get("description", ""),
                cost=post.get("cost", ""),
                funding=post.get("funding", ""),
                unit=unit,
                deadline=date_param(post.get("deadline")),
                proposal=proposal,
            )
        elif action in PROPOSAL.actions:
            proposal = picked(cycle.proposals.all(), post.get("proposal"))
            if proposal is None:
                raise DomainError(_("Choose a proposal."))
            services.proposal_decide(
                actor=request.user, scope=scope, proposal=proposal, decision=action, reason=post.get("reason", "")
            )
        elif action == "ballot":
            services.ballot_configure(
                actor=request.user,
                scope=scope,
                cycle=cycle,
                meeting=_session(cycle, post.get("meeting")),
                form=post.get("form"),
                kind=post.get("kind"),
                max_choices=int_param(post.get("max_choices")),
                threshold=post.get("threshold"),
                tie_rule=post.get("tie_rule"),
            )
        elif action == "evaluation":
            services.evaluation_create(actor=request.user, scope=scope, cycle=cycle, meeting=_session(cycle, post.get("meeting")))
        else:
            raise DomainError(_("Unknown action."))
    except DomainError as exc:
        fail(request, exc)
        return render(request, "projects/cycle_detail.html", _cycle_context(scope, cycle), status=400)
    messages.success(request, _("Saved."))
    return redirect("projects:cycle_detail", pk=cycle.pk)


@login_required
def proposal_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """A deputy of the congress or a unit clerk proposes a candidate project."""
    scope = scope_for(request.user)
    cycle = selectors.proposable_cycle(scope=scope, pk=pk)
    if request.method == "POST":
        try:
            services.proposal_submit(
                actor=request.user,
                scope=scope,
                cycle=cycle,
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                token=request.POST.get("token", ""),
            )
        except DomainError as exc:
            fail(request, exc)
            context = {"cycle": cycle, "token": request.POST.get("token", "")}
            return render(request, "projects/proposal_form.html", context, status=400)
        messages.success(request, _("Thank you: your proposal is recorded."))
        return redirect("projects:project_list")
    return render(request, "projects/proposal_form.html", {"cycle": cycle, "token": uuid.uuid4().hex})


# --- the ballot ---------------------------------------------------------------------------------------


def _ballot_context(scope: Scope, ballot: Ballot, posted: QueryDict | None = None) -> dict[str, Any]:
    """`posted`: a refused ballot's POST, whose ticks the ballot paper keeps."""
    from renda.meetings.selectors import my_attendance

    poll = ballot.poll
    assert poll is not None  # a ballot has its poll from the moment it is configured
    cycle = ballot.cycle
    manage = permissions.can_manage_cycle(scope, cycle)
    mine = my_attendance(scope=scope, meeting=ballot.meeting)
    candidates = {c.ref: c for c in selectors.candidates(cycle=cycle)}
    options = [(o, candidates.get(o.ref)) for o in poll.options.all()]
    outcome = selectors.shown_outcome(ballot, manage)
    runoff = Ballot.objects.filter(previous=ballot).select_related("poll").first()
    can_runoff = manage and selectors.runoff_possible(ballot, outcome)
    voting = POLL.in_group(poll, "voting")
    paper = ballot_paper.lines(
        ballot.form,
        [o for o, _c in options],
        posted,
        about={o.pk: _about(c) for o, c in options if c},
        numbers={o.pk: o.order for o, _c in options},
    )
    return {
        "paper": paper,
        "picked": sum(line.picked for line in paper),
        "secret": poll.kind == Poll.Kind.SECRET,
        "ballot": ballot,
        "cycle": cycle,
        "poll": poll,
        "options": options,
        "can_manage": manage,
        "actions": BALLOT.available(poll, scope),
        "rules_locked": not POLL.in_group(poll, "draft"),
        "voting": voting,
        "published": POLL.in_group(poll, "published"),
        "can_count": manage and poll.kind == Poll.Kind.PAPER and POLL.in_group(poll, "counting"),
        "can_vote": bool(
            mine
            and mine.role == "member"
            and mine.entitled
            and mine.status == "present"
            and voting
            and poll.kind != Poll.Kind.PAPER
        ),
        "mine": mine,
        "voted": scope.person_id is not None and poll.voters.filter(person_id=scope.person_id).exists(),
        "n_voted": poll.voters.count(),
        "outcome": outcome,
        "runoff": runoff,
        "can_runoff": can_runoff,
        "sessions": selectors.open_sessions(cycle) if can_runoff else [],
    }


def _about(candidate: Candidate) -> dict[str, Any]:
    """What a ballot line shows under a candidate project's name: its budget, unit, deadline and description."""
    facts = [
        _("Budget %(cost)s (10,000 yuan)") % {"cost": candidate.cost},
        candidate.funding,
        candidate.unit.name,
        _("done by %(date)s") % {"date": candidate.deadline.isoformat()},
    ]
    return {"facts": [f for f in facts if f], "text": candidate.description}


@login_required
def ballot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, ballot = record_found(request.user, selectors.ballot_get, pk)
    return render(request, "projects/ballot_detail.html", _ballot_context(scope, ballot))


def _ballot_post(
    request: AuthedRequest, pk: int, run: Callable[[Scope, Ballot], Ballot | None], message: str = ""
) -> HttpResponse:
    """A ballot page's POST: `run(scope, ballot)` calls the one service. A refusal shows the page again with the
    reason (400); success shows `message` and goes to the ballot (or to the one `run` returns, a run-off)."""
    scope, ballot = record_found(request.user, selectors.ballot_get, pk)
    try:
        shown = run(scope, ballot) or ballot
    except DomainError as exc:
        fail(request, exc)
        return render(request, "projects/ballot_detail.html", _ballot_context(scope, ballot, request.POST), status=400)
    if message:
        messages.success(request, message)
    return redirect("projects:ballot_detail", pk=shown.pk)


@login_required
@require_POST
def ballot_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(scope: Scope, ballot: Ballot) -> None:
        services.ballot_transition(actor=request.user, scope=scope, ballot=ballot, action=request.POST.get("action", ""))

    return _ballot_post(request, pk, run)


@login_required
@require_POST
def ballot_runoff(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff create the run-off for a published round's tie at the last place, in one action."""

    def run(scope: Scope, ballot: Ballot) -> Ballot:
        meeting = _session(ballot.cycle, request.POST.get("meeting")) if request.POST.get("meeting") else None
        return services.runoff_create(actor=request.user, scope=scope, ballot=ballot, meeting=meeting)

    return _ballot_post(request, pk, run, _("The run-off ballot is set."))


@login_required
def ballot_count(request: AuthedRequest, pk: int) -> HttpResponse:
    """A paper ballot's counted totals as a grid (a row per candidate; for a rank-order ballot a column per rank
    position), entered by each of two staff through the meetings paper count; publication needs them to agree."""
    from renda.meetings.services import paper_count_enter, paper_count_keys, paper_reconciliation

    scope, ballot = record_found(request.user, selectors.ballot_get, pk)
    if not permissions.can_manage_cycle(scope, ballot.cycle) or ballot.kind != Poll.Kind.PAPER:
        raise NotPermitted()
    poll = ballot.poll
    assert poll is not None
    options = list(poll.options.all())
    keys = paper_count_keys(poll.method, poll.max_choices or len(options))
    post: Any = request.POST if request.method == "POST" else {}
    status = 200
    if request.method == "POST":
        try:
            counts = {str(o.pk): {k: count_param(post.get(f"count-{o.pk}-{k}")) for k in keys} for o in options}
            paper_count_enter(
                actor=request.user,
                scope=scope,
                poll=poll,
                counts=counts,
                ballots_total=count_param(post.get("ballots_total")),
                invalid=count_param(post.get("invalid")),
            )
        except DomainError as exc:
            fail(request, exc)
            status = 400
        else:
            messages.success(request, _("Your count is recorded."))
            return redirect("projects:ballot_detail", pk=ballot.pk)
    labels = {"Y": _("for"), "N": _("against"), "A": _("abstain")}
    if poll.method == Poll.Method.PICK:
        labels = {"Y": _("ticks")}
    columns = [(k, labels.get(k) or _("rank %(n)s") % {"n": k}) for k in keys]
    rows = [(o, [(k, f"count-{o.pk}-{k}", post.get(f"count-{o.pk}-{k}", "")) for k in keys]) for o in options]
    context = {
        "ballot": ballot,
        "cycle": ballot.cycle,
        "poll": poll,
        "columns": columns,
        "rows": rows,
        "post": post,
        "counting": POLL.in_group(poll, "counting"),
        "entered": list(poll.paper_counts.select_related("counter").order_by("pk")),
        "reconciliation": paper_reconciliation(poll),
    }
    return render(request, "projects/ballot_count.html", context, status=status)


def _choices(ballot: Ballot, post: QueryDict) -> dict[str, str] | list[int]:
    """The ballot paper as the form posts it: for/against/abstain per candidate, candidates in rank order, or ticks."""
    assert ballot.poll is not None
    options = list(ballot.poll.options.all())
    if ballot.form == Ballot.Form.YNA:
        return {str(o.pk): post.get(f"option-{o.pk}", "") for o in options}
    if ballot.form == Ballot.Form.RANK:
        ranked = sorted(
            (rank, o.pk) for o in options if (rank := int_param(post.get(f"rank-{o.pk}"), high=MAX_COUNT)) is not None
        )
        return [pk for _r, pk in ranked]
    return [n for v in post.getlist("pick") if (n := int_param(v)) is not None]


@login_required
@require_POST
def ballot_vote(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(scope: Scope, ballot: Ballot) -> None:
        services.ballot_vote(actor=request.user, ballot=ballot, choices=_choices(ballot, request.POST))

    return _ballot_post(request, pk, run, _("Your ballot is recorded."))


# --- implementation -----------------------------------------------------------------------------------


def _project_context(scope: Scope, project: Project) -> dict[str, Any]:
    selectors.with_progress([project])
    in_group = selectors.in_group(scope, project)
    return {
        "project": project,
        "rows": list(selectors.progress.walk(project.trees)),
        "reports": list(selectors.reports(project=project)),
        "supervision": list(selectors.supervision(project=project)) if permissions.can_view_supervision(scope, project) else [],
        "can_report": permissions.can_report_progress(scope, project),
        "can_supervise": permissions.can_add_supervision(scope, project, in_group),
        "statuses": list(Status.objects.all()),
        "votes": selectors.vote_lines(project.cycle).get(project.candidate.ref),
        "satisfaction": selectors.satisfaction(project.cycle).get(f"project:{project.pk}"),
        "node_kinds": Node.Kind.choices,
        "today": timezone.localdate().isoformat(),
    }


@login_required
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, project = record_found(request.user, selectors.project_get, pk)
    return render(request, "projects/project_detail.html", _project_context(scope, project))


@login_required
@require_POST
def project_action(request: AuthedRequest, pk: int) -> HttpResponse:
    """report (progress report with files), node (add a result), supervision (a deputy's record)."""
    scope, project = record_found(request.user, selectors.project_get, pk)
    post, action = request.POST, request.POST.get("action", "")
    try:
        if action == "report":
            node = picked(project.nodes.all(), post.get("node"))
            status = picked(Status.objects.all(), post.get("status"))
            services.report_add(
                actor=request.user,
                scope=scope,
                project=project,
                text=post.get("text", ""),
                on=date_param(post.get("on")),
                node=node,
                status=status,
                progress=post.get("progress") or None,
                files=request.FILES.getlist("files"),
                token=post.get("token", ""),
            )
        elif action == "node":
            parent = picked(project.nodes.all(), post.get("parent"))
            services.node_add(
                actor=request.user,
                scope=scope,
                project=project,
                kind=post.get("kind", ""),
                code=post.get("code", ""),
                title=post.get("title", ""),
                weight=post.get("weight") or 1,
                parent=parent,
                due_date=date_param(post.get("due_date")),
            )
        elif action == "supervision":
            services.supervision_add(
                actor=request.user,
                scope=scope,
                project=project,
                kind=post.get("kind", ""),
                on=date_param(post.get("on")),
                text=post.get("text", ""),
                token=post.get("token", ""),
            )
        else:
            raise DomainError(_("Unknown action."))
    except DomainError as exc:
        fail(request, exc)
        project = selectors.project_get(scope=scope, pk=pk)
        return render(request, "projects/project_detail.html", _project_context(scope, project), status=400)
    messages.success(request, _("Saved."))
    return redirect("projects:project_detail", pk=project.pk)


@login_required
def bulk_update(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_bulk_update)
    if request.GET.get("template"):
        data = template_bytes(
            services.BULK_HEADERS,
            ["12", "2.2", "实施中", "60", "2017-07-20", "主体施工完成六成"],
            notes=[
                _("One row per result. 项目编号 is the project's number, 成果编号 the result's code."),
                _("状态 is a status name; 进度(%) may be left empty to use the status's default."),
                _("A bad row rejects the whole file; nothing is imported."),
            ],
        )
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = "attachment; filename=progress-template.xlsx"
        return response
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DomainError(_("Choose a file."))
            reports = services.bulk_update(actor=request.user, scope=scope, data=upload.read())
        except DomainError as exc:
            fail(request, exc)
            return render(request, "projects/bulk.html", {}, status=400)
        messages.success(request, _("%(n)d progress updates imported.") % {"n": len(reports)})
        return redirect("projects:project_list")
    return render(request, "projects/bulk.html", {})


@login_required
def item_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress report heard by a mid-year session's agenda item, computed from the records."""
    scope = scope_for(request.user)
    item, cycle, projects, on = selectors.item_report(scope=scope, item_pk=pk)
    return render(
        request, "projects/item_report.html", {"item": item, "cycle": cycle, "projects": projects, "on": on, "public": False}
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    scope, a = record_found(request.user, selectors.attachment_get, pk)
    return FileResponse(a.file.open("rb"), filename=a.title)


# --- public -------------------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    projects = selectors.public_projects(filters)
    congresses = (
        Body.objects.filter(kind=Body.Kind.CONGRESS, project_cycles__state__in=selectors.PUBLIC_STATES)
        .distinct()
        .order_by("region__path")
    )
    context = {
        "congresses": congresses,
        "filters": filters,
        "collecting": list(selectors.collecting_cycles()),
    }
    return list_or_export(
        request,
        selectors.ProgressRows(projects),
        template="projects/public_list.html",
        context=context,
        export=_project_export(),
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.public_project_get(pk)
    selectors.with_progress([project])
    reports = list(selectors.reports(project=project))
    return render(
        request,
        "projects/public_detail.html",
        {
            "project": project,
            "rows": list(selectors.progress.walk(project.trees)),
            "reports": reports,
            "photos": [a for r in reports for a in r.attachments.all() if a.kind == "photo"],
            "votes": selectors.vote_lines(project.cycle).get(project.candidate.ref),
            "satisfaction": selectors.satisfaction(project.cycle).get(f"project:{project.pk}"),
        },
    )


def public_propose(request: HttpRequest) -> HttpResponse:
    """Propose a candidate project without an account: step 1 asks for a code by SMS, step 2 submits with it."""
    cycles = list(selectors.collecting_cycles())
    data: Any = request.POST if request.method == "POST" else {}
    context = {"cycles": cycles, "data": data, "token": data.get("token") or uuid.uuid4().hex, "code_sent": False}
    if request.method != "POST":
        return render(request, "projects/public_propose.html", context)
    cycle = next((c for c in cycles if c.pk == int_param(data.get("cycle"))), None)
    try:
        if cycle is None:
            raise DomainError(_("Choose the congress you propose to."))
        if data.get("step") == "code":
            services.proposal_code_request(cycle=cycle, phone=data.get("phone", ""), client_ip=client_ip.get())
            context["code_sent"] = True
            messages.info(request, _("A confirmation code was sent to your phone."))
            return render(request, "projects/public_propose.html", context)
        proposal = services.proposal_submit_public(
            cycle=cycle,
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            code=data.get("code", ""),
            title=data.get("title", ""),
            description=data.get("description", ""),
            token=data.get("token", ""),
        )
    except DomainError as exc:
        fail(request, exc)
        context["code_sent"] = data.get("step") != "code"
        return render(request, "projects/public_propose.html", context, status=400)
    return render(request, "projects/public_thanks.html", {"proposal": proposal, "cycle": cycle})


def public_item_report(request: HttpRequest, pk: int) -> HttpResponse:
    item, cycle, projects, on = selectors.item_report(scope=None, item_pk=pk)
    return render(
        request, "projects/item_report.html", {"item": item, "cycle": cycle, "projects": projects, "on": on, "public": True}
    )
