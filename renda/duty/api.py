"""The duty API: quarterly topics and group activities, contacts, training, reports to voters, self-reported
activities and their confirmation. JSON bodies, except the two that carry evidence files (multipart).

Every endpoint goes through the same selectors and services as the pages; a record outside the caller's scope
answers 404; every detail carries the `actions` its lifecycle offers the caller now, and a write to
`…/actions` names one of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.listing import MAX_YEAR, MIN_YEAR
from renda.core.requests import AuthedRequest
from renda.core.routes import Record
from renda.core.schemas import ERRORS, ActionOut, Count, Day, Id, Quarter, Year
from renda.org.models import Body, Deputy, DeputyGroup
from renda.org.scoping import Scope, scope_for

from . import permissions, selectors, services
from .lifecycles import ACTIVITY, REPORT, SELF_REPORT, SESSION, TOPIC
from .models import ContactLog, GroupActivity, SelfReport, Topic, TrainingSession, VoterReport

router = Router(tags=["duty"])


def _year(year: int | None) -> int | None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(_("Choose a year between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR})
    return year


def _scope(request: AuthedRequest) -> Scope:
    return scope_for(request.user)


LIST_LIMIT = 500  # a list answers its first rows at the most


def _listed(request: AuthedRequest, rows: Callable[..., Any], out: Callable[[Any], dict], **filters: Any) -> list[dict]:
    """The first rows of a list the caller sees (`rows(scope=…, **filters)`), each answered by `out`."""
    return [out(x) for x in rows(scope=_scope(request), **filters)[:LIST_LIMIT]]


def _picked(choices: Any, pk: int) -> Any:
    """The record a body names among those the caller may choose (congresses, groups, stations): 403 for any other."""
    chosen = next((c for c in choices if c.pk == pk), None)
    if chosen is None:
        raise NotPermitted()
    return chosen


def _move(action: str, moves: dict[str, Callable[[], object]]) -> None:
    """The service of the action a body names, among the record's `moves` (422 for any other)."""
    if action not in moves:
        raise DomainError(_("Unknown action."))
    moves[action]()


class DutyActionIn(Schema):
    action: str
    reason: str = ""


# --- topics -------------------------------------------------------------------------------------------------------
class TopicOut(Schema):
    id: int
    congress_id: int
    congress: str
    year: int
    quarter: int
    title: str
    text: str
    state: str
    sent_on: datetime.date | None


class GroupProgressOut(Schema):
    group_id: int
    group: str
    activities: list[int]


class TopicDetailOut(TopicOut):
    groups: list[GroupProgressOut]
    actions: list[ActionOut]


class TopicIn(Schema):
    congress_id: Id
    year: Year
    quarter: Quarter
    title: str
    text: str = ""
    group_ids: list[Id] = []


def _topic(t: Topic) -> dict:
    return {"id": t.pk, "congress_id": t.congress_id, "congress": t.congress.name, "year": t.year, "quarter": t.quarter,
            "title": t.title, "text": t.text, "state": t.state, "sent_on": t.sent_on}  # fmt: skip


def _topic_detail(scope: Scope, t: Topic) -> dict:
    groups = [{"group_id": g.pk, "group": g.name, "activities": [a.pk for a in acts]} for g, acts in selectors.topic_progress(topic=t)]
    return {**_topic(t), "groups": groups, "actions": actions_payload(TOPIC.available(t, scope))}


TOPICS = Record(scope=scope_for, get=selectors.topic_get, detail=_topic_detail)


@router.get("/topics", response={200: list[TopicOut], **ERRORS}, summary="Quarterly topics the caller sees")
def topics(request: AuthedRequest, year: Year | None = None) -> list[dict]:
    return _listed(request, selectors.topic_list, _topic, year=_year(year))


@router.post("/topics", response={200: TopicDetailOut, **ERRORS}, summary="Propose a quarterly topic to a congress's groups")
def topic_create(request: AuthedRequest, payload: TopicIn) -> dict:
    scope = _scope(request)
    congress = _picked(selectors.congresses_for(scope=scope), payload.congress_id)
    groups = list(DeputyGroup.objects.filter(pk__in=payload.group_ids, congress=congress))
    if len(groups) != len(set(payload.group_ids)):
        raise DomainError(_("Choose groups of %(congress)s.") % {"congress": congress.name})
    topic = services.topic_create(actor=request.user, scope=scope, congress=congress, year=payload.year, quarter=payload.quarter,
                                  title=payload.title, text_=payload.text, groups=groups)  # fmt: skip
    return TOPICS.read(request, topic.pk)


