"""API of the livelihood-projects app: cycles and candidates, the ballot and its result, the vote, progress."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.core.cache import cache
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile

from renda.core import schemas
from renda.core.context import client_ip
from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.requests import AuthedRequest
from renda.core.routes import Record, conflicts, found, named, vote_answer
from renda.core.schemas import ActionOut, Day, ErrorOut, Id, PageNumber, PageSize, Year
from renda.meetings import services as meeting_services
from renda.org.models import Body
from renda.org.scoping import Scope, record_allowed, scope_allowed, scope_for
from renda.org.selectors import unit_queryset

from . import permissions, selectors, services
from .lifecycles import CYCLE, PROPOSAL
from .models import Ballot, Cycle, Project, Proposal, Status
from .rules import DESCRIPTION_MAX

router = Router(tags=["projects"])


# A run-off without a tie to settle, or a vote already recorded, answers 409 (a conflict) besides the shared errors.
ERRORS = {**schemas.ERRORS, 409: ErrorOut}
F = TypeVar("F", bound=Callable[..., Any])


def _post(path: str, out: Any, summary: str) -> Callable[[F], F]:
    """A write of the app's: answered with `out`, or with the errors every write here declares."""
    return router.post(path, response={200: out, **ERRORS}, summary=summary)


class CycleOut(Schema):
    id: int
    year: int
    congress_id: int
    congress: str
    state: str
    places: int
    candidates: int
    adopted: int
    ballot_id: int | None
    rounds: list[int]  # ballot ids: the ballot, then its run-offs


class CycleDetailOut(CycleOut):
    actions: list[ActionOut]  # what the caller may do with the cycle now


class ProjectCandidateOut(Schema):
    id: int
    order: int
    title: str
    cost: Decimal
    funding: str
    unit: str
    deadline: datetime.date


class LineOut(Schema):
    candidate_ref: str
    text: str
    counts: dict[str, int]
    approval: int
    score: int
    rank: int
    eligible: bool
    adopted: bool
    tied: bool


class BallotOut(Schema):
    id: int
    cycle_id: int
    round: int  # 1 = the ballot; 2, 3, … run-offs of a tie at the last place
    previous_id: int | None  # the round a run-off decides
    runoff_id: int | None  # this round's run-off, once set
    places: int  # places this round fills
    meeting_id: int
    poll_id: int | None
    state: str
    form: str
    kind: str
    max_choices: int | None
    threshold: str
    tie_rule: str
    options: dict[str, int]  # candidate ref → option id to vote with
    base: int | None = None
    required: int | None = None
    cast: int | None = None
    result: list[LineOut] | None = None
    actions: list[ActionOut] = []  # what the caller may do with this round now


class RunoffIn(Schema):
    meeting_id: Id | None = None  # a session of the cycle's congress; default: the round's own session


class ProjectVoteIn(Schema):
    choices: dict[str, str] | list[Id]


class ProjectVoteOut(Schema):
    status: str


class NodeOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    depth: int
    weight: Decimal
    status: str | None
    progress: Decimal
    due_date: datetime.date | None
    overdue: bool


class ProjectReportOut(Schema):
    id: int
    reported_on: datetime.date
    node: str | None
    text: str


class ProjectOut(Schema):
    id: int
    year: int
    congress: str
    title: str
    unit: str
    rank: int
    deadline: datetime.date
    progress: Decimal
    overdue: int


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProjectOut]


class ProgressOut(ProjectOut):
    nodes: list[NodeOut]
    reports: list[ProjectReportOut]
    actions: list[ActionOut]  # what the caller may do on the project now


def _project_out(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "year": p.cycle.year,
        "congress": p.cycle.congress.name,
        "title": p.title,
        "unit": p.unit.name,
        "rank": p.rank,
        "deadline": p.deadline,
        "progress": p.progress,
        "overdue": len(p.overdue),
    }


def _cycle_out(c: Cycle, rounds: list[int]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "year": c.year,
        "congress_id": c.congress_id,
        "congress": c.congress.name,
        "state": c.state,
        "places": c.places,
        "candidates": c.n_candidates,  # type: ignore[attr-defined]
        "adopted": c.n_projects,  # type: ignore[attr-defined]
        "ballot_id": rounds[0] if rounds else None,
        "rounds": rounds,
    }


