"""The supervision API of activities (inspections, surveys, research, reviews of work), their groups, places,
articles and findings, and the opinions sent to units from them."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Schema

from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.routes import fields, named, page_payload, page_schema
from renda.core.schemas import ERRORS, ActionOut, Day, Id, PageNumber, PageSize, SmallCount
from renda.meetings.models import AgendaItem, Meeting
from renda.org.models import Body
from renda.org.scoping import Scope, scope_for

from .. import permissions, selectors, services
from ..lifecycles import ACTIVITY, OPINION, activity_actions
from ..models import Activity, Finding, Participation, SupervisionOpinion
from ._common import SupervisionActionIn, TextIn, _found, _found_all, _meeting, _post, _user, record, router


class SupervisionActivityIn(Schema):
    kind: str
    title: str
    organiser_id: Id
    start_date: Day
    end_date: Day | None = None
    plan: str = ""
    law: str = ""
    campaign_id: Id | None = None


class ActivityPlanIn(Schema):
    title: str | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    plan: str | None = None
    law: str | None = None


class SupervisionActivityOut(Schema):
    id: int
    kind: str
    title: str
    organiser_id: int
    organiser: str
    region_id: int
    campaign_id: int | None
    start_date: datetime.date
    end_date: datetime.date
    state: str
    is_published: bool


class PlaceOut(Schema):
    kind: str
    names: str
    count: int


class ArticleOut(Schema):
    number: str
    provision: str
    finding: str


class FindingOut(Schema):
    id: int
    activity_id: int
    kind: str
    text: str
    place: str
    on: datetime.date
    author: str | None
    suggestion_id: int | None
    opinion_id: int | None
    review_opinion_id: int | None


class SupervisionOpinionOut(Schema):
    id: int
    activity_id: int
    activity: str
    unit_id: int
    unit: str
    text: str
    state: str
    sent_on: datetime.date | None
    deadline: datetime.date | None
    report_text: str
    reported_on: datetime.date | None
    followup_meeting_id: int | None
    closed_on: datetime.date | None
    actions: list[ActionOut]


class SupervisionActivityDetailOut(SupervisionActivityOut):
    plan: str
    law: str
    report_text: str
    reported_on: datetime.date | None
    heard_at_item_id: int | None
    participants: int
    deputy_participants: int
    places: list[PlaceOut]
    articles: list[ArticleOut]
    findings: list[FindingOut]
    opinions: list[SupervisionOpinionOut]
    review_opinion_ids: list[Id]
    actions: list[ActionOut]


class ParticipantsIn(Schema):
    person_ids: list[Id]
    leader_id: Id | None = None


class ParticipationOut(Schema):
    id: int
    activity_id: int
    person_id: int
    person: str
    deputy_id: int | None
    role: str
    kind: str
    date: datetime.date
    region_id: int
    campaign_id: int | None


class PlaceIn(Schema):
    kind: str
    count: SmallCount = 1
    names: str = ""


class ArticleIn(Schema):
    number: str
    provision: str = ""
    finding: str = ""


class FindingIn(Schema):
    kind: str = Finding.Kind.PROBLEM
    text: str
    place: str = ""
    client_token: str = ""


class ActivityOpinionIn(Schema):
    unit_id: Id
    text: str
    finding_id: Id | None = None


class OpinionCreatedOut(Schema):
    loop: str  # "meeting": a review opinion on the item where the report is heard; "direct": a supervision opinion
    id: int
    state: str


class HearingIn(Schema):
    meeting_id: Id
    item_id: Id | None = None


class RaiseIn(Schema):
    title: str
    category: str


class SuggestionRef(Schema):
    suggestion_id: int
    number: str
    state: str


class OpinionMoveIn(Schema):
    action: str
    meeting_id: Id | None = None


ActivityPage = page_schema("ActivityPage", SupervisionActivityOut)
ParticipationPage = page_schema("ParticipationPage", ParticipationOut)
FindingPage = page_schema("FindingPage", FindingOut)
SupervisionOpinionPage = page_schema("SupervisionOpinionPage", SupervisionOpinionOut)


class SupervisionListQuery(Schema):
    kind: str = ""
    state: str = ""
    campaign: str = ""
    held: bool = False
    date_from: Day | None = None
    date_to: Day | None = None
    page: PageNumber = 1
    page_size: PageSize = 50


class RowQuery(Schema):
    kind: str = ""
    campaign: str = ""
    deputies: bool = False
    held: bool = False
    activity: Id | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    page: PageNumber = 1
    page_size: PageSize = 50


def _activity_out(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        **fields(a, "kind", "title", "organiser_id"),
        "organiser": a.organiser.name,
        **fields(a, "region_id", "campaign_id", "start_date", "end_date", "state", "is_published"),
    }


def _finding_out(f: Finding) -> dict[str, Any]:
    return {
        "id": f.pk,
        **fields(f, "activity_id", "kind", "text", "place", "on"),
        "author": f.author.name if f.author_id and f.author else None,
        **fields(f, "suggestion_id", "opinion_id", "review_opinion_id"),
    }


def _opinion_out(scope: Scope, o: SupervisionOpinion) -> dict[str, Any]:
    return {
        "id": o.pk,
        "activity_id": o.activity_id,
        "activity": o.activity.title,
        "unit_id": o.unit_id,
        "unit": o.unit.name,
        **fields(o, "text", "state", "sent_on", "deadline", "report_text", "reported_on"),
        "followup_meeting_id": o.followup_item.meeting_id if o.followup_item_id and o.followup_item else None,
        "closed_on": o.closed_on,
        "actions": actions_payload(OPINION.available(o, scope)),
    }


def _activity_detail(scope: Scope, a: Activity) -> dict[str, Any]:
    group = Participation.objects.filter(activity=a)
    return {
        **_activity_out(a),
        "plan": a.plan,
        "law": a.law,
        "report_text": a.report_text if ACTIVITY.in_group(a, "reported") else "",
        "reported_on": a.reported_on,
        "heard_at_item_id": a.heard_at_id,
        "participants": group.count(),
        "deputy_participants": group.filter(deputy__isnull=False).count(),
        "places": [{"kind": p.kind, "names": p.names, "count": p.count} for p in a.places.all()],
        "articles": [{"number": x.number, "provision": x.provision, "finding": x.finding} for x in a.articles.all()],
        "findings": [_finding_out(f) for f in selectors.activity_findings(activity=a)],
        "opinions": [
            _opinion_out(scope, o)
            for o in SupervisionOpinion.objects.filter(activity=a).select_related("activity", "unit", "followup_item")
        ],
        "review_opinion_ids": [o.pk for o in selectors.review_opinions_heard(activity=a)],
        "actions": actions_payload(activity_actions(a, scope)),
    }


def _listed(
    request: HttpRequest, q: Any, rows: Callable[..., Any], filters: type[Any], out: Callable[[Any], Any]
) -> dict[str, Any]:
    """A page of a list the caller may see: `rows(scope=…, filters=…)`, the filters (a dataclass) from the query's own."""
    chosen = filters(**{f.name: getattr(q, f.name) for f in dataclasses.fields(filters) if f.name in type(q).model_fields})
    return page_payload(rows(scope=scope_for(request.user), filters=chosen), q.page, q.page_size, out)