@router.get("/topics/{topic_id}", response={200: TopicDetailOut, **ERRORS}, summary="A topic and what each group did on it")
def topic_detail(request: AuthedRequest, topic_id: Id) -> dict:
    return TOPICS.read(request, topic_id)


@router.post("/topics/{topic_id}/actions", response={200: TopicDetailOut, **ERRORS}, summary="send | close")
def topic_action(request: AuthedRequest, topic_id: Id, payload: DutyActionIn) -> dict:
    return TOPICS.write(request, topic_id, lambda scope, topic, actor: _move(payload.action, {
        "send": lambda: services.topic_send(actor=actor, scope=scope, topic=topic),
        "close": lambda: services.topic_close(actor=actor, scope=scope, topic=topic),
    }))  # fmt: skip


# --- group activities ---------------------------------------------------------------------------------------------
class DutyActivityOut(Schema):
    id: int
    group_id: int
    group: str
    topic_id: int | None
    title: str
    date: datetime.date
    place: str
    state: str


class DutyActivityDetailOut(DutyActivityOut):
    participant_ids: list[Id]
    findings: str
    suggestions: str
    outcome: str
    actions: list[ActionOut]


class DutyActivityIn(Schema):
    group_id: Id
    title: str
    date: Day
    place: str = ""
    topic_id: Id | None = None


class ActivityActionIn(Schema):
    action: str
    participant_ids: list[Id] = []
    findings: str = ""
    suggestions: str = ""
    outcome: str = ""
    reason: str = ""


def _activity(a: GroupActivity) -> dict:
    return {"id": a.pk, "group_id": a.group_id, "group": a.group.name, "topic_id": a.topic_id, "title": a.title, "date": a.date,
            "place": a.place, "state": a.state}  # fmt: skip


def _activity_detail(scope: Scope, a: GroupActivity) -> dict:
    return {**_activity(a), "participant_ids": [p.deputy_id for p in selectors.activity_participants(activity=a)],
            "findings": a.findings, "suggestions": a.suggestions, "outcome": a.outcome,
            "actions": actions_payload(ACTIVITY.available(a, scope))}  # fmt: skip


ACTIVITIES = Record(scope=scope_for, get=selectors.activity_get, detail=_activity_detail)


@router.get("/activities", response={200: list[DutyActivityOut], **ERRORS}, summary="Group activities the caller sees (at most 500)")
def activities(request: AuthedRequest, year: Year | None = None, group: Id | None = None, topic: Id | None = None) -> list[dict]:
    return _listed(request, selectors.activity_list, _activity, year=_year(year), group=group, topic=topic)


@router.post("/activities", response={200: DutyActivityDetailOut, **ERRORS}, summary="Plan a group activity")
def activity_create(request: AuthedRequest, payload: DutyActivityIn) -> dict:
    scope = _scope(request)
    group = _picked(selectors.groups_for(scope=scope), payload.group_id)
    topic = selectors.topic_get(scope=scope, pk=payload.topic_id) if payload.topic_id else None
    a = services.activity_create(actor=request.user, scope=scope, group=group, title=payload.title, date=payload.date,
                                 place=payload.place, topic=topic)  # fmt: skip
    return ACTIVITIES.read(request, a.pk)


@router.get("/activities/{activity_id}", response={200: DutyActivityDetailOut, **ERRORS}, summary="One group activity")
def activity_detail(request: AuthedRequest, activity_id: Id) -> dict:
    return ACTIVITIES.read(request, activity_id)


@router.post("/activities/{activity_id}/actions", response={200: DutyActivityDetailOut, **ERRORS},
             summary="record (participant_ids, findings, suggestions) | close (outcome) | cancel (reason)")  # fmt: skip