def _rounds(cycles: list[Cycle]) -> dict[int, list[int]]:
    rounds: dict[int, list[int]] = {}
    for cycle_id, pk in Ballot.objects.filter(cycle__in=[c.pk for c in cycles]).order_by("round").values_list("cycle_id", "pk"):
        rounds.setdefault(cycle_id, []).append(pk)
    return rounds


@router.get("/cycles", response={200: list[CycleOut], **ERRORS}, summary="Yearly cycles the caller may see")
def cycles(request: AuthedRequest, year: Year | None = None) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    rows = list(selectors.cycle_list(scope=scope, filters=selectors.Filters(year=year)))
    rounds = _rounds(rows)
    return [_cycle_out(c, rounds.get(c.pk, [])) for c in rows]


@router.get("/cycles/{cycle_id}", response={200: CycleDetailOut, **ERRORS}, summary="A yearly cycle and what the caller may do")
def cycle(request: AuthedRequest, cycle_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    selectors.cycle_get(scope=scope, pk=cycle_id)  # 404 outside scope
    row = selectors.cycle_list(scope=scope).get(pk=cycle_id)
    return {**_cycle_out(row, _rounds([row]).get(row.pk, [])), "actions": actions_payload(CYCLE.available(row, scope))}


@router.get("/cycles/{cycle_id}/candidates", response={200: list[ProjectCandidateOut], **ERRORS}, summary="The candidate list")
def cycle_candidates(request: AuthedRequest, cycle_id: Id) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    cycle = selectors.cycle_get(scope=scope, pk=cycle_id)
    return [
        {
            "id": c.pk,
            "order": c.order,
            "title": c.title,
            "cost": c.cost,
            "funding": c.funding,
            "unit": c.unit.name,
            "deadline": c.deadline,
        }
        for c in selectors.candidates(cycle=cycle)
    ]


@router.get(
    "/ballots/{ballot_id}", response={200: BallotOut, **ERRORS}, summary="A ballot: its rules, and its result once published"
)
def ballot(request: AuthedRequest, ballot_id: Id) -> dict[str, Any]:
    return BALLOTS.read(request, ballot_id)


def _ballot_out(scope: Scope, b: Ballot) -> dict[str, Any]:
    poll = b.poll
    out: dict[str, Any] = {
        "id": b.pk,
        "cycle_id": b.cycle_id,
        "round": b.round,
        "previous_id": b.previous_id,
        "runoff_id": Ballot.objects.filter(previous=b).values_list("pk", flat=True).first(),
        "places": b.seats,
        "meeting_id": b.meeting_id,
        "poll_id": b.poll_id,
        "state": poll.state if poll else "created",
        "form": b.form,
        "kind": b.kind,
        "max_choices": b.max_choices,
        "threshold": b.threshold,
        "tie_rule": b.tie_rule,
        "options": {o.ref: o.pk for o in poll.options.all()} if poll else {},
    }
    outcome = selectors.shown_outcome(b, permissions.can_manage_cycle(scope, b.cycle))
    if outcome is not None:
        out.update(
            base=outcome.base,
            required=outcome.required,
            cast=outcome.cast,
            result=[{**vars(line), "candidate_ref": line.ref} for line in outcome.lines],
        )
    out["actions"] = actions_payload(selectors.ballot_actions(scope, b, outcome))
    return out


# A ballot in the caller's scope (404 outside); a move its state (or a missing quorum) does not allow answers 409.
BALLOTS = Record(scope=scope_for, get=selectors.ballot_get, detail=_ballot_out, name="ballot", conflicts=True)


@_post("/ballots/{ballot_id}/runoff", BallotOut, "Set the run-off for a tie at the last place")
def ballot_runoff(request: AuthedRequest, ballot_id: Id, payload: RunoffIn) -> Any:
    """Staff who run the cycle: a run-off ballot among the projects tied at the last place of this published round,
    for the places still free (see the guide for its form). 409 when the round has no such tie, already has a
    run-off, or the cycle's evaluation has begun; nothing changes."""
    scope = scope_for(request.user)
    b = selectors.ballot_get(scope=scope, pk=ballot_id)
    meeting = None
    if payload.meeting_id is not None:
        meeting = selectors.congress_session(b.cycle, payload.meeting_id)
        if meeting is None:
            return Answer(422, {"detail": _("Choose the session.")})
    with conflicts():
        runoff = services.runoff_create(actor=request.user, scope=scope, ballot=b, meeting=meeting)
    return _ballot_out(scope, selectors.ballot_get(scope=scope, pk=runoff.pk))


def _poll_of_ballot(ballot_id: int) -> int | None:
    """A ballot's poll never changes once set (`ballot_configure` edits the poll in place), so the mapping is
    cached without expiry; an unknown ballot is not cached."""
    key = f"renda:projects:ballot-poll:{ballot_id}"
    poll_id = cache.get(key)
    if poll_id is None:
        poll_id = Ballot.objects.filter(pk=ballot_id).values_list("poll_id", flat=True).first()
        if poll_id is not None:
            cache.set(key, poll_id, None)
    return poll_id


@_post("/ballots/{ballot_id}/vote", ProjectVoteOut, "Cast the calling deputy's ballot")
def ballot_vote(request: AuthedRequest, ballot_id: Id, payload: ProjectVoteIn) -> Any:
    """choices: for/against/abstain {option id: "Y"|"N"|"A"} for every candidate; tick-N a list of at most N option
    ids; rank a list of option ids, first = rank 1. A ballot with more ticks than allowed is rejected whole (422).
    409 when the caller's ballot is already recorded; nothing changes."""
    # The hot path: the ballot's poll (fixed when the ballot is set up, so read through the shared cache), then the
    # meetings vote (entitlement: a present voting member of the session; validation; one ballot per deputy by the
    # database; ballot row; audit event).
    poll_id = found(_poll_of_ballot(ballot_id))
    cast = lambda: meeting_services.poll_vote(actor=request.user, poll_id=poll_id, choices=payload.choices)  # noqa: E731
    return vote_answer(cast, already=meeting_services.AlreadyVoted)


@router.get("/projects", response={200: ProjectPage, **ERRORS}, summary="Adopted projects the caller may see, with progress")
def projects(request: AuthedRequest, page: PageNumber = 1, page_size: PageSize = 50, year: Year | None = None) -> dict[str, Any]:
    scope = scope_for(request.user)
    qs = selectors.project_list(scope=scope, filters=selectors.Filters(year=year))
    page_size, page = max(1, min(page_size, 200)), max(1, page)
    rows = selectors.with_progress(qs[(page - 1) * page_size : page * page_size])
    return {"count": qs.count(), "page": page, "page_size": page_size, "items": [_project_out(p) for p in rows]}


@router.get("/projects/{project_id}/progress", response={200: ProgressOut, **ERRORS}, summary="A project's results and reports")
def project_progress(request: AuthedRequest, project_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    p = selectors.project_get(scope=scope, pk=project_id)
    selectors.with_progress([p])
    nodes = [
        {
            "id": t.node.pk,
            "code": t.node.code,
            "title": t.node.title,
            "kind": t.node.kind,
            "depth": depth,
            "weight": t.node.weight,
            "status": t.node.status.key if t.node.status_id else None,
            "progress": selectors.progress.rounded(t.progress),
            "due_date": t.node.due_date,
            "overdue": t.overdue,
        }
        for depth, t in selectors.progress.walk(p.trees)
    ]
    reports = [
        {"id": r.pk, "reported_on": r.reported_on, "node": r.node.code if r.node else None, "text": r.text}
        for r in selectors.reports(project=p)
    ]
    return {
        **_project_out(p),
        "nodes": nodes,
        "reports": reports,
        "actions": actions_payload(selectors.project_actions(scope, p)),
    }


# --- writes: every write of the cycle, ballot and project pages, through the same services (issue #15) -------------

# The page writes these operations twin (tests/test_api_coverage.py). A paper ballot's count is the meetings paper
# count of the ballot's poll (`poll_id` of the ballot), the service the page calls.
PAGE_TWINS = {
    "projects:cycle_create": "POST /api/projects/cycles",
    "projects:cycle_action": {
        "close_proposals, review, evaluate, …": "POST /api/projects/cycles/{cycle_id}/actions",
        "candidate": "POST /api/projects/cycles/{cycle_id}/candidates",
        "shortlist, decline": "POST /api/projects/proposals/{proposal_id}/decision",
        "ballot": "POST /api/projects/cycles/{cycle_id}/ballot",
        "evaluation": "POST /api/projects/cycles/{cycle_id}/evaluation",
    },
    "projects:proposal_add": "POST /api/projects/cycles/{cycle_id}/proposals",
    "projects:ballot_transition": "POST /api/projects/ballots/{ballot_id}/actions",
    "projects:ballot_vote": "POST /api/projects/ballots/{ballot_id}/vote",
    "projects:ballot_runoff": "POST /api/projects/ballots/{ballot_id}/runoff",
    "projects:ballot_count": "POST /api/meetings/polls/{poll_id}/paper-counts",
    "projects:project_action": {
        "report": "POST /api/projects/projects/{project_id}/reports",
        "node": "POST /api/projects/projects/{project_id}/results",
        "supervision": "POST /api/projects/projects/{project_id}/supervision",
    },
    "projects:bulk_update": "POST /api/projects/progress/import",
    "projects:public_propose": {
        "code": "POST /api/projects/public/code",
        "submit": "POST /api/projects/public/proposals",
    },
}

Title = Annotated[str, Field(max_length=200)]
Token = Annotated[str, Field(max_length=64)]
Note = Annotated[str, Field(max_length=500)]


def _run_cycle(request: AuthedRequest, cycle_id: int) -> tuple[Scope, Cycle]:
    """The cycle for staff who run it: 404 outside the caller's scope, 403 for those who only see it (before the
    input is looked at)."""
    scope, cycle = record_allowed(request.user, selectors.cycle_get, cycle_id, permissions.can_manage_cycle)
    return scope, cycle


def _cycle_detail(scope: Scope, cycle_id: int) -> dict[str, Any]:
    row = selectors.cycle_list(scope=scope).get(pk=cycle_id)
    return {**_cycle_out(row, _rounds([row]).get(row.pk, [])), "actions": actions_payload(CYCLE.available(row, scope))}


class CycleIn(Schema):
    congress_id: Id
    year: Year
    places: Annotated[int, Field(ge=1, le=1000)]


@_post("/cycles", CycleDetailOut, "Open a yearly cycle for a congress the caller runs")
def cycle_create(request: AuthedRequest, payload: CycleIn) -> Any:
    """One cycle a year per congress: the same cycle sent again answers it; another for a year taken is 422."""
    scope = scope_allowed(request.user, permissions.can_create_cycles)
    congress = Body.objects.filter(pk=payload.congress_id, kind=Body.Kind.CONGRESS).first()
    if congress is None or not permissions.can_create_cycle_for(scope, congress):
        raise DomainError(_("Choose a congress you run."))
    cycle = services.cycle_create(actor=request.user, scope=scope, congress=congress, year=payload.year, places=payload.places)
    return _cycle_detail(scope, cycle.pk)


class CycleActionIn(Schema):
    action: Annotated[str, Field(max_length=32)]
    review_body_id: Id | None = None
    note: Note = ""
    on: Day | None = None


@_post(
    "/cycles/{cycle_id}/actions",
    CycleDetailOut,
    "Move a cycle (the actions its `actions` offer: close proposals, review, evaluate …)",
)
def cycle_action(request: AuthedRequest, cycle_id: Id, payload: CycleActionIn) -> Any:
    """Staff who run the cycle. A move already made answers the cycle unchanged; 409 when its state does not allow it."""
    scope, cycle = _run_cycle(request, cycle_id)
    if payload.action not in services.CYCLE_ACTIONS:
        raise DomainError(_("Unknown action."))
    body = Body.objects.filter(pk=payload.review_body_id).first() if payload.review_body_id else None
    with conflicts():
        services.cycle_transition(
            actor=request.user,
            scope=scope,
            cycle=cycle,
            action=payload.action,
            review_body=body,
            note=payload.note,
            on=payload.on,
        )
    return _cycle_detail(scope, cycle_id)


class ProjectCandidateIn(Schema):
    title: Title
    description: Annotated[str, DESCRIPTION_MAX] = ""
    cost: Annotated[Decimal, Field(ge=0, le=Decimal("1000000000"), decimal_places=2)]
    funding: Annotated[str, Field(max_length=100)]
    unit_id: Id
    deadline: Day | None = None
    proposal_id: Id | None = None


@_post("/cycles/{cycle_id}/candidates", ProjectCandidateOut, "Add a candidate project to the list")
def candidate_add(request: AuthedRequest, cycle_id: Id, payload: ProjectCandidateIn) -> Any:
    """Staff who run the cycle, while the candidate list is open (409 after); `proposal_id`: the proposal it grows from."""
    scope, cycle = _run_cycle(request, cycle_id)
    unit = unit_queryset(scope).filter(pk=payload.unit_id).first()
    if unit is None:
        raise DomainError(_("Choose the responsible unit."))
    proposal = cycle.proposals.filter(pk=payload.proposal_id).first() if payload.proposal_id else None
    if payload.proposal_id and proposal is None:
        raise DomainError(_("Choose a proposal."))
    with conflicts():
        c = services.candidate_add(
            actor=request.user, scope=scope, cycle=cycle, title=payload.title, description=payload.description,
            cost=payload.cost, funding=payload.funding, unit=unit, deadline=payload.deadline, proposal=proposal,
        )  # fmt: skip
    return {"id": c.pk, "order": c.order, "title": c.title, "cost": c.cost, "funding": c.funding, "unit": c.unit.name,
            "deadline": c.deadline}  # fmt: skip


class ProposalOut(Schema):
    id: int
    cycle_id: int
    title: str
    state: str
    reason: str


def _proposal_out(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "cycle_id": p.cycle_id, "title": p.title, "state": p.state, "reason": p.reason}


class ProjectDecisionIn(Schema):
    decision: Annotated[str, Field(max_length=32)]
    reason: Annotated[str, Field(max_length=300)]


@_post("/proposals/{proposal_id}/decision", ProposalOut, "Shortlist or decline a proposal, with the reason")
def proposal_decision(request: AuthedRequest, proposal_id: Id, payload: ProjectDecisionIn) -> Any:
    """`decision`: shortlist or decline; a decision may be revised while the candidate list is open (409 after)."""
    scope = scope_for(request.user)
    proposal = named(Proposal.objects.all(), proposal_id)
    if not permissions.can_manage_cycle(scope, selectors.cycle_get(scope=scope, pk=proposal.cycle_id)):  # 404 outside
        raise NotPermitted()
    if payload.decision not in PROPOSAL.actions:
        raise DomainError(_("Unknown action."))
    with conflicts():
        proposal = services.proposal_decide(
            actor=request.user, scope=scope, proposal=proposal, decision=payload.decision, reason=payload.reason
        )
    return _proposal_out(proposal)


class BallotIn(Schema):
    meeting_id: Id
    form: Annotated[str, Field(max_length=16)] | None = None
    kind: Annotated[str, Field(max_length=16)] | None = None
    max_choices: Annotated[int, Field(ge=1, le=1000)] | None = None
    threshold: Annotated[str, Field(max_length=16)] | None = None
    tie_rule: Annotated[str, Field(max_length=16)] | None = None


@_post("/cycles/{cycle_id}/ballot", BallotOut, "Set up (or edit) the cycle's ballot at a session")
def ballot_configure(request: AuthedRequest, cycle_id: Id, payload: BallotIn) -> Any:
    """A session of the cycle's congress (422 otherwise); form, kind, max_choices, threshold and tie_rule as on the
    cycle page (the rules' defaults when left out). 409 once voting has begun."""
    scope, cycle = _run_cycle(request, cycle_id)
    meeting = selectors.congress_session(cycle, payload.meeting_id)
    if meeting is None:
        raise DomainError(_("Choose the session."))
    with conflicts():
        b = services.ballot_configure(
            actor=request.user, scope=scope, cycle=cycle, meeting=meeting, form=payload.form, kind=payload.kind,
            max_choices=payload.max_choices, threshold=payload.threshold, tie_rule=payload.tie_rule,
        )  # fmt: skip
    return _ballot_out(scope, selectors.ballot_get(scope=scope, pk=b.pk))


class ProjectSessionIn(Schema):
    meeting_id: Id


class EvaluationOut(Schema):
    id: int
    cycle_id: int
    meeting_id: int
    poll_id: int | None


@_post("/cycles/{cycle_id}/evaluation", EvaluationOut, "Set up the year-end satisfaction evaluation at a session")
def evaluation_create(request: AuthedRequest, cycle_id: Id, payload: ProjectSessionIn) -> Any:
    scope, cycle = _run_cycle(request, cycle_id)
    meeting = selectors.congress_session(cycle, payload.meeting_id)
    if meeting is None:
        raise DomainError(_("Choose the session."))
    with conflicts():
        e = services.evaluation_create(actor=request.user, scope=scope, cycle=cycle, meeting=meeting)
    return {"id": e.pk, "cycle_id": e.cycle_id, "meeting_id": e.meeting_id, "poll_id": e.poll_id}


class ProposalIn(Schema):
    title: Title
    description: Annotated[str, DESCRIPTION_MAX] = ""
    token: Token = ""


@_post("/cycles/{cycle_id}/proposals", ProposalOut, "Propose a candidate project (a deputy of the congress or a unit clerk)")
def proposal_add(request: AuthedRequest, cycle_id: Id, payload: ProposalIn) -> Any:
    """While the cycle collects proposals (409 otherwise); the same `token` again answers the proposal already made."""
    scope = scope_for(request.user)
    cycle = selectors.proposable_cycle(scope=scope, pk=cycle_id)
    with conflicts():
        p = services.proposal_submit(
            actor=request.user,
            scope=scope,
            cycle=cycle,
            title=payload.title,
            description=payload.description,
            token=payload.token,
        )
    return _proposal_out(p)


class BallotActionIn(Schema):
    action: Annotated[str, Field(max_length=32)]


@_post("/ballots/{ballot_id}/actions", BallotOut, "Move a ballot (the actions its `actions` offer: open, close, publish …)")
def ballot_action(request: AuthedRequest, ballot_id: Id, payload: BallotActionIn) -> Any:
    """409 with the reason when the ballot's state (or a missing quorum) does not allow the move; nothing changes."""
    return BALLOTS.call(request, ballot_id, services.ballot_transition, action=payload.action)


class ProjectReportIn(Schema):
    text: Annotated[str, DESCRIPTION_MAX]
    on: Day | None = None
    node_id: Id | None = None
    status: Annotated[str, Field(max_length=24)] = ""
    progress: Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)] | None = None
    token: Token = ""