ACTIVITY_ROUTES = record(selectors.activity_get, _activity_detail, "activity", SupervisionActivityDetailOut)
OPINION_ROUTES = record(selectors.opinion_get, _opinion_out, "opinion", SupervisionOpinionOut)


@router.get("/activities", response={200: ActivityPage, **ERRORS}, summary="Activities the caller may see, newest first")
def activities(request: HttpRequest, q: Query[SupervisionListQuery]) -> dict[str, Any]:
    return _listed(request, q, selectors.activity_list, selectors.ActivityFilters, _activity_out)


@router.get("/activities/{activity_id}", response={200: SupervisionActivityDetailOut, **ERRORS}, summary="One activity")
def activity(request: HttpRequest, activity_id: Id) -> dict[str, Any]:
    return ACTIVITY_ROUTES.read(request, activity_id)


@ACTIVITY_ROUTES.post("/activities", "Plan an activity")
def activity_create(request: HttpRequest, payload: SupervisionActivityIn) -> dict[str, Any]:
    def create(scope: Scope, actor: Any) -> Activity:
        organiser = _found(Body.objects.select_related("region"), payload.organiser_id, _("organiser"))
        campaign = selectors.campaign_get(scope=scope, pk=payload.campaign_id) if payload.campaign_id else None
        data = payload.dict(exclude={"organiser_id", "campaign_id"})
        return services.activity_create(actor=actor, scope=scope, organiser=organiser, campaign=campaign, **data)

    return ACTIVITY_ROUTES.create(request, create, allowed=permissions.can_create_activities)