def activity_action(request: AuthedRequest, activity_id: Id, payload: ActivityActionIn) -> dict:
    def record(scope: Scope, a: GroupActivity, actor: Any) -> None:
        participants = list(Deputy.objects.filter(pk__in=payload.participant_ids))
        if len(participants) != len(set(payload.participant_ids)):
            raise DomainError(_("Participants are deputies of the group."))
        services.activity_record(actor=actor, scope=scope, activity=a, participants=participants,
                                 findings=payload.findings, suggestions=payload.suggestions)  # fmt: skip

    return ACTIVITIES.write(request, activity_id, lambda scope, a, actor: _move(payload.action, {
        "record": lambda: record(scope, a, actor),
        "close": lambda: services.activity_close(actor=actor, scope=scope, activity=a, outcome=payload.outcome),
        "cancel": lambda: services.activity_cancel(actor=actor, scope=scope, activity=a, reason=payload.reason),
    }))  # fmt: skip


# --- contacts -----------------------------------------------------------------------------------------------------
class DutyContactOut(Schema):
    id: int
    assignment_id: int
    member: str
    deputy_id: int
    deputy: str
    date: datetime.date
    manner: str
    opinions: str
    follow_up: str
    followed_up_on: datetime.date | None
    follow_up_result: str


class ContactDetailOut(DutyContactOut):
    actions: list[ActionOut]


class DutyContactIn(Schema):
    assignment_id: Id
    date: Day
    manner: str
    opinions: str
    follow_up: str = ""
    client_token: str = ""


class DutyFollowUpIn(Schema):
    action: str = "follow_up"
    result: str = ""


def _contact(c: ContactLog) -> dict:
    return {"id": c.pk, "assignment_id": c.assignment_id, "member": c.assignment.member.person.name, "deputy_id": c.deputy_id,
            "deputy": c.deputy.person.name, "date": c.date, "manner": c.manner, "opinions": c.opinions, "follow_up": c.follow_up,
            "followed_up_on": c.followed_up_on, "follow_up_result": c.follow_up_result}  # fmt: skip


def _contact_detail(scope: Scope, c: ContactLog) -> dict:
    can = c.followed_up_on is None and permissions.can_follow_up_contact(scope, c)
    return {**_contact(c), "actions": [{"action": "follow_up", "label": _("Record the follow-up"), "target": ""}] if can else []}


CONTACTS = Record(scope=scope_for, get=selectors.contact_get, detail=_contact_detail)


@router.get("/contacts", response={200: list[DutyContactOut], **ERRORS}, summary="Contacts of standing-committee members with deputies")
def contacts(request: AuthedRequest, year: Year | None = None, member: Id | None = None) -> list[dict]:
    return _listed(request, selectors.contact_list, _contact, year=_year(year), member=member)


@router.post("/contacts", response={200: ContactDetailOut, **ERRORS}, summary="Record a contact with an assigned deputy")
def contact_create(request: AuthedRequest, payload: DutyContactIn) -> dict:
    scope = _scope(request)
    assignment = selectors.assignment_get(scope=scope, pk=payload.assignment_id)
    log = services.contact_log_create(actor=request.user, scope=scope, assignment=assignment, date=payload.date,
                                      manner=payload.manner, opinions=payload.opinions, follow_up=payload.follow_up,
                                      client_token=payload.client_token)  # fmt: skip
    return CONTACTS.read(request, log.pk)


@router.get("/contacts/{contact_id}", response={200: ContactDetailOut, **ERRORS}, summary="One contact")
def contact_detail(request: AuthedRequest, contact_id: Id) -> dict:
    return CONTACTS.read(request, contact_id)


@router.post("/contacts/{contact_id}/actions", response={200: ContactDetailOut, **ERRORS}, summary="follow_up (result)")
def contact_action(request: AuthedRequest, contact_id: Id, payload: DutyFollowUpIn) -> dict:
    return CONTACTS.write(request, contact_id, lambda scope, log, actor: _move(payload.action, {
        "follow_up": lambda: services.contact_follow_up(actor=actor, scope=scope, log=log, result=payload.result),
    }))  # fmt: skip


# --- training -----------------------------------------------------------------------------------------------------
class PlanOut(Schema):
    id: int
    congress_id: int
    congress: str
    year: int
    title: str
    for_new_deputies: bool


class SessionOut(Schema):
    id: int
    plan_id: int
    title: str
    date: datetime.date
    place: str
    hours: Decimal
    state: str


