"""The supervision API (/api/supervision/…): every write of the pages — activities, opinions to units, special
inquiries, unit evaluations, campaigns — with the same services, scope and audit, and the reads they need. Records
outside the caller's scope answer 404; a refused move 422 with its reason; JSON bodies in, JSON out; every detail
carries the `actions` its lifecycle offers the caller now."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import Action, actions_payload
from renda.core.models import User
from renda.core.schemas import ERRORS, ActionOut, BigNumber, Day, ErrorOut, Id, PageNumber, PageSize, SmallCount, Year
from renda.meetings.lifecycles import POLL
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.permissions import meeting_q
from renda.org.models import Body, Deputy, Person, Region, Unit
from renda.org.scoping import ANONYMOUS, Scope, scope_for

from . import permissions, selectors, services
from .figures import campaign_figures, latest_reports
from .lifecycles import ACTIVITY, CAMPAIGN, INQUIRY, OPINION, PROBLEM, TARGET, activity_actions, round_actions
from .models import (
    Activity,
    Campaign,
    ChecklistEntry,
    EvaluatedUnit,
    EvaluationRound,
    EvaluationVote,
    Finding,
    Indicator,
    Inquiry,
    Participation,
    ProblemItem,
    SupervisionOpinion,
    Target,
)
from .results import shows_result, vote_results

router = Router(tags=["supervision"])
MAX_PAGE = 200


def _page(qs: QuerySet[Any], page: int, page_size: int, out: Any) -> dict[str, Any]:
    page_size, page = max(1, min(page_size, MAX_PAGE)), max(1, min(page, 100_000))
    rows = list(qs[(page - 1) * page_size : page * page_size])
    return {
        "page": page,
        "page_size": page_size,
        "has_next": qs[page * page_size : page * page_size + 1].exists(),
        "items": [out(r) for r in rows],
    }


def _found(qs: QuerySet[Any], pk: int | None, what: str) -> Any:
    """A related record named in a body, among those the caller may name: 422 when it is not one of them."""
    row = qs.filter(pk=pk).first() if pk else None
    if row is None:
        raise DomainError(_("Unknown %(what)s.") % {"what": what})
    return row


def _user(request: HttpRequest) -> User:
    """The caller (the API's authentication lets only a signed-in user or a token's user through)."""
    return cast(User, request.user)


def _actions(actions: list[Action]) -> list[dict[str, str]]:
    return actions_payload(actions)


# --- schemas -----------------------------------------------------------------------------------------------------


class ActionIn(Schema):
    action: str


class TextIn(Schema):
    text: str


class ActivityIn(Schema):
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


class ActivityOut(Schema):
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


class OpinionOut(Schema):
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


class ActivityDetailOut(ActivityOut):
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
    opinions: list[OpinionOut]
    review_opinion_ids: list[Id]
    actions: list[ActionOut]


class ActivityPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[ActivityOut]


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


class ParticipationPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[ParticipationOut]


class FindingPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[FindingOut]


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


class ListQuery(Schema):
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


class InquiryIn(Schema):
    meeting_id: Id
    subject: str
    unit_ids: list[Id]
    item_id: Id | None = None


class QuestionIn(Schema):
    asker_id: Id
    text: str
    unit_id: Id
    answerer: str = ""
    answer: str = ""


class QuestionOut(Schema):
    order: int
    asker: str
    text: str
    unit: str
    answerer: str
    answer: str


class VoteIn(Schema):
    action: str  # create, start, finish, publish
    kind: str = Poll.Kind.SECRET


class PollOut(Schema):
    id: int
    title: str
    state: str
    actions: list[ActionOut]


class FollowupIn(Schema):
    unit_id: Id
    text: str


class FollowupOut(Schema):
    review_opinion_id: int
    state: str


class InquiryOut(Schema):
    id: int
    meeting_id: int
    item_id: int
    subject: str
    date: datetime.date
    state: str
    units: list[str]
    questions: list[QuestionOut]
    poll: PollOut | None
    followup_ids: list[Id]
    actions: list[ActionOut]


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


class RoundOut(Schema):
    id: int
    title: str
    organiser_id: int
    region_id: int
    year: int
    state: str
    is_published: bool


class RoundDetailOut(RoundOut):
    handed_over_on: datetime.date | None
    units: list[EvaluatedOut]
    votes: list[VoteResultOut]
    actions: list[ActionOut]


class RoundPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[RoundOut]


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


class ProgressIn(Schema):
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


class CampaignIn(Schema):
    organiser_id: Id
    code: str
    title: str
    start_date: Day
    end_date: Day
    plan: str = ""
    plan_adopted_on: Day | None = None
    levels: str = Campaign.Levels.DISTRICT_AND_TOWNS
    with_town_lists: bool = True
    with_checklist: bool = False


class CampaignMoveIn(Schema):
    action: str
    on: Day | None = None
    text: str = ""


class TargetIn(Schema):
    name: str
    region_id: Id
    kind: str = ""
    note: str = ""


class TargetMoveIn(Schema):
    action: str
    leader_id: Id | None = None
    due_on: Day | None = None
    on: Day | None = None


class TargetOut(Schema):
    id: int
    name: str
    kind: str
    region_id: int
    leader: str | None
    adopted_on: datetime.date | None
    due_on: datetime.date | None
    closed_on: datetime.date | None
    state: str
    actions: list[ActionOut]


class ListEntryIn(Schema):
    region_id: Id
    list_code: str
    title: str
    text: str = ""
    on: Day | None = None


class IdOut(Schema):
    id: int


class ChecklistSubjectsIn(Schema):
    region_ids: list[Id] = []
    unit_ids: list[Id] = []


class CountOut(Schema):
    created: int


class ChecklistMarkIn(Schema):
    done_on: Day
    note: str = ""
    activity_id: Id | None = None


class ChecklistOut(Schema):
    id: int
    region_id: int
    unit_id: int | None
    item: str
    done_on: datetime.date | None
    note: str
    activity_id: int | None


class IndicatorIn(Schema):
    code: str
    name: str
    unit_label: str = ""


class IndicatorReportIn(Schema):
    value: BigNumber
    source: str
    reported_on: Day
    note: str = ""


class ReportedOut(Schema):
    indicator_id: int
    code: str
    name: str
    unit_label: str
    value: int | None
    source: str | None
    reported_on: datetime.date | None
    counted: bool  # always false: a value reported by the government, not counted here


class CampaignOut(Schema):
    id: int
    code: str
    title: str
    organiser_id: int
    start_date: datetime.date
    end_date: datetime.date
    state: str


class CampaignFiguresOut(Schema):
    activities: int
    participations: int
    deputy_participations: int
    suggestions: int
    targets_listed: int
    targets_adopted: int
    targets_closed: int
    checklist_done: int
    checklist_total: int


class CampaignDetailOut(CampaignOut):
    plan: str
    plan_adopted_on: datetime.date | None
    mobilised_on: datetime.date | None
    mobilisation: str
    town_lists: list[dict[str, Any]]
    checklist: list[dict[str, Any]]
    figures: CampaignFiguresOut
    indicators: list[ReportedOut]
    targets: list[TargetOut]
    actions: list[ActionOut]


class CampaignPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[CampaignOut]


class InquiryPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[InquiryOut]


class OpinionPage(Schema):
    page: int
    page_size: int
    has_next: bool
    items: list[OpinionOut]


# --- outputs ------------------------------------------------------------------------------------------------------


def _activity_out(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "organiser_id": a.organiser_id,
        "organiser": a.organiser.name,
        "region_id": a.region_id,
        "campaign_id": a.campaign_id,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "state": a.state,
        "is_published": a.is_published,
    }


def _finding_out(f: Finding) -> dict[str, Any]:
    return {
        "id": f.pk,
        "activity_id": f.activity_id,
        "kind": f.kind,
        "text": f.text,
        "place": f.place,
        "on": f.on,
        "author": f.author.name if f.author_id and f.author else None,
        "suggestion_id": f.suggestion_id,
        "opinion_id": f.opinion_id,
        "review_opinion_id": f.review_opinion_id,
    }


def _opinion_out(scope: Scope, o: SupervisionOpinion) -> dict[str, Any]:
    return {
        "id": o.pk,
        "activity_id": o.activity_id,
        "activity": o.activity.title,
        "unit_id": o.unit_id,
        "unit": o.unit.name,
        "text": o.text,
        "state": o.state,
        "sent_on": o.sent_on,
        "deadline": o.deadline,
        "report_text": o.report_text,
        "reported_on": o.reported_on,
        "followup_meeting_id": o.followup_item.meeting_id if o.followup_item_id and o.followup_item else None,
        "closed_on": o.closed_on,
        "actions": _actions(OPINION.available(o, scope)),
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
        "actions": _actions(activity_actions(a, scope)),
    }


# --- activities ---------------------------------------------------------------------------------------------------


@router.get("/activities", response={200: ActivityPage, **ERRORS}, summary="Activities the caller may see, newest first")
def activities(request: HttpRequest, q: Query[ListQuery]) -> dict[str, Any]:
    scope = scope_for(request.user)
    filters = selectors.ActivityFilters(
        kind=q.kind, state=q.state, campaign=q.campaign, held=q.held, date_from=q.date_from, date_to=q.date_to
    )
    return _page(selectors.activity_list(scope=scope, filters=filters), q.page, q.page_size, _activity_out)


@router.get("/activities/{activity_id}", response={200: ActivityDetailOut, **ERRORS}, summary="One activity")
def activity(request: HttpRequest, activity_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=activity_id))


@router.post("/activities", response={200: ActivityDetailOut, **ERRORS}, summary="Plan an activity")
def activity_create(request: HttpRequest, payload: ActivityIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_create_activities(scope):
        raise NotPermitted()
    organiser = _found(Body.objects.select_related("region"), payload.organiser_id, _("organiser"))
    campaign = selectors.campaign_get(scope=scope, pk=payload.campaign_id) if payload.campaign_id else None
    a = services.activity_create(
        actor=_user(request),
        scope=scope,
        kind=payload.kind,
        title=payload.title,
        organiser=organiser,
        start_date=payload.start_date,
        end_date=payload.end_date,
        plan=payload.plan,
        law=payload.law,
        campaign=campaign,
    )
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


def _activity_write(request: HttpRequest, activity_id: int) -> tuple[Scope, Activity]:
    scope = scope_for(request.user)
    return scope, selectors.activity_get(scope=scope, pk=activity_id)


@router.post("/activities/{activity_id}/plan", response={200: ActivityDetailOut, **ERRORS}, summary="Change the plan")
def activity_update(request: HttpRequest, activity_id: Id, payload: ActivityPlanIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    if not changes:
        raise DomainError(_("Nothing to change."))
    services.activity_update(actor=_user(request), scope=scope, activity=a, **changes)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


@router.post(
    "/activities/{activity_id}/actions",
    response={200: ActivityDetailOut, **ERRORS},
    summary="Move the activity (start, close, cancel) or publish its report",
)
def activity_action(request: HttpRequest, activity_id: Id, payload: ActionIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    services.activity_transition(actor=_user(request), scope=scope, activity=a, action=payload.action)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


@router.post("/activities/{activity_id}/report", response={200: ActivityDetailOut, **ERRORS}, summary="Adopt the report")
def activity_report(request: HttpRequest, activity_id: Id, payload: TextIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    services.activity_report(actor=_user(request), scope=scope, activity=a, text=payload.text)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


@router.post("/activities/{activity_id}/participants", response={200: ActivityDetailOut, **ERRORS}, summary="Add to the group")
def participants_add(request: HttpRequest, activity_id: Id, payload: ParticipantsIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    if not permissions.can_manage_activity(scope, a):
        raise NotPermitted()
    candidates = selectors.candidates(activity=a)
    people = list(candidates.filter(pk__in=payload.person_ids))
    if len(people) != len(set(payload.person_ids)):
        raise DomainError(_("Some of these people cannot take part in this activity."))
    leader = _found(candidates, payload.leader_id, _("leader")) if payload.leader_id else None
    services.participants_add(actor=_user(request), scope=scope, activity=a, people=people, leader=leader)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


@router.post(
    "/participations/{participation_id}/remove", response={200: ActivityDetailOut, **ERRORS}, summary="Remove from the group"
)
def participant_remove(request: HttpRequest, participation_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    p = Participation.objects.filter(pk=participation_id).first()
    if p is None:
        raise Http404
    p.activity = selectors.activity_get(scope=scope, pk=p.activity_id)
    services.participant_remove(actor=_user(request), scope=scope, participation=p)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=p.activity_id))


@router.post(
    "/activities/{activity_id}/places", response={200: ActivityDetailOut, **ERRORS}, summary="Places visited (kind and count)"
)
def place_add(request: HttpRequest, activity_id: Id, payload: PlaceIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    services.place_add(actor=_user(request), scope=scope, activity=a, kind=payload.kind, count=payload.count, names=payload.names)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


@router.post(
    "/activities/{activity_id}/articles",
    response={200: ActivityDetailOut, **ERRORS},
    summary="An article checked and its finding",
)
def article_record(request: HttpRequest, activity_id: Id, payload: ArticleIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    services.article_record(actor=_user(request), scope=scope, activity=a, **payload.dict())
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


@router.post("/activities/{activity_id}/findings", response={200: FindingOut, **ERRORS}, summary="A finding or suggestion")
def finding_add(request: HttpRequest, activity_id: Id, payload: FindingIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    f = services.finding_add(actor=_user(request), scope=scope, activity=a, **payload.dict())
    return _finding_out(f)


@router.post(
    "/activities/{activity_id}/opinions",
    response={200: OpinionCreatedOut, **ERRORS},
    summary="Opinions for a unit (review opinions where the report is heard at a meeting)",
)
def activity_opinion_add(request: HttpRequest, activity_id: Id, payload: ActivityOpinionIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    if not permissions.can_manage_activity(scope, a):  # refused before the body's records are looked up
        raise NotPermitted()
    unit = _found(selectors.units_for(scope=scope), payload.unit_id, _("unit"))
    finding = _found(Finding.objects.filter(activity=a), payload.finding_id, _("finding")) if payload.finding_id else None
    opinion = services.activity_opinion_add(
        actor=_user(request), scope=scope, activity=a, unit=unit, text=payload.text, finding=finding
    )
    return {"loop": "direct" if isinstance(opinion, SupervisionOpinion) else "meeting", "id": opinion.pk, "state": opinion.state}


@router.post(
    "/activities/{activity_id}/hearing",
    response={200: ActivityDetailOut, **ERRORS},
    summary="Where the report is heard (an agenda item, or a new one on a meeting)",
)
def activity_hearing(request: HttpRequest, activity_id: Id, payload: HearingIn) -> dict[str, Any]:
    scope, a = _activity_write(request, activity_id)
    if not permissions.can_manage_activity(scope, a):
        raise NotPermitted()
    q = meeting_q(scope)
    meeting = _found(
        Meeting.objects.filter(q).select_related("body") if q is not None else Meeting.objects.none(),
        payload.meeting_id,
        _("meeting"),
    )
    item = (
        _found(AgendaItem.objects.filter(meeting=meeting).select_related("meeting__body"), payload.item_id, _("agenda item"))
        if payload.item_id
        else None
    )
    services.activity_hearing_set(actor=_user(request), scope=scope, activity=a, item=item, meeting=None if item else meeting)
    return _activity_detail(scope, selectors.activity_get(scope=scope, pk=a.pk))


def _participation_out(p: Participation) -> dict[str, Any]:
    return {
        "id": p.pk,
        "activity_id": p.activity_id,
        "person_id": p.person_id,
        "person": p.person.name,
        "deputy_id": p.deputy_id,
        "role": p.role,
        "kind": p.kind,
        "date": p.date,
        "region_id": p.region_id,
        "campaign_id": p.campaign_id,
    }


@router.get("/participations", response={200: ParticipationPage, **ERRORS}, summary="Participations (人次) the caller may see")
def participations(request: HttpRequest, q: Query[RowQuery]) -> dict[str, Any]:
    scope = scope_for(request.user)
    filters = selectors.ParticipationFilters(
        kind=q.kind,
        campaign=q.campaign,
        deputies=q.deputies,
        held=q.held,
        activity=q.activity,
        date_from=q.date_from,
        date_to=q.date_to,
    )
    return _page(selectors.participation_list(scope=scope, filters=filters), q.page, q.page_size, _participation_out)


@router.get("/findings", response={200: FindingPage, **ERRORS}, summary="Findings and suggestions the caller may see")
def findings(request: HttpRequest, q: Query[RowQuery]) -> dict[str, Any]:
    scope = scope_for(request.user)
    filters = selectors.FindingFilters(
        kind=q.kind, campaign=q.campaign, held=q.held, activity=q.activity, date_from=q.date_from, date_to=q.date_to
    )
    return _page(selectors.finding_list(scope=scope, filters=filters), q.page, q.page_size, _finding_out)


@router.post(
    "/findings/{finding_id}/raise",
    response={200: SuggestionRef, **ERRORS},
    summary="Raise my suggestion as a deputy's suggestion",
)
def finding_raise(request: HttpRequest, finding_id: Id, payload: RaiseIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not scope.person_id:
        raise NotPermitted()
    finding = Finding.objects.filter(pk=finding_id, author_id=scope.person_id).select_related("suggestion").first()
    if finding is None:
        raise Http404
    s = services.finding_raise_as_suggestion(
        actor=_user(request), scope=scope, finding=finding, title=payload.title, category=payload.category
    )
    return {"suggestion_id": s.pk, "number": s.number, "state": s.state}


# --- opinions sent to units -------------------------------------------------------------------------------------


@router.get("/opinions", response={200: OpinionPage, **ERRORS}, summary="Supervision opinions the caller may see")
def opinions(request: HttpRequest, state: str = "", page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    qs = selectors.opinion_list(scope=scope, state=state).select_related("followup_item")
    return _page(qs, page, page_size, lambda o: _opinion_out(scope, o))


@router.get("/opinions/{opinion_id}", response={200: OpinionOut, **ERRORS}, summary="One supervision opinion")
def opinion(request: HttpRequest, opinion_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _opinion_out(scope, selectors.opinion_get(scope=scope, pk=opinion_id))


@router.post("/opinions/{opinion_id}/actions", response={200: OpinionOut, **ERRORS}, summary="send, schedule (meeting_id), close")
def opinion_action(request: HttpRequest, opinion_id: Id, payload: OpinionMoveIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    o = selectors.opinion_get(scope=scope, pk=opinion_id)
    meeting = Meeting.objects.select_related("body").filter(pk=payload.meeting_id).first() if payload.meeting_id else None
    services.opinion_transition(actor=_user(request), scope=scope, opinion=o, action=payload.action, meeting=meeting)
    return _opinion_out(scope, selectors.opinion_get(scope=scope, pk=o.pk))


@router.post("/opinions/{opinion_id}/report", response={200: OpinionOut, **ERRORS}, summary="The unit's handling report")
def opinion_report(request: HttpRequest, opinion_id: Id, payload: TextIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    o = selectors.opinion_get(scope=scope, pk=opinion_id)
    services.opinion_report(actor=_user(request), scope=scope, opinion=o, text=payload.text)
    return _opinion_out(scope, selectors.opinion_get(scope=scope, pk=o.pk))


# --- inquiries ------------------------------------------------------------------------------------------------------


def _inquiry_out(scope: Scope, i: Inquiry) -> dict[str, Any]:
    manage = permissions.can_manage_inquiry(scope, i)
    poll = i.poll
    return {
        "id": i.pk,
        "meeting_id": i.meeting_id,
        "item_id": i.item_id,
        "subject": i.subject,
        "date": i.date,
        "state": i.state,
        "units": [u.unit.name for u in i.units.select_related("unit")],
        "questions": [
            {
                "order": q.order,
                "asker": q.asker.name,
                "text": q.text,
                "unit": q.unit.name,
                "answerer": q.answerer,
                "answer": q.answer,
            }
            for q in i.questions.select_related("asker", "unit")
        ],
        "poll": {
            "id": poll.pk,
            "title": poll.title,
            "state": poll.state,
            "actions": _actions(POLL.available(poll, scope) if manage else []),
        }
        if poll is not None
        else None,
        "followup_ids": list(i.item.opinions.values_list("pk", flat=True)),
        "actions": _actions(INQUIRY.available(i, scope)),
    }


@router.get("/inquiries", response={200: InquiryPage, **ERRORS}, summary="Special inquiries the caller may see")
def inquiries(request: HttpRequest, page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _page(
        selectors.inquiry_list(scope=scope).select_related("item", "poll"), page, page_size, lambda i: _inquiry_out(scope, i)
    )


@router.get("/inquiries/{inquiry_id}", response={200: InquiryOut, **ERRORS}, summary="One special inquiry")
def inquiry(request: HttpRequest, inquiry_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _inquiry_out(scope, selectors.inquiry_get(scope=scope, pk=inquiry_id))


@router.post("/inquiries", response={200: InquiryOut, **ERRORS}, summary="A special inquiry at a standing-committee meeting")
def inquiry_create(request: HttpRequest, payload: InquiryIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_create_inquiries(scope):
        raise NotPermitted()
    q = meeting_q(scope)
    meeting = _found(
        Meeting.objects.filter(q).select_related("body") if q is not None else Meeting.objects.none(),
        payload.meeting_id,
        _("meeting"),
    )
    units = list(selectors.units_for(scope=scope).filter(pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)):
        raise DomainError(_("Unknown unit."))
    item = _found(AgendaItem.objects.filter(meeting=meeting), payload.item_id, _("agenda item")) if payload.item_id else None
    i = services.inquiry_create(
        actor=_user(request), scope=scope, meeting=meeting, subject=payload.subject, units=units, item=item
    )
    return _inquiry_out(scope, selectors.inquiry_get(scope=scope, pk=i.pk))


@router.post("/inquiries/{inquiry_id}/actions", response={200: InquiryOut, **ERRORS}, summary="hold, close")
def inquiry_action(request: HttpRequest, inquiry_id: Id, payload: ActionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    i = selectors.inquiry_get(scope=scope, pk=inquiry_id)
    services.inquiry_transition(actor=_user(request), scope=scope, inquiry=i, action=payload.action)
    return _inquiry_out(scope, selectors.inquiry_get(scope=scope, pk=i.pk))


@router.post("/inquiries/{inquiry_id}/questions", response={200: InquiryOut, **ERRORS}, summary="A question and its answer")
def question_add(request: HttpRequest, inquiry_id: Id, payload: QuestionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    i = selectors.inquiry_get(scope=scope, pk=inquiry_id)
    if not permissions.can_manage_inquiry(scope, i):
        raise NotPermitted()
    asker = _found(Person.objects.all(), payload.asker_id, _("person"))
    unit = _found(Unit.objects.filter(pk__in=i.units.values("unit_id")), payload.unit_id, _("unit"))
    services.question_add(
        actor=_user(request),
        scope=scope,
        inquiry=i,
        asker=asker,
        text=payload.text,
        unit=unit,
        answerer=payload.answerer,
        answer=payload.answer,
    )
    return _inquiry_out(scope, selectors.inquiry_get(scope=scope, pk=i.pk))


@router.post(
    "/inquiries/{inquiry_id}/vote",
    response={200: InquiryOut, **ERRORS},
    summary="The satisfaction vote: create, start, finish, publish",
)
def inquiry_vote(request: HttpRequest, inquiry_id: Id, payload: VoteIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    i = selectors.inquiry_get(scope=scope, pk=inquiry_id)
    services.inquiry_vote(actor=_user(request), scope=scope, inquiry=i, action=payload.action, kind=payload.kind)
    return _inquiry_out(scope, selectors.inquiry_get(scope=scope, pk=i.pk))


@router.post(
    "/inquiries/{inquiry_id}/followups", response={200: FollowupOut, **ERRORS}, summary="A follow-up item (a review opinion)"
)
def inquiry_followup(request: HttpRequest, inquiry_id: Id, payload: FollowupIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    i = selectors.inquiry_get(scope=scope, pk=inquiry_id)
    if not permissions.can_manage_inquiry(scope, i):
        raise NotPermitted()
    unit = _found(Unit.objects.filter(pk__in=i.units.values("unit_id")), payload.unit_id, _("unit"))
    o = services.inquiry_followup_add(actor=_user(request), scope=scope, inquiry=i, unit=unit, text=payload.text)
    return {"review_opinion_id": o.pk, "state": o.state}


# --- evaluations --------------------------------------------------------------------------------------------------


def _round_out(r: EvaluationRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "organiser_id": r.organiser_id,
        "region_id": r.region_id,
        "year": r.year,
        "state": r.state,
        "is_published": r.is_published,
    }


def _evaluated_out(e: EvaluatedUnit) -> dict[str, Any]:
    return {
        "id": e.pk,
        "unit_id": e.unit_id,
        "unit": e.unit.name,
        "self_report": e.self_report,
        "self_reported_on": e.self_reported_on,
    }


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
                        "unit_id": x.unit_id,
                        "unit": x.unit,
                        "counts": x.counts,
                        "valid": x.valid,
                        "satisfied": x.satisfied,
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
        "actions": _actions(round_actions(r, scope)),
    }


@router.get("/evaluations", response={200: RoundPage, **ERRORS}, summary="Evaluation rounds the caller may see")
def rounds(request: HttpRequest, year: Year | None = None, page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _page(selectors.round_list(scope=scope, year=year), page, page_size, _round_out)


@router.get(
    "/evaluations/{round_id}",
    response={200: RoundDetailOut, **ERRORS},
    summary="One round: units, votes, results and ranking",
)
def round_detail(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _round_detail(scope, selectors.round_get(scope=scope, pk=round_id))


@router.post("/evaluations", response={200: RoundDetailOut, **ERRORS}, summary="A round evaluating these units")
def round_create(request: HttpRequest, payload: RoundIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_create_rounds(scope):
        raise NotPermitted()
    organiser = _found(Body.objects.select_related("region"), payload.organiser_id, _("organiser"))
    units = list(Unit.objects.filter(pk__in=payload.unit_ids).select_related("region"))
    if len(units) != len(set(payload.unit_ids)):
        raise DomainError(_("Unknown unit."))
    r = services.round_create(
        actor=_user(request), scope=scope, organiser=organiser, title=payload.title, year=payload.year, units=units
    )
    return _round_detail(scope, selectors.round_get(scope=scope, pk=r.pk))


@router.post(
    "/evaluations/{round_id}/actions",
    response={200: RoundDetailOut, **ERRORS},
    summary="evaluate, hand_over, revote, close, publish",
)
def round_action(request: HttpRequest, round_id: Id, payload: ActionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    r = selectors.round_get(scope=scope, pk=round_id)
    services.round_transition(actor=_user(request), scope=scope, round_=r, action=payload.action)
    return _round_detail(scope, selectors.round_get(scope=scope, pk=r.pk))


@router.post("/evaluations/{round_id}/units", response={200: RoundDetailOut, **ERRORS}, summary="Add a unit to evaluate")
def round_unit_add(request: HttpRequest, round_id: Id, payload: UnitIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    r = selectors.round_get(scope=scope, pk=round_id)
    unit = _found(Unit.objects.select_related("region"), payload.unit_id, _("unit"))
    services.round_unit_add(actor=_user(request), scope=scope, round_=r, unit=unit)
    return _round_detail(scope, selectors.round_get(scope=scope, pk=r.pk))


@router.post(
    "/evaluations/{round_id}/votes",
    response={200: RoundDetailOut, **ERRORS},
    summary="A vote of the round: create (on meeting_id), attach (poll_id), start, finish, publish",
)
def round_vote(request: HttpRequest, round_id: Id, payload: RoundVoteIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    r = selectors.round_get(scope=scope, pk=round_id)
    if not permissions.can_manage_round(scope, r):
        raise NotPermitted()
    actor = _user(request)
    if payload.action == "create":
        q = meeting_q(scope)
        meeting = _found(
            Meeting.objects.filter(q).select_related("body") if q is not None else Meeting.objects.none(),
            payload.meeting_id,
            _("meeting"),
        )
        services.round_vote_create(actor=actor, scope=scope, round_=r, number=payload.number, meeting=meeting, kind=payload.kind)
    elif payload.action == "attach":
        poll = _found(Poll.objects.select_related("meeting__body"), payload.poll_id, _("poll"))
        services.round_vote_attach(actor=actor, scope=scope, round_=r, number=payload.number, poll=poll)
    else:
        services.round_vote_transition(actor=actor, scope=scope, round_=r, number=payload.number, action=payload.action)
    return _round_detail(scope, selectors.round_get(scope=scope, pk=r.pk))


def _evaluated_detail(scope: Scope, e: EvaluatedUnit) -> dict[str, Any]:
    from .lifecycles import ROUND

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
                "text": p.text,
                "deadline": p.deadline,
                "state": p.state,
                "rectified_on": p.rectified_on,
                "reports": [f"{x.on.isoformat()} {x.text}" for x in p.reports.all()],
                "actions": _actions(PROBLEM.available(p, scope)),
            }
            for p in problems
        ],
    }


@router.get("/evaluations/units/{evaluated_id}", response={200: EvaluatedDetailOut, **ERRORS}, summary="One unit of a round")
def evaluated(request: HttpRequest, evaluated_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _evaluated_detail(scope, selectors.evaluated_get(scope=scope, pk=evaluated_id))


@router.post(
    "/evaluations/units/{evaluated_id}/self-report",
    response={200: EvaluatedDetailOut, **ERRORS},
    summary="The unit's self-report",
)
def self_report(request: HttpRequest, evaluated_id: Id, payload: TextIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    e = selectors.evaluated_get(scope=scope, pk=evaluated_id)
    services.self_report_submit(actor=_user(request), scope=scope, evaluated=e, text=payload.text)
    return _evaluated_detail(scope, selectors.evaluated_get(scope=scope, pk=e.pk))


@router.post(
    "/evaluations/units/{evaluated_id}/opinions",
    response={200: EvaluationOpinionOut, **ERRORS},
    summary="A deputy's written opinion",
)
def evaluation_opinion(request: HttpRequest, evaluated_id: Id, payload: EvaluationOpinionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    e = selectors.evaluated_get(scope=scope, pk=evaluated_id)
    deputy = _found(Deputy.objects.all(), payload.deputy_id, _("deputy")) if payload.deputy_id else None
    o = services.evaluation_opinion_write(actor=_user(request), scope=scope, evaluated=e, text=payload.text, deputy=deputy)
    return {"id": o.pk, "deputy_id": o.deputy_id, "text": o.text, "on": o.on}


@router.post(
    "/evaluations/units/{evaluated_id}/problems",
    response={200: EvaluatedDetailOut, **ERRORS},
    summary="A problem for the unit's list",
)
def problem_add(request: HttpRequest, evaluated_id: Id, payload: ProblemIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    e = selectors.evaluated_get(scope=scope, pk=evaluated_id)
    services.problem_add(actor=_user(request), scope=scope, evaluated=e, text=payload.text, deadline=payload.deadline)
    return _evaluated_detail(scope, selectors.evaluated_get(scope=scope, pk=e.pk))


def _problem(scope: Scope, problem_id: int) -> ProblemItem:
    p = (
        ProblemItem.objects.select_related("evaluated__round__organiser", "evaluated__round__region", "evaluated__unit")
        .filter(pk=problem_id)
        .first()
    )
    if p is None:
        raise Http404
    selectors.evaluated_get(scope=scope, pk=p.evaluated_id)
    return p


@router.post(
    "/evaluations/problems/{problem_id}/progress", response={200: EvaluatedDetailOut, **ERRORS}, summary="Rectification progress"
)
def problem_progress(request: HttpRequest, problem_id: Id, payload: ProgressIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    p = _problem(scope, problem_id)
    services.problem_progress(actor=_user(request), scope=scope, problem=p, text=payload.text, completes=payload.completes)
    return _evaluated_detail(scope, selectors.evaluated_get(scope=scope, pk=p.evaluated_id))


@router.post(
    "/evaluations/problems/{problem_id}/actions", response={200: EvaluatedDetailOut, **ERRORS}, summary="reopen a problem"
)
def problem_action(request: HttpRequest, problem_id: Id, payload: ActionIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    p = _problem(scope, problem_id)
    services.problem_transition(actor=_user(request), scope=scope, problem=p, action=payload.action)
    return _evaluated_detail(scope, selectors.evaluated_get(scope=scope, pk=p.evaluated_id))


# --- campaigns ------------------------------------------------------------------------------------------------------


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "code": c.code,
        "title": c.title,
        "organiser_id": c.organiser_id,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "state": c.state,
    }


def _target_out(scope: Scope, t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "kind": t.kind,
        "region_id": t.region_id,
        "leader": t.leader.name if t.leader_id and t.leader else None,
        "adopted_on": t.adopted_on,
        "due_on": t.due_on,
        "closed_on": t.closed_on,
        "state": t.state,
        "actions": _actions(TARGET.available(t, scope)),
    }


def _campaign_detail(scope: Scope, c: Campaign) -> dict[str, Any]:
    f = campaign_figures(c)
    return {
        **_campaign_out(c),
        "plan": c.plan,
        "plan_adopted_on": c.plan_adopted_on,
        "mobilised_on": c.mobilised_on,
        "mobilisation": c.mobilisation,
        "town_lists": list(c.town_lists),
        "checklist": list(c.checklist),
        "figures": {
            "activities": f.activities,
            "participations": f.participations,
            "deputy_participations": f.deputy_participations,
            "suggestions": f.suggestions,
            "targets_listed": f.targets.get("listed", 0),
            "targets_adopted": f.targets.get("adopted", 0),
            "targets_closed": f.targets.get("closed", 0),
            "checklist_done": f.checklist_done,
            "checklist_total": f.checklist_total,
        },
        "indicators": [
            {
                "indicator_id": r.indicator.pk,
                "code": r.indicator.code,
                "name": r.indicator.name,
                "unit_label": r.indicator.unit_label,
                "value": r.report.value if r.report else None,
                "source": r.report.source if r.report else None,
                "reported_on": r.report.reported_on if r.report else None,
                "counted": False,
            }
            for r in latest_reports(c)
        ],
        "targets": [_target_out(scope, t) for t in c.targets.select_related("leader", "campaign__organiser")],
        "actions": _actions(CAMPAIGN.available(c, scope)),
    }


@router.get("/campaigns", response={200: CampaignPage, **ERRORS}, summary="Campaigns the caller may see")
def campaigns(request: HttpRequest, page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _page(selectors.campaign_list(scope=scope), page, page_size, _campaign_out)


@router.get("/campaigns/{campaign_id}", response={200: CampaignDetailOut, **ERRORS}, summary="One campaign with its figures")
def campaign(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    scope = scope_for(request.user)
    return _campaign_detail(scope, selectors.campaign_get(scope=scope, pk=campaign_id))


@router.post("/campaigns", response={200: CampaignDetailOut, **ERRORS}, summary="A campaign of the standing committee")
def campaign_create(request: HttpRequest, payload: CampaignIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_create_campaigns(scope):
        raise NotPermitted()
    organiser = _found(Body.objects.select_related("region"), payload.organiser_id, _("organiser"))
    data = payload.dict(exclude={"organiser_id"})
    c = services.campaign_create(actor=_user(request), scope=scope, organiser=organiser, **data)
    return _campaign_detail(scope, selectors.campaign_get(scope=scope, pk=c.pk))


def _campaign(request: HttpRequest, campaign_id: int) -> tuple[Scope, Campaign]:
    scope = scope_for(request.user)
    return scope, selectors.campaign_get(scope=scope, pk=campaign_id)


@router.post("/campaigns/{campaign_id}/actions", response={200: CampaignDetailOut, **ERRORS}, summary="mobilise, conclude")
def campaign_action(request: HttpRequest, campaign_id: Id, payload: CampaignMoveIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    services.campaign_transition(
        actor=_user(request), scope=scope, campaign=c, action=payload.action, on=payload.on, text=payload.text
    )
    return _campaign_detail(scope, selectors.campaign_get(scope=scope, pk=c.pk))


@router.post("/campaigns/{campaign_id}/targets", response={200: TargetOut, **ERRORS}, summary="A target of the campaign")
def target_add(request: HttpRequest, campaign_id: Id, payload: TargetIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    region = _found(Region.objects.all(), payload.region_id, _("region"))
    t = services.target_add(
        actor=_user(request), scope=scope, campaign=c, name=payload.name, region=region, kind=payload.kind, note=payload.note
    )
    return _target_out(scope, Target.objects.select_related("leader", "campaign__organiser").get(pk=t.pk))


@router.post(
    "/targets/{target_id}/actions", response={200: TargetOut, **ERRORS}, summary="adopt (leader_id, due_on), close (销号)"
)
def target_action(request: HttpRequest, target_id: Id, payload: TargetMoveIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    t = Target.objects.select_related("campaign__organiser", "campaign__region").filter(pk=target_id).first()
    if t is None:
        raise Http404
    selectors.campaign_get(scope=scope, pk=t.campaign_id)
    leader = _found(Person.objects.all(), payload.leader_id, _("person")) if payload.leader_id else None
    services.target_transition(
        actor=_user(request), scope=scope, target=t, action=payload.action, leader=leader, due_on=payload.due_on, on=payload.on
    )
    return _target_out(scope, Target.objects.select_related("leader", "campaign__organiser").get(pk=t.pk))


@router.post("/campaigns/{campaign_id}/list-entries", response={200: IdOut, **ERRORS}, summary="An entry of a town's list")
def list_entry_add(request: HttpRequest, campaign_id: Id, payload: ListEntryIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    region = _found(Region.objects.all(), payload.region_id, _("town"))
    e = services.list_entry_add(
        actor=_user(request),
        scope=scope,
        campaign=c,
        region=region,
        list_code=payload.list_code,
        title=payload.title,
        text=payload.text,
        on=payload.on,
    )
    return {"id": e.pk}


@router.post(
    "/campaigns/{campaign_id}/checklist", response={200: CountOut, **ERRORS}, summary="Give towns and units the checklist"
)
def checklist_subjects(request: HttpRequest, campaign_id: Id, payload: ChecklistSubjectsIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    regions = list(Region.objects.filter(pk__in=payload.region_ids))
    units = list(Unit.objects.filter(pk__in=payload.unit_ids).select_related("region"))
    if len(regions) != len(set(payload.region_ids)) or len(units) != len(set(payload.unit_ids)):
        raise DomainError(_("Unknown town or unit."))
    n = services.checklist_subjects_add(actor=_user(request), scope=scope, campaign=c, regions=regions, units=units)
    return {"created": n}


@router.post("/checklist/{entry_id}", response={200: ChecklistOut, **ERRORS}, summary="Mark a checklist item done")
def checklist_mark(request: HttpRequest, entry_id: Id, payload: ChecklistMarkIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    entry = ChecklistEntry.objects.select_related("campaign__organiser", "campaign__region").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    selectors.campaign_get(scope=scope, pk=entry.campaign_id)
    activity = (
        _found(selectors.activity_queryset(scope).select_related("region"), payload.activity_id, _("activity"))
        if payload.activity_id
        else None
    )
    e = services.checklist_mark(
        actor=_user(request), scope=scope, entry=entry, done_on=payload.done_on, note=payload.note, activity=activity
    )
    return {
        "id": e.pk,
        "region_id": e.region_id,
        "unit_id": e.unit_id,
        "item": e.item,
        "done_on": e.done_on,
        "note": e.note,
        "activity_id": e.activity_id,
    }


@router.post(
    "/campaigns/{campaign_id}/indicators", response={200: ReportedOut, **ERRORS}, summary="An indicator the government reports"
)
def indicator_add(request: HttpRequest, campaign_id: Id, payload: IndicatorIn) -> dict[str, Any]:
    scope, c = _campaign(request, campaign_id)
    i = services.indicator_add(actor=_user(request), scope=scope, campaign=c, **payload.dict())
    return _reported(i)


def _reported(i: Indicator) -> dict[str, Any]:
    report = i.reports.order_by("-reported_on", "-pk").first()
    return {
        "indicator_id": i.pk,
        "code": i.code,
        "name": i.name,
        "unit_label": i.unit_label,
        "value": report.value if report else None,
        "source": report.source if report else None,
        "reported_on": report.reported_on if report else None,
        "counted": False,
    }


@router.post(
    "/indicators/{indicator_id}/reports",
    response={200: ReportedOut, **ERRORS},
    summary="A value as reported, with its source and date",
)
def indicator_report(request: HttpRequest, indicator_id: Id, payload: IndicatorReportIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    i = Indicator.objects.select_related("campaign__organiser", "campaign__region").filter(pk=indicator_id).first()
    if i is None:
        raise Http404
    selectors.campaign_get(scope=scope, pk=i.campaign_id)
    services.indicator_report_add(actor=_user(request), scope=scope, indicator=i, **payload.dict())
    return _reported(i)


# --- public -------------------------------------------------------------------------------------------------------


@router.get("/public/activities", auth=None, response={200: list[ActivityOut]}, summary="Published reports (no login)")
def public_activities(request: HttpRequest) -> list[dict[str, Any]]:
    return [_activity_out(a) for a in selectors.public_activities()[:200]]


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