@ACTIVITY_ROUTES.post("/activities/{activity_id}/plan", "Change the plan")
def activity_update(request: HttpRequest, activity_id: Id, payload: ActivityPlanIn) -> dict[str, Any]:
    def update(scope: Scope, a: Activity, actor: Any) -> None:
        changes = {k: v for k, v in payload.dict().items() if v is not None}
        if not changes:
            raise DomainError(_("Nothing to change."))
        services.activity_update(actor=actor, scope=scope, activity=a, **changes)

    return ACTIVITY_ROUTES.write(request, activity_id, update)


@ACTIVITY_ROUTES.post("/activities/{activity_id}/actions", "Move the activity (start, close, cancel) or publish its report")
def activity_action(request: HttpRequest, activity_id: Id, payload: SupervisionActionIn) -> dict[str, Any]:
    return ACTIVITY_ROUTES.call(request, activity_id, services.activity_transition, action=payload.action)


@ACTIVITY_ROUTES.post("/activities/{activity_id}/report", "Adopt the report")
def activity_report(request: HttpRequest, activity_id: Id, payload: TextIn) -> dict[str, Any]:
    return ACTIVITY_ROUTES.call(request, activity_id, services.activity_report, text=payload.text)


@ACTIVITY_ROUTES.post("/activities/{activity_id}/participants", "Add to the group")
def participants_add(request: HttpRequest, activity_id: Id, payload: ParticipantsIn) -> dict[str, Any]:
    def add(scope: Scope, a: Activity, actor: Any) -> None:
        candidates = selectors.candidates(activity=a)
        people = _found_all(candidates, payload.person_ids, _("Some of these people cannot take part in this activity."))
        leader = _found(candidates, payload.leader_id, _("leader")) if payload.leader_id else None
        services.participants_add(actor=actor, scope=scope, activity=a, people=people, leader=leader)

    return ACTIVITY_ROUTES.write(request, activity_id, add, allowed=permissions.can_manage_activity)


@ACTIVITY_ROUTES.post("/participations/{participation_id}/remove", "Remove from the group")
def participant_remove(request: HttpRequest, participation_id: Id) -> dict[str, Any]:
    p = named(Participation.objects.all(), participation_id)

    def remove(scope: Scope, a: Activity, actor: Any) -> None:
        p.activity = a
        services.participant_remove(actor=actor, scope=scope, participation=p)

    return ACTIVITY_ROUTES.write(request, p.activity_id, remove)


@ACTIVITY_ROUTES.post("/activities/{activity_id}/places", "Places visited (kind and count)")
def place_add(request: HttpRequest, activity_id: Id, payload: PlaceIn) -> dict[str, Any]:
    return ACTIVITY_ROUTES.call(request, activity_id, services.place_add, **payload.dict())


@ACTIVITY_ROUTES.post("/activities/{activity_id}/articles", "An article checked and its finding")
def article_record(request: HttpRequest, activity_id: Id, payload: ArticleIn) -> dict[str, Any]:
    return ACTIVITY_ROUTES.call(request, activity_id, services.article_record, **payload.dict())