@_post(
    "/projects/{project_id}/reports",
    ProgressOut,
    "Report progress on a project or one of its results (multipart: the fields, and `files`)",
)
def report_add(
    request: AuthedRequest,
    project_id: Id,
    payload: Form[ProjectReportIn],
    files: list[UploadedFile] = File(None),  # noqa: B008
) -> Any:
    """The responsible unit (and staff). `node_id`: the result reported on; `status`: a status key (its default
    progress applies when `progress` is left out). The same `token` again records the report once."""
    scope = scope_for(request.user)
    project = selectors.project_get(scope=scope, pk=project_id)
    node = project.nodes.filter(pk=payload.node_id).first() if payload.node_id else None
    if payload.node_id and node is None:
        raise DomainError(_("Choose a result of this project."))
    status = Status.objects.filter(key=payload.status).first() if payload.status else None
    if payload.status and status is None:
        raise DomainError(_("Choose a status."))
    with conflicts():
        services.report_add(
            actor=request.user, scope=scope, project=project, text=payload.text, on=payload.on, node=node, status=status,
            progress=payload.progress, files=files or [], token=payload.token,
        )  # fmt: skip
    return project_progress(request, project_id)


class NodeIn(Schema):
    kind: Annotated[str, Field(max_length=16)]
    code: Annotated[str, Field(max_length=20)]
    title: Title
    weight: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=2)] = Decimal(1)
    parent_id: Id | None = None
    due_date: Day | None = None


