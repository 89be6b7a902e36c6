"""The supervision API of unit evaluations (工作评议): rounds, the units they evaluate, self-reports, deputies'
opinions, the satisfaction votes with their results and ranking, and the problems each unit rectifies."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from renda.core.lifecycle import actions_payload
from renda.core.routes import fields, page_payload, page_schema
from renda.core.schemas import ERRORS, ActionOut, Day, ErrorOut, Id, PageNumber, PageSize, SmallCount, Year
from renda.meetings.models import Poll
from renda.org.models import Body, Deputy, Unit
from renda.org.scoping import ANONYMOUS, Scope, scope_for

from .. import permissions, selectors, services
from ..lifecycles import PROBLEM, ROUND, round_actions
from ..models import EvaluatedUnit, EvaluationRound, EvaluationVote, ProblemItem
from ..results import shows_result, vote_results
from ._common import SupervisionActionIn, TextIn, _found, _found_all, _meeting, _post, _user, record, router


class RoundIn(Schema):
    organiser_id: Id
    title: str
    year: Year
    unit_ids: list[Id]


class UnitIn(Schema):
    unit_id: Id


class RoundVoteIn(Schema):
    number: SmallCount = 1
    action: str = "create"  # create (on meeting_id), attach (poll_id), start, finish, publish
    meeting_id: Id | None = None
    poll_id: Id | None = None
    kind: str = Poll.Kind.SECRET


class UnitResultOut(Schema):
    unit_id: int
    unit: str
    counts: dict[str, int]
    valid: int
    satisfied: int
    rate_percent: str | None
    rank: int | None
    below_threshold: bool


class VoteResultOut(Schema):
    number: int
    poll_id: int
    poll_state: str
    threshold_percent: int
    units: list[UnitResultOut] | None


class EvaluatedOut(Schema):
    id: int
    unit_id: int
    unit: str
    self_report: str
    self_reported_on: datetime.date | None


class EvaluationRoundOut(Schema):
    id: int
    title: str
    organiser_id: int
    region_id: int
    year: int
    state: str
    is_published: bool


class RoundDetailOut(EvaluationRoundOut):
    handed_over_on: datetime.date | None
    units: list[EvaluatedOut]
    votes: list[VoteResultOut]
    actions: list[ActionOut]


RoundPage = page_schema("RoundPage", EvaluationRoundOut)


class EvaluationOpinionIn(Schema):
    text: str
    deputy_id: Id | None = None  # staff entering a deputy's paper form


class EvaluationOpinionOut(Schema):
    id: int
    deputy_id: int
    text: str
    on: datetime.date


class ProblemIn(Schema):
    text: str
    deadline: Day | None = None


class EvaluationProgressIn(Schema):
    text: str
    completes: bool = False


class ProblemOut(Schema):
    id: int
    text: str
    deadline: datetime.date | None
    state: str
    rectified_on: datetime.date | None
    reports: list[str]
    actions: list[ActionOut]


class EvaluatedDetailOut(EvaluatedOut):
    round_id: int
    opinions: list[EvaluationOpinionOut]
    problems: list[ProblemOut]


def _round_out(r: EvaluationRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        **fields(r, "title", "organiser_id", "region_id", "year", "state", "is_published"),
    }


def _evaluated_out(e: EvaluatedUnit) -> dict[str, Any]:
    return {"id": e.pk, "unit": e.unit.name, **fields(e, "unit_id", "self_report", "self_reported_on")}


def _round_detail(scope: Scope, r: EvaluationRound, *, public: bool = False) -> dict[str, Any]:
    units = list(EvaluatedUnit.objects.filter(round=r).select_related("unit").order_by("pk"))
    visible = units if public or permissions.sees_every_unit(scope, r) else [e for e in units if e.unit_id in scope.unit_ids]
    manage = permissions.can_manage_round(scope, r)
    votes = []
    for v in EvaluationVote.objects.filter(round=r).select_related("poll").order_by("number"):
        shown = vote_results(v, visible, r.region) if shows_result(v, manage) else None
        votes.append(
            {
                "number": v.number,
                "poll_id": v.poll_id,
                "poll_state": v.poll.state,
                "threshold_percent": shown.threshold_percent if shown else 0,
                "units": [
                    {
                        **fields(x, "unit_id", "unit", "counts", "valid", "satisfied"),
                        "rate_percent": str(x.percent) if x.percent is not None else None,
                        "rank": x.rank,
                        "below_threshold": x.below,
                    }
                    for x in shown.units
                ]
                if shown
                else None,
            }
        )
    return {
        **_round_out(r),
        "handed_over_on": r.handed_over_on,
        "units": [_evaluated_out(e) for e in visible],
        "votes": votes,
        "actions": actions_payload(round_actions(r, scope)),
    }


ROUND_ROUTES = record(selectors.round_get, _round_detail, "round_", RoundDetailOut)


@router.get("/evaluations", response={200: RoundPage, **ERRORS}, summary="Evaluation rounds the caller may see")
def rounds(request: HttpRequest, year: Year | None = None, page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    return page_payload(selectors.round_list(scope=scope, year=year), page, page_size, _round_out)


@router.get(
    "/evaluations/{round_id}",
    response={200: RoundDetailOut, **ERRORS},
    summary="One round: units, votes, results and ranking",
)
def round_detail(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    return ROUND_ROUTES.read(request, round_id)


@ROUND_ROUTES.post("/evaluations", "A round evaluating these units")
def round_create(request: HttpRequest, payload: RoundIn) -> dict[str, Any]:
    def create(scope: Scope, actor: Any) -> EvaluationRound:
        organiser = _found(Body.objects.select_related("region"), payload.organiser_id, _("organiser"))
        units = _found_all(Unit.objects.select_related("region"), payload.unit_ids, _("Unknown unit."))
        data = payload.dict(exclude={"organiser_id", "unit_ids"})
        return services.round_create(actor=actor, scope=scope, organiser=organiser, units=units, **data)

    return ROUND_ROUTES.create(request, create, allowed=permissions.can_create_rounds)


@ROUND_ROUTES.post("/evaluations/{round_id}/actions", "evaluate, hand_over, revote, close, publish")
def round_action(request: HttpRequest, round_id: Id, payload: SupervisionActionIn) -> dict[str, Any]:
    return ROUND_ROUTES.call(request, round_id, services.round_transition, action=payload.action)


@ROUND_ROUTES.post("/evaluations/{round_id}/units", "Add a unit to evaluate")
def round_unit_add(request: HttpRequest, round_id: Id, payload: UnitIn) -> dict[str, Any]:
    def add(scope: Scope, r: EvaluationRound, actor: Any) -> None:
        unit = _found(Unit.objects.select_related("region"), payload.unit_id, _("unit"))
        services.round_unit_add(actor=actor, scope=scope, round_=r, unit=unit)

    return ROUND_ROUTES.write(request, round_id, add)


@ROUND_ROUTES.post(
    "/evaluations/{round_id}/votes", "A vote of the round: create (on meeting_id), attach (poll_id), start, finish, publish"
)
def round_vote(request: HttpRequest, round_id: Id, payload: RoundVoteIn) -> dict[str, Any]:
    def vote(scope: Scope, r: EvaluationRound, actor: Any) -> None:
        number = payload.number
        if payload.action == "create":
            meeting = _meeting(scope, payload.meeting_id)
            services.round_vote_create(actor=actor, scope=scope, round_=r, number=number, meeting=meeting, kind=payload.kind)
        elif payload.action == "attach":
            poll = _found(Poll.objects.select_related("meeting__body"), payload.poll_id, _("poll"))
            services.round_vote_attach(actor=actor, scope=scope, round_=r, number=number, poll=poll)
        else:
            services.round_vote_transition(actor=actor, scope=scope, round_=r, number=number, action=payload.action)

    return ROUND_ROUTES.write(request, round_id, vote, allowed=permissions.can_manage_round)


def _evaluated_detail(scope: Scope, e: EvaluatedUnit) -> dict[str, Any]:
    clerk_only = not permissions.sees_every_unit(scope, e.round)
    problems = [] if clerk_only and not ROUND.in_group(e.round, "handed_over") else selectors.problems(evaluated=e)
    return {
        **_evaluated_out(e),
        "round_id": e.round_id,
        "opinions": [
            {"id": o.pk, "deputy_id": o.deputy_id, "text": o.text, "on": o.on}
            for o in selectors.evaluation_opinions(scope=scope, evaluated=e)
        ],
        "problems": [
            {
                "id": p.pk,
                **fields(p, "text", "deadline", "state", "rectified_on"),
                "reports": [f"{x.on.isoformat()} {x.text}" for x in p.reports.all()],
                "actions": actions_payload(PROBLEM.available(p, scope)),
            }
            for p in problems
        ],
    }


EVALUATED_ROUTES = record(selectors.evaluated_get, _evaluated_detail, "evaluated", EvaluatedDetailOut)


@router.get("/evaluations/units/{evaluated_id}", response={200: EvaluatedDetailOut, **ERRORS}, summary="One unit of a round")
def evaluated(request: HttpRequest, evaluated_id: Id) -> dict[str, Any]:
    return EVALUATED_ROUTES.read(request, evaluated_id)


@EVALUATED_ROUTES.post("/evaluations/units/{evaluated_id}/self-report", "The unit's self-report")
def self_report(request: HttpRequest, evaluated_id: Id, payload: TextIn) -> dict[str, Any]:
    return EVALUATED_ROUTES.call(request, evaluated_id, services.self_report_submit, text=payload.text)


@_post("/evaluations/units/{evaluated_id}/opinions", EvaluationOpinionOut, "A deputy's written opinion")
def evaluation_opinion(request: HttpRequest, evaluated_id: Id, payload: EvaluationOpinionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    e = selectors.evaluated_get(scope=scope, pk=evaluated_id)
    deputy = _found(Deputy.objects.all(), payload.deputy_id, _("deputy")) if payload.deputy_id else None
    o = services.evaluation_opinion_write(actor=_user(request), scope=scope, evaluated=e, text=payload.text, deputy=deputy)
    return {"id": o.pk, "deputy_id": o.deputy_id, "text": o.text, "on": o.on}


@EVALUATED_ROUTES.post("/evaluations/units/{evaluated_id}/problems", "A problem for the unit's list")
def problem_add(request: HttpRequest, evaluated_id: Id, payload: ProblemIn) -> dict[str, Any]:
    return EVALUATED_ROUTES.call(request, evaluated_id, services.problem_add, **payload.dict())


def _problem_detail(scope: Scope, p: ProblemItem) -> dict[str, Any]:
    """A problem is answered as its unit (which the caller sees: else the problem is not found)."""
    return _evaluated_detail(scope, selectors.evaluated_get(scope=scope, pk=p.evaluated_id))


PROBLEM_ROUTES = record(selectors.problem_get, _problem_detail, "problem", EvaluatedDetailOut)


@PROBLEM_ROUTES.post("/evaluations/problems/{problem_id}/progress", "Rectification progress")
def problem_progress(request: HttpRequest, problem_id: Id, payload: EvaluationProgressIn) -> dict[str, Any]:
    return PROBLEM_ROUTES.call(request, problem_id, services.problem_progress, **payload.dict())


@PROBLEM_ROUTES.post("/evaluations/problems/{problem_id}/actions", "reopen a problem")
def problem_action(request: HttpRequest, problem_id: Id, payload: SupervisionActionIn) -> dict[str, Any]:
    return PROBLEM_ROUTES.call(request, problem_id, services.problem_transition, action=payload.action)


@router.get(
    "/public/evaluations/{round_id}",
    auth=None,
    response={200: RoundDetailOut, 404: ErrorOut},
    summary="Published evaluation results (no login)",
)
def public_round(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    r = selectors.public_round_get(round_id)
    detail = _round_detail(ANONYMOUS, r, public=True)
    return {**detail, "units": [{**u, "self_report": ""} for u in detail["units"]], "actions": []}
