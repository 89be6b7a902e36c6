"""Every read of the duty app; each takes the actor's scope and filters by it first (`*_get` answers 404 outside it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from renda.core.archive import year_bounds
from renda.core.errors import NotPermitted
from renda.core.selectors import get_in_scope, narrow
from renda.org.models import Body, ContactAssignment, Deputy, DeputyGroup
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors
from renda.stations.models import Station

from . import permissions
from .lifecycles import ACTIVITY, ATTENDANCE, TOPIC
from .models import (
    ContactLog,
    Evidence,
    GroupActivity,
    GroupParticipant,
    SelfReport,
    Topic,
    TrainingAttendance,
    TrainingPlan,
    TrainingSession,
    VoterReport,
)

M = TypeVar("M", bound=Model)


def _scoped(model: type[M], q: Q | None) -> QuerySet[M]:
    if q is None:
        raise NotPermitted()
    return model._default_manager.filter(q)


def _one(qs: QuerySet[M], pk: int) -> M:
    return get_in_scope(qs, pk=pk)


def _year(qs: QuerySet[M], year: int | None, field: str = "date") -> QuerySet[M]:
    if year is None:
        return qs
    first, last = year_bounds(year)
    return qs.filter(**{f"{field}__gte": first, f"{field}__lte": last})


@dataclass(frozen=True)
class Period:
    """The filters every duty list shares: a year, or a date range (the overview's half-year)."""

    year: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def apply(self, qs: QuerySet[M], field: str = "date") -> QuerySet[M]:
        qs = _year(qs, self.year, field)
        if self.date_from:
            qs = qs.filter(**{f"{field}__gte": self.date_from})
        if self.date_to:
            qs = qs.filter(**{f"{field}__lte": self.date_to})
        return qs


# --- topics and group activities ------------------------------------------------------------------------------
def topic_queryset(scope: Scope) -> QuerySet[Topic]:
    return _scoped(Topic, permissions.topic_q(scope))


def topic_list(*, scope: Scope, year: int | None = None, congress: int | None = None) -> QuerySet[Topic]:
    qs = narrow(topic_queryset(scope), year=year, congress_id=congress)
    ids = qs.values("pk")  # a deputy's grant joins their groups: distinct rows through an id subquery
    return (
        Topic.objects.filter(pk__in=ids)
        .select_related("congress")
        .annotate(group_count=Count("groups", distinct=True), activity_count=Count("activities", distinct=True))
        .order_by("-year", "-quarter", "congress_id", "pk")
    )


def topic_get(*, scope: Scope, pk: int) -> Topic:
    return _one(Topic.objects.filter(pk__in=topic_queryset(scope).values("pk")).select_related("congress", "region"), pk)


def topic_progress(*, topic: Topic) -> list[tuple[DeputyGroup, list[GroupActivity]]]:
    """Each group the topic went to, with what it did on it (掌握活动开展情况)."""
    activities: dict[int, list[GroupActivity]] = {}
    for a in topic.activities.annotate(n=Count("participations")).order_by("date", "pk"):
        activities.setdefault(a.group_id, []).append(a)
    return [(g, activities.get(g.pk, [])) for g in topic.groups.order_by("region__path", "name")]


def activity_queryset(scope: Scope) -> QuerySet[GroupActivity]:
    return _scoped(GroupActivity, permissions.activity_q(scope))


def activity_list(
    *, scope: Scope, group: int | None = None, topic: int | None = None, year: int | None = None, state: str = "",
    period: Period | None = None, held: bool = False,
) -> QuerySet[GroupActivity]:
    qs = (period or Period()).apply(_year(activity_queryset(scope), year))
    qs = narrow(qs, state__in=ACTIVITY.group("held") if held else None, group_id=group, topic_id=topic, state=state)
    return (
        qs.select_related("group", "topic")
        .annotate(participant_count=Count("participations", distinct=True))
        .order_by("-date", "-pk")
    )


def activity_get(*, scope: Scope, pk: int) -> GroupActivity:
    return _one(activity_queryset(scope).select_related("group", "group__congress", "topic", "region"), pk)


def activity_participants(*, activity: GroupActivity) -> list[GroupParticipant]:
    return list(activity.participations.select_related("deputy__person").order_by("deputy__person__name_pinyin"))


def group_members(*, group: DeputyGroup) -> QuerySet[Deputy]:
    return Deputy.objects.filter(group=group, status=Deputy.Status.SERVING).select_related("person").order_by("person__name_pinyin")


def groups_for(*, scope: Scope) -> list[DeputyGroup]:
    """Groups this user may record activities for: those of the regions they manage, and their own groups."""
    q = Q(pk__in=[])
    if scope.everything:
        q = Q()
    elif scope.roles & permissions.MANAGE_ROLES:
        managed = {rid for role in permissions.MANAGE_ROLES for rid in scope.roles_by_region.get(role, frozenset())}
        q |= Q(region_id__in=managed)
    if scope.person_id:
        q |= Q(pk__in=Deputy.objects.filter(person_id=scope.person_id, status=Deputy.Status.SERVING).values("group_id"))
    return list(DeputyGroup.objects.filter(q).select_related("congress").order_by("congress__region__path", "name"))


def congresses_for(*, scope: Scope) -> list[Body]:
    """Congresses whose groups and training this user manages."""
    return [
        b
        for b in Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("region").order_by("region__path")
        if permissions.manages_region(scope, b.region_id)
    ]


def sent_topics(*, group: DeputyGroup) -> QuerySet[Topic]:
    """The topics sent to a group (an activity may take one up)."""
    return Topic.objects.filter(groups=group, state__in=TOPIC.group("sent")).order_by("-year", "-quarter", "pk")


# --- contacts ---------------------------------------------------------------------------------------------------
def contact_queryset(scope: Scope) -> QuerySet[ContactLog]:
    return _scoped(ContactLog, permissions.contact_q(scope))


def contact_list(
    *, scope: Scope, year: int | None = None, member: int | None = None, deputy: int | None = None, period: Period | None = None
) -> QuerySet[ContactLog]:
    qs = (period or Period()).apply(_year(contact_queryset(scope), year))
    qs = narrow(qs, assignment__member_id=member, deputy_id=deputy)
    return qs.select_related("assignment__member__person", "deputy__person").order_by("-date", "-pk")


def contact_get(*, scope: Scope, pk: int) -> ContactLog:
    return _one(contact_queryset(scope).select_related("assignment__member__person", "assignment__member__body", "deputy__person"), pk)


def assignments_for(*, scope: Scope) -> QuerySet[ContactAssignment]:
    """The assignments this user may log contacts for: their own (a standing-committee member), or every one of the
    congresses whose office they are."""
    q = Q(member__person__user_id=scope.user_id) if scope.user_id else Q(pk__in=[])
    if scope.everything:
        q = Q()
    elif permissions.Role.OFFICE in scope.roles:
        q |= Q(member__body__region_id__in=scope.roles_by_region.get(permissions.Role.OFFICE, frozenset()))
    return (
        ContactAssignment.objects.filter(q)
        .select_related("member__person", "member__body", "deputy__person", "deputy__region")
        .order_by("member__person__name_pinyin", "deputy__person__name_pinyin")
    )


def assignment_get(*, scope: Scope, pk: int) -> ContactAssignment:
    return _one(assignments_for(scope=scope), pk)


# --- training ---------------------------------------------------------------------------------------------------
def plan_queryset(scope: Scope) -> QuerySet[TrainingPlan]:
    return _scoped(TrainingPlan, permissions.plan_q(scope))


def plan_list(*, scope: Scope, year: int | None = None) -> QuerySet[TrainingPlan]:
    ids = plan_queryset(scope).values("pk")
    qs = narrow(TrainingPlan.objects.filter(pk__in=ids), year=year)
    return qs.select_related("congress").annotate(session_count=Count("sessions", distinct=True)).order_by("-year", "pk")


def plan_get(*, scope: Scope, pk: int) -> TrainingPlan:
    return _one(TrainingPlan.objects.filter(pk__in=plan_queryset(scope).values("pk")).select_related("congress", "region"), pk)


def session_queryset(scope: Scope) -> QuerySet[TrainingSession]:
    return _scoped(TrainingSession, permissions.session_q(scope))


def plan_sessions(*, scope: Scope, plan: TrainingPlan) -> QuerySet[TrainingSession]:
    ids = session_queryset(scope).filter(plan=plan).values("pk")
    present = Count("attendance", filter=Q(attendance__status__in=ATTENDANCE.group("attended")))
    return TrainingSession.objects.filter(pk__in=ids).annotate(invited=Count("attendance"), present=present).order_by("date", "pk")


def session_get(*, scope: Scope, pk: int) -> TrainingSession:
    ids = session_queryset(scope).filter(pk=pk).values("pk")
    return _one(TrainingSession.objects.filter(pk__in=ids).select_related("plan", "plan__congress", "region"), pk)


def session_attendance(*, session: TrainingSession) -> list[TrainingAttendance]:
    return list(session.attendance.select_related("deputy__person").order_by("deputy__person__name_pinyin"))


def my_attendance(*, scope: Scope, session: TrainingSession) -> TrainingAttendance | None:
    if not scope.person_id:
        return None
    return session.attendance.filter(deputy__person_id=scope.person_id).first()


# --- reports to voters ------------------------------------------------------------------------------------------
def report_queryset(scope: Scope) -> QuerySet[VoterReport]:
    return _scoped(VoterReport, permissions.report_q(scope))


def report_list(
    *, scope: Scope, year: int | None = None, state: str = "", deputy: int | None = None, period: Period | None = None
) -> QuerySet[VoterReport]:
    qs = (period or Period()).apply(_year(report_queryset(scope), year))
    qs = narrow(qs, state=state, deputy_id=deputy)
    return qs.select_related("deputy__person", "deputy__congress", "station").order_by("-date", "-pk")


def report_get(*, scope: Scope, pk: int) -> VoterReport:
    return _one(report_queryset(scope).select_related("deputy__person", "deputy__congress", "station", "station__officer"), pk)


def stations_for(*, scope: Scope) -> list[Station]:
    """Stations where this user may schedule reports to voters."""
    return [
        s
        for s in Station.objects.filter(is_active=True).exclude(kind=Station.Kind.ONLINE).select_related("town").order_by("town__path", "kind", "name")
        if permissions.can_schedule_report_at(scope, s)
    ]


def reporting_deputies(*, station: Station) -> QuerySet[Deputy]:
    """Deputies who may report at a station: the stations app's own answer to "who belongs to this station"."""
    return station_selectors.candidate_deputies(station=station)


# --- self-reported activities -----------------------------------------------------------------------------------
def self_report_queryset(scope: Scope) -> QuerySet[SelfReport]:
    return _scoped(SelfReport, permissions.self_report_q(scope))


def self_report_list(
    *, scope: Scope, state: str = "", year: int | None = None, deputy: int | None = None, period: Period | None = None
) -> QuerySet[SelfReport]:
    qs = (period or Period()).apply(_year(self_report_queryset(scope), year))
    qs = narrow(qs, state=state, deputy_id=deputy)
    return qs.select_related("deputy__person", "deputy__congress").annotate(evidence_count=Count("evidence")).order_by("-date", "-pk")


def self_report_get(*, scope: Scope, pk: int) -> SelfReport:
    return _one(self_report_queryset(scope).select_related("deputy__person", "deputy__congress", "deputy__region", "decided_by"), pk)


def report_evidence(*, report: SelfReport) -> list[Evidence]:
    return list(report.evidence.order_by("created_at", "pk"))


def evidence_get(*, scope: Scope, report_pk: int, pk: int) -> Evidence:
    """A file of a report the user sees (404 otherwise, and for anyone without a login)."""
    q = permissions.self_report_q(scope)
    if not scope.user_id or q is None:
        raise Http404
    return get_in_scope(Evidence.objects.filter(report__in=SelfReport.objects.filter(q)), pk=pk, report_id=report_pk)


def my_mandates(*, scope: Scope) -> list[Deputy]:
    if scope.person_id is None:
        return []
    return list(
        Deputy.objects.filter(person_id=scope.person_id, status=Deputy.Status.SERVING)
        .select_related("congress", "region")
        .order_by("congress__level", "pk")
    )