@_post("/projects/{project_id}/results", ProgressOut, "Add a result (or a milestone) to a project")
def node_add(request: AuthedRequest, project_id: Id, payload: NodeIn) -> Any:
    """`parent_id`: the result it belongs to; `code` is unique within the project (the same result again is 422)."""
    scope = scope_for(request.user)
    project = selectors.project_get(scope=scope, pk=project_id)
    parent = project.nodes.filter(pk=payload.parent_id).first() if payload.parent_id else None
    if payload.parent_id and parent is None:
        raise DomainError(_("Choose a result of this project."))
    with conflicts():
        services.node_add(
            actor=request.user, scope=scope, project=project, kind=payload.kind, code=payload.code, title=payload.title,
            weight=payload.weight, parent=parent, due_date=payload.due_date,
        )  # fmt: skip
    return project_progress(request, project_id)


class SupervisionIn(Schema):
    kind: Annotated[str, Field(max_length=16)]
    on: Day | None = None
    text: Annotated[str, DESCRIPTION_MAX]
    token: Token = ""


class SupervisionOut(Schema):
    id: int
    project_id: int
    kind: str
    on: datetime.date
    text: str


@_post(
    "/projects/{project_id}/supervision",
    SupervisionOut,
    "A supervising deputy records an inspection or a suggestion on the project",
)
def supervision_add(request: AuthedRequest, project_id: Id, payload: SupervisionIn) -> Any:
    """Deputies of a supervision group assigned to the project (403 for others); the same `token` records it once."""
    scope = scope_for(request.user)
    project = selectors.project_get(scope=scope, pk=project_id)
    r = services.supervision_add(
        actor=request.user, scope=scope, project=project, kind=payload.kind, on=payload.on, text=payload.text, token=payload.token
    )
    return {"id": r.pk, "project_id": r.project_id, "kind": r.kind, "on": r.on, "text": r.text}


