"""API of the livelihood-projects app: cycles and candidates, the ballot and its result, the vote, progress."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core import schemas
from renda.core.errors import InvalidTransition, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.requests import AuthedRequest
from renda.core.schemas import ActionOut, ErrorOut
from renda.meetings import services as meeting_services
from renda.org.scoping import Scope, scope_for

from . import permissions, selectors, services
from .lifecycles import CYCLE
from .models import Ballot, Cycle, Project

router = Router(tags=["projects"])


# A run-off without a tie to settle, or a vote already recorded, answers 409 (a conflict) besides the shared errors.
ERRORS = {**schemas.ERRORS, 409: ErrorOut}


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


class CandidateOut(Schema):
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
    meeting_id: int | None = None  # a session of the cycle's congress; default: the round's own session


class VoteIn(Schema):
    choices: dict[str, str] | list[int]


class VoteOut(Schema):
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


class ReportOut(Schema):
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
    reports: list[ReportOut]
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
def cycles(request: AuthedRequest, year: int | None = None) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    rows = list(selectors.cycle_list(scope=scope, filters=selectors.Filters(year=year)))
    rounds = _rounds(rows)
    return [_cycle_out(c, rounds.get(c.pk, [])) for c in rows]


@router.get("/cycles/{cycle_id}", response={200: CycleDetailOut, **ERRORS}, summary="A yearly cycle and what the caller may do")
def cycle(request: AuthedRequest, cycle_id: int) -> dict[str, Any]:
    scope = scope_for(request.user)
    selectors.cycle_get(scope=scope, pk=cycle_id)  # 404 outside scope
    row = selectors.cycle_list(scope=scope).get(pk=cycle_id)
    return {**_cycle_out(row, _rounds([row]).get(row.pk, [])), "actions": actions_payload(CYCLE.available(row, scope))}


@router.get("/cycles/{cycle_id}/candidates", response={200: list[CandidateOut], **ERRORS}, summary="The candidate list")
def cycle_candidates(request: AuthedRequest, cycle_id: int) -> list[dict[str, Any]]:
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
def ballot(request: AuthedRequest, ballot_id: int) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _ballot_out(scope, selectors.ballot_get(scope=scope, pk=ballot_id))


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


@router.post(
    "/ballots/{ballot_id}/runoff", response={200: BallotOut, **ERRORS}, summary="Set the run-off for a tie at the last place"
)
def ballot_runoff(request: AuthedRequest, ballot_id: int, payload: RunoffIn) -> Any:
    """Staff who run the cycle: a run-off ballot among the projects tied at the last place of this published round,
    for the places still free (see the guide for its form). 409 when the round has no such tie, already has a
    run-off, or the cycle's evaluation has begun; nothing changes."""
    scope = scope_for(request.user)
    b = selectors.ballot_get(scope=scope, pk=ballot_id)
    meeting = None
    if payload.meeting_id is not None:
        meeting = selectors.congress_session(b.cycle, payload.meeting_id)
        if meeting is None:
            return 422, {"detail": _("Choose the session.")}
    try:
        runoff = services.runoff_create(actor=request.user, scope=scope, ballot=b, meeting=meeting)
    except InvalidTransition as exc:
        return 409, {"detail": " ".join(exc.messages)}
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


@router.post("/ballots/{ballot_id}/vote", response={200: VoteOut, **ERRORS}, summary="Cast the calling deputy's ballot")
def ballot_vote(request: AuthedRequest, ballot_id: int, payload: VoteIn) -> Any:
    """choices: for/against/abstain {option id: "Y"|"N"|"A"} for every candidate; tick-N a list of at most N option
    ids; rank a list of option ids, first = rank 1. A ballot with more ticks than allowed is rejected whole (422).
    409 when the caller's ballot is already recorded; nothing changes."""
    # The hot path: the ballot's poll (fixed when the ballot is set up, so read through the shared cache), then the
    # meetings vote (entitlement: a present voting member of the session; validation; one ballot per deputy by the
    # database; ballot row; audit event).
    poll_id = _poll_of_ballot(ballot_id)
    if poll_id is None:
        raise Http404
    try:
        status = meeting_services.poll_vote(actor=request.user, poll_id=poll_id, choices=payload.choices)
    except meeting_services.AlreadyVoted as exc:
        return 409, {"detail": " ".join(exc.messages)}
    except NotPermitted as exc:
        if exc.hide:
            raise Http404 from None
        raise
    return {"status": status}


@router.get("/projects", response={200: ProjectPage, **ERRORS}, summary="Adopted projects the caller may see, with progress")
def projects(request: AuthedRequest, page: int = 1, page_size: int = 50, year: int | None = None) -> dict[str, Any]:
    scope = scope_for(request.user)
    qs = selectors.project_list(scope=scope, filters=selectors.Filters(year=year))
    page_size, page = max(1, min(page_size, 200)), max(1, page)
    rows = selectors.with_progress(qs[(page - 1) * page_size : page * page_size])
    return {"count": qs.count(), "page": page, "page_size": page_size, "items": [_project_out(p) for p in rows]}


@router.get("/projects/{project_id}/progress", response={200: ProgressOut, **ERRORS}, summary="A project's results and reports")
def project_progress(request: AuthedRequest, project_id: int) -> dict[str, Any]:
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