class PlanDetailOut(PlanOut):
    text: str
    sessions: list[SessionOut]


class TrainingAttendanceOut(Schema):
    deputy_id: int
    name: str
    status: str


class SessionDetailOut(SessionOut):
    summary: str
    attendance: list[TrainingAttendanceOut]
    actions: list[ActionOut]


class PlanIn(Schema):
    congress_id: Id
    year: Year
    title: str
    text: str = ""
    for_new_deputies: bool = False


class TrainingSessionIn(Schema):
    title: str
    date: Day
    place: str = ""
    teacher: str = ""
    hours: Annotated[Decimal, Field(gt=0, max_digits=4, decimal_places=1)] = Decimal(3)
    deputy_ids: list[Id] | None = None


class SessionActionIn(Schema):
    action: str
    present_ids: list[Id] = []
    leave_ids: list[Id] = []
    summary: str = ""
    reason: str = ""


def _plan(p: Any) -> dict:
    return {"id": p.pk, "congress_id": p.congress_id, "congress": p.congress.name, "year": p.year, "title": p.title,
            "for_new_deputies": p.for_new_deputies}  # fmt: skip


def _session(s: TrainingSession) -> dict:
    return {"id": s.pk, "plan_id": s.plan_id, "title": s.title, "date": s.date, "place": s.place, "hours": s.hours, "state": s.state}


def _session_detail(scope: Scope, s: TrainingSession) -> dict:
    if permissions.can_manage_session(scope, s):
        rows = selectors.session_attendance(session=s)
    else:
        mine = selectors.my_attendance(scope=scope, session=s)
        rows = [mine] if mine is not None else []
    return {**_session(s), "summary": s.summary,
            "attendance": [{"deputy_id": a.deputy_id, "name": a.deputy.person.name, "status": a.status} for a in rows],
            "actions": actions_payload(SESSION.available(s, scope))}  # fmt: skip


SESSIONS = Record(scope=scope_for, get=selectors.session_get, detail=_session_detail)


@router.get("/training/plans", response={200: list[PlanOut], **ERRORS}, summary="Training plans the caller sees")
def plans(request: AuthedRequest, year: Year | None = None) -> list[dict]:
    return _listed(request, selectors.plan_list, _plan, year=_year(year))


@router.post("/training/plans", response={200: PlanDetailOut, **ERRORS}, summary="A congress's training plan for a year")
def plan_create(request: AuthedRequest, payload: PlanIn) -> dict:
    scope = _scope(request)
    congress = Body.objects.filter(pk=payload.congress_id, kind=Body.Kind.CONGRESS).first()
    if congress is None or not permissions.can_manage_training_of(scope, congress):
        raise NotPermitted()
    plan = services.plan_create(actor=request.user, scope=scope, congress=congress, year=payload.year, title=payload.title,
                                text_=payload.text, for_new_deputies=payload.for_new_deputies)  # fmt: skip
    return plan_detail(request, plan.pk)