class ImportOut(Schema):
    reports: int


@_post(
    "/progress/import",
    ImportOut,
    "Import progress updates from the Excel template (multipart: file); a bad row rejects the whole file",
)
def progress_import(request: AuthedRequest, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """The template of the bulk page (项目编号, 成果编号, 状态, 进度(%), 日期, 说明); 422 with the rows that fail."""
    scope = scope_allowed(request.user, permissions.can_bulk_update)
    return {"reports": len(services.bulk_update(actor=request.user, scope=scope, data=file.read()))}


class PublicCodeIn(Schema):
    cycle_id: Id
    phone: Annotated[str, Field(max_length=30)]


@router.post(
    "/public/code",
    auth=None,
    response={200: dict, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Send a one-time code to a member of the public who proposes a project",
)
def public_code(request: Any, payload: PublicCodeIn) -> Any:
    """Only for a cycle collecting proposals (404 otherwise); 429 past the rate limits."""
    cycle = named(selectors.collecting_cycles(), payload.cycle_id)
    try:
        services.proposal_code_request(cycle=cycle, phone=payload.phone, client_ip=client_ip.get())
    except DomainError as exc:
        return Answer(429 if exc.code == "rate_limited" else 422, {"detail": " ".join(exc.messages)})
    return {"sent": True}


class PublicProposalIn(Schema):
    cycle_id: Id
    name: Annotated[str, Field(max_length=50)]
    phone: Annotated[str, Field(max_length=30)]
    code: Annotated[str, Field(max_length=6)]
    title: Title
    description: Annotated[str, DESCRIPTION_MAX] = ""
    token: Token = ""


class PublicProposalOut(Schema):
    id: int
    cycle_id: int
    title: str


@router.post(
    "/public/proposals",
    auth=None,
    response={200: PublicProposalOut, 404: ErrorOut, 422: ErrorOut},
    summary="A member of the public proposes a project (phone confirmed by the code)",
)
def public_proposal(request: Any, payload: PublicProposalIn) -> Any:
    """The same `token` again answers the proposal already made (the used code is not asked again)."""
    cycle = named(selectors.collecting_cycles(), payload.cycle_id)
    p = services.proposal_submit_public(
        cycle=cycle, name=payload.name, phone=payload.phone, code=payload.code, title=payload.title,
        description=payload.description, token=payload.token,
    )  # fmt: skip
    return {"id": p.pk, "cycle_id": p.cycle_id, "title": p.title}