@_post("/activities/{activity_id}/findings", FindingOut, "A finding or suggestion")
def finding_add(request: HttpRequest, activity_id: Id, payload: FindingIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    a = selectors.activity_get(scope=scope, pk=activity_id)
    return _finding_out(services.finding_add(actor=_user(request), scope=scope, activity=a, **payload.dict()))


@_post(
    "/activities/{activity_id}/opinions",
    OpinionCreatedOut,
    "Opinions for a unit (review opinions where the report is heard at a meeting)",
)
def activity_opinion_add(request: HttpRequest, activity_id: Id, payload: ActivityOpinionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    a = selectors.activity_get(scope=scope, pk=activity_id)
    if not permissions.can_manage_activity(scope, a):  # refused before the body's records are looked up
        raise NotPermitted()
    unit = _found(selectors.units_for(scope=scope), payload.unit_id, _("unit"))
    finding = _found(Finding.objects.filter(activity=a), payload.finding_id, _("finding")) if payload.finding_id else None
    opinion = services.activity_opinion_add(
        actor=_user(request), scope=scope, activity=a, unit=unit, text=payload.text, finding=finding
    )
    return {"loop": "direct" if isinstance(opinion, SupervisionOpinion) else "meeting", "id": opinion.pk, "state": opinion.state}


@ACTIVITY_ROUTES.post(
    "/activities/{activity_id}/hearing", "Where the report is heard (an agenda item, or a new one on a meeting)"
)
def activity_hearing(request: HttpRequest, activity_id: Id, payload: HearingIn) -> dict[str, Any]:
    def hear(scope: Scope, a: Activity, actor: Any) -> None:
        meeting = _meeting(scope, payload.meeting_id)
        items = AgendaItem.objects.filter(meeting=meeting).select_related("meeting__body")
        item = _found(items, payload.item_id, _("agenda item")) if payload.item_id else None
        services.activity_hearing_set(actor=actor, scope=scope, activity=a, item=item, meeting=None if item else meeting)

    return ACTIVITY_ROUTES.write(request, activity_id, hear, allowed=permissions.can_manage_activity)


def _participation_out(p: Participation) -> dict[str, Any]:
    return {
        "id": p.pk,
        "activity_id": p.activity_id,
        "person_id": p.person_id,
        "person": p.person.name,
        **fields(p, "deputy_id", "role", "kind", "date", "region_id", "campaign_id"),
    }


@router.get("/participations", response={200: ParticipationPage, **ERRORS}, summary="Participations (人次) the caller may see")
def participations(request: HttpRequest, q: Query[RowQuery]) -> dict[str, Any]:
    return _listed(request, q, selectors.participation_list, selectors.ParticipationFilters, _participation_out)


@router.get("/findings", response={200: FindingPage, **ERRORS}, summary="Findings and suggestions the caller may see")
def findings(request: HttpRequest, q: Query[RowQuery]) -> dict[str, Any]:
    return _listed(request, q, selectors.finding_list, selectors.FindingFilters, _finding_out)


@_post("/findings/{finding_id}/raise", SuggestionRef, "Raise my suggestion as a deputy's suggestion")
def finding_raise(request: HttpRequest, finding_id: Id, payload: RaiseIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not scope.person_id:
        raise NotPermitted()
    finding = named(Finding.objects.filter(author_id=scope.person_id).select_related("suggestion"), finding_id)
    s = services.finding_raise_as_suggestion(
        actor=_user(request), scope=scope, finding=finding, title=payload.title, category=payload.category
    )
    return {"suggestion_id": s.pk, "number": s.number, "state": s.state}


@router.get("/opinions", response={200: SupervisionOpinionPage, **ERRORS}, summary="Supervision opinions the caller may see")
def opinions(request: HttpRequest, state: str = "", page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    qs = selectors.opinion_list(scope=scope, state=state).select_related("followup_item")
    return page_payload(qs, page, page_size, lambda o: _opinion_out(scope, o))


@router.get("/opinions/{opinion_id}", response={200: SupervisionOpinionOut, **ERRORS}, summary="One supervision opinion")
def opinion(request: HttpRequest, opinion_id: Id) -> dict[str, Any]:
    return OPINION_ROUTES.read(request, opinion_id)


@OPINION_ROUTES.post("/opinions/{opinion_id}/actions", "send, schedule (meeting_id), close")
def opinion_action(request: HttpRequest, opinion_id: Id, payload: OpinionMoveIn) -> dict[str, Any]:
    def move(scope: Scope, o: SupervisionOpinion, actor: Any) -> None:
        meeting = Meeting.objects.select_related("body").filter(pk=payload.meeting_id).first() if payload.meeting_id else None
        services.opinion_transition(actor=actor, scope=scope, opinion=o, action=payload.action, meeting=meeting)

    return OPINION_ROUTES.write(request, opinion_id, move)


@OPINION_ROUTES.post("/opinions/{opinion_id}/report", "The unit's handling report")
def opinion_report(request: HttpRequest, opinion_id: Id, payload: TextIn) -> dict[str, Any]:
    return OPINION_ROUTES.call(request, opinion_id, services.opinion_report, text=payload.text)


@router.get("/public/activities", auth=None, response={200: list[SupervisionActivityOut]}, summary="Published reports (no login)")
def public_activities(request: HttpRequest) -> list[dict[str, Any]]:
    return [_activity_out(a) for a in selectors.public_activities()[:200]]