@router.get("/training/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="A training plan with its sessions")
def plan_detail(request: AuthedRequest, plan_id: Id) -> dict:
    scope = _scope(request)
    plan = selectors.plan_get(scope=scope, pk=plan_id)
    return {**_plan(plan), "text": plan.text, "sessions": [_session(s) for s in selectors.plan_sessions(scope=scope, plan=plan)]}


@router.post("/training/plans/{plan_id}/sessions", response={200: SessionDetailOut, **ERRORS},
             summary="A session of the plan (every deputy the plan is for is invited, unless deputy_ids are given)")  # fmt: skip
def session_create(request: AuthedRequest, plan_id: Id, payload: TrainingSessionIn) -> dict:
    scope = _scope(request)
    plan = selectors.plan_get(scope=scope, pk=plan_id)
    deputies = list(Deputy.objects.filter(pk__in=payload.deputy_ids)) if payload.deputy_ids is not None else None
    session = services.session_create(actor=request.user, scope=scope, plan=plan, title=payload.title, date=payload.date,
                                      place=payload.place, teacher=payload.teacher, hours=payload.hours, deputies=deputies)  # fmt: skip
    return SESSIONS.read(request, session.pk)


@router.get("/training/sessions/{session_id}", response={200: SessionDetailOut, **ERRORS}, summary="One training session")
def session_detail(request: AuthedRequest, session_id: Id) -> dict:
    return SESSIONS.read(request, session_id)


@router.post("/training/sessions/{session_id}/actions", response={200: SessionDetailOut, **ERRORS},
             summary="record (present_ids, leave_ids; every other invitee absent; summary) | cancel (reason)")  # fmt: skip
def session_action(request: AuthedRequest, session_id: Id, payload: SessionActionIn) -> dict:
    return SESSIONS.write(request, session_id, lambda scope, s, actor: _move(payload.action, {
        "record": lambda: services.session_record(actor=actor, scope=scope, session=s, present=payload.present_ids,
                                                  leave=payload.leave_ids, summary=payload.summary),
        "cancel": lambda: services.session_cancel(actor=actor, scope=scope, session=s, reason=payload.reason),
    }))  # fmt: skip


# --- reports to voters --------------------------------------------------------------------------------------------
class DutyReportOut(Schema):
    id: int
    deputy_id: int
    deputy: str
    station_id: int
    station: str
    date: datetime.date
    title: str
    state: str
    voters_present: int
    satisfied: int
    basically_satisfied: int
    not_satisfied: int


class ReportDetailOut(DutyReportOut):
    summary: str
    comments: str
    actions: list[ActionOut]


class DutyReportIn(Schema):
    deputy_id: Id
    station_id: Id
    date: Day
    title: str


class ReportActionIn(Schema):
    action: str
    summary: str = ""
    voters_present: Count = 0
    satisfied: Count = 0
    basically_satisfied: Count = 0
    not_satisfied: Count = 0
    comments: str = ""
    reason: str = ""


def _report(r: VoterReport) -> dict:
    return {"id": r.pk, "deputy_id": r.deputy_id, "deputy": r.deputy.person.name, "station_id": r.station_id,
            "station": r.station.name, "date": r.date, "title": r.title, "state": r.state, "voters_present": r.voters_present,
            "satisfied": r.satisfied, "basically_satisfied": r.basically_satisfied, "not_satisfied": r.not_satisfied}  # fmt: skip


def _report_detail(scope: Scope, r: VoterReport) -> dict:
    return {**_report(r), "summary": r.summary, "comments": r.comments, "actions": actions_payload(REPORT.available(r, scope))}


REPORTS = Record(scope=scope_for, get=selectors.report_get, detail=_report_detail)


@router.get("/reports", response={200: list[DutyReportOut], **ERRORS}, summary="Reports to voters the caller sees")
def reports(request: AuthedRequest, year: Year | None = None) -> list[dict]:
    return _listed(request, selectors.report_list, _report, year=_year(year))


@router.post("/reports", response={200: ReportDetailOut, **ERRORS}, summary="Schedule a deputy's report to voters at a station")
def report_create(request: AuthedRequest, payload: DutyReportIn) -> dict:
    scope = _scope(request)
    station = _picked(selectors.stations_for(scope=scope), payload.station_id)
    deputy = selectors.reporting_deputies(station=station).filter(pk=payload.deputy_id).first()
    if deputy is None:
        raise DomainError(_("Choose a deputy of this station."))
    r = services.report_schedule(actor=request.user, scope=scope, deputy=deputy, station=station, date=payload.date,
                                 title=payload.title)  # fmt: skip
    return REPORTS.read(request, r.pk)


@router.get("/reports/{report_id}", response={200: ReportDetailOut, **ERRORS}, summary="One report to voters")
def report_detail(request: AuthedRequest, report_id: Id) -> dict:
    return REPORTS.read(request, report_id)


@router.post("/reports/{report_id}/actions", response={200: ReportDetailOut, **ERRORS},
             summary="record (summary, voters present, evaluations) | cancel (reason)")  # fmt: skip
def report_action(request: AuthedRequest, report_id: Id, payload: ReportActionIn) -> dict:
    record = payload.dict(exclude={"action", "reason"})
    return REPORTS.write(request, report_id, lambda scope, r, actor: _move(payload.action, {
        "record": lambda: services.report_record(actor=actor, scope=scope, report=r, **record),
        "cancel": lambda: services.report_cancel(actor=actor, scope=scope, report=r, reason=payload.reason),
    }))  # fmt: skip


# --- self-reported activities -------------------------------------------------------------------------------------
class SelfReportOut(Schema):
    id: int
    deputy_id: int
    deputy: str
    kind: str
    date: datetime.date
    title: str
    state: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class SelfReportDetailOut(SelfReportOut):
    text: str
    reason: str
    evidence: list[EvidenceOut]
    actions: list[ActionOut]


class SelfReportIn(Schema):
    deputy_id: Id
    kind: str
    date: Day
    title: str
    text: str
    client_token: str = ""


def _self(s: SelfReport) -> dict:
    return {"id": s.pk, "deputy_id": s.deputy_id, "deputy": s.deputy.person.name, "kind": s.kind, "date": s.date,
            "title": s.title, "state": s.state}  # fmt: skip


def _self_detail(scope: Scope, s: SelfReport) -> dict:
    return {**_self(s), "text": s.text, "reason": s.reason,
            "evidence": [{"id": e.pk, "name": e.name, "content_type": e.content_type, "size": e.size}
                         for e in selectors.report_evidence(report=s)],
            "actions": actions_payload(SELF_REPORT.available(s, scope))}  # fmt: skip


SELF_REPORTS = Record(scope=scope_for, get=selectors.self_report_get, detail=_self_detail, name="report")


@router.get("/self-reports", response={200: list[SelfReportOut], **ERRORS},
            summary="Self-reported activities: the caller's own (a deputy), those to confirm (staff)")  # fmt: skip
def self_reports(request: AuthedRequest, state: str = "", year: Year | None = None) -> list[dict]:
    if state and state not in SelfReport.State.values:
        raise DomainError(_("Unknown state."))
    return _listed(request, selectors.self_report_list, _self, state=state, year=_year(year))


@router.post("/self-reports", response={200: SelfReportDetailOut, **ERRORS},
             summary="Report an activity with evidence (multipart: the fields and `files`)")  # fmt: skip
def self_report_create(request: AuthedRequest, payload: Form[SelfReportIn], files: list[UploadedFile] = File(None)) -> dict:  # noqa: B008
    scope = _scope(request)
    if not permissions.can_self_report(scope):
        raise NotPermitted()
    deputy = Deputy.objects.filter(pk=payload.deputy_id, person_id=scope.person_id or 0).select_related("region").first()
    if deputy is None:
        raise NotPermitted()
    s = services.self_report_submit(actor=request.user, scope=scope, deputy=deputy, kind=payload.kind, date=payload.date,
                                    title=payload.title, text_=payload.text, files=files or [],
                                    client_token=payload.client_token)  # fmt: skip
    return SELF_REPORTS.read(request, s.pk)


@router.get("/self-reports/{report_id}", response={200: SelfReportDetailOut, **ERRORS}, summary="One self-reported activity")
def self_report_detail(request: AuthedRequest, report_id: Id) -> dict:
    return SELF_REPORTS.read(request, report_id)


@router.post("/self-reports/{report_id}/actions", response={200: SelfReportDetailOut, **ERRORS},
             summary="confirm | decline (reason) — staff; resubmit | withdraw — the deputy")  # fmt: skip
def self_report_action(request: AuthedRequest, report_id: Id, payload: DutyActionIn) -> dict:
    return SELF_REPORTS.write(request, report_id, lambda scope, s, actor: _move(payload.action, {
        "decline": lambda: services.self_report_decline(actor=actor, scope=scope, report=s, reason=payload.reason),
        "confirm": lambda: services.self_report_confirm(actor=actor, scope=scope, report=s),
        "resubmit": lambda: services.self_report_resubmit(actor=actor, scope=scope, report=s),
        "withdraw": lambda: services.self_report_withdraw(actor=actor, scope=scope, report=s),
    }))  # fmt: skip


@router.post("/self-reports/{report_id}/evidence", response={200: SelfReportDetailOut, **ERRORS},
             summary="Add evidence files to one's own activity still waiting or declined (multipart `files`)")  # fmt: skip
def self_report_evidence(request: AuthedRequest, report_id: Id, files: list[UploadedFile] = File(...)) -> dict:  # noqa: B008
    return SELF_REPORTS.call(request, report_id, services.evidence_add, files=files)
