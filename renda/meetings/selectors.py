"""Every read of the meetings app. Each selector takes the actor's scope and filters by it first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, QuerySet
from django.http import Http404

from renda.core.errors import NotPermitted
from renda.core.selectors import count_per_row
from renda.org.models import Body, Deputy, Unit
from renda.org.scoping import Scope

from . import permissions
from .lifecycles import MEETING, POLL
from .models import AgendaItem, Attendance, Document, Meeting, Poll, ReviewOpinion

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class PollCounts(TypedDict):
    n_voted: int


@dataclass
class MeetingFilters:
    kind: str = ""
    state: str = ""
    year: int | None = None
    region: int | None = None
    q: str = ""
    date_from: datetime.date | None = None  # sittings starting in this range
    date_to: datetime.date | None = None
    # only sittings that took place (not merely planned), a session's preparatory meeting counted with its session:
    # what the work overview counts
    held: bool = False


def meeting_queryset(scope: Scope) -> QuerySet[Meeting]:
    q = permissions.meeting_q(scope)
    if q is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(q)


def meeting_list(*, scope: Scope, filters: MeetingFilters | None = None) -> QuerySet[Meeting]:
    if not permissions.can_list_meetings(scope):
        raise NotPermitted()
    f = filters or MeetingFilters()
    qs = meeting_queryset(scope)
    if f.kind:
        qs = qs.filter(body__kind=f.kind)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.year:
        qs = qs.filter(start_date__year=f.year)
    if f.region:
        qs = qs.filter(region_id=f.region)
    if f.date_from:
        qs = qs.filter(start_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(start_date__lte=f.date_to)
    if f.held:
        qs = qs.filter(state__in=MEETING.group("held"), preparatory_for__isnull=True)
    if f.q:
        qs = qs.filter(title__contains=f.q.strip())
    members = Attendance.objects.filter(role=Attendance.Role.MEMBER, entitled=True)
    return (
        qs.select_related("body", "region", "term")
        .annotate(
            n_items=count_per_row(AgendaItem.objects.all(), "meeting"),
            n_members=count_per_row(members, "meeting"),
            n_present=count_per_row(members.filter(status=Attendance.Status.PRESENT), "meeting"),
        )
        .order_by("-start_date", "region__path", "-pk")
    )


def agenda_item_list(*, scope: Scope, filters: MeetingFilters, item_kind: str = "") -> QuerySet[AgendaItem]:
    """Agenda items of the sittings the filters select (the same meeting filters), of one kind when given: the
    reports the standing committee heard in a half-year are the overview's drill-down."""
    meetings = meeting_list(scope=scope, filters=filters)
    qs = AgendaItem.objects.filter(meeting__in=meetings.values("pk"))
    if item_kind:
        qs = qs.filter(kind=item_kind)
    return qs.select_related("meeting", "meeting__body", "reporting_unit").order_by("meeting__start_date", "meeting_id", "order")


def meeting_get(*, scope: Scope, pk: int) -> Meeting:
    if not permissions.can_list_meetings(scope):
        raise NotPermitted()
    meeting = meeting_queryset(scope).select_related("body", "region", "term", "body__congress").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_public_list() -> QuerySet[Meeting]:
    return Meeting.objects.filter(is_published=True).select_related("body", "region").order_by("-start_date", "-pk")


def meeting_public_get(*, pk: int) -> Meeting:
    meeting = meeting_public_list().filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def agenda(*, meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related("reporting_unit").prefetch_related("documents").select_related("decision", "decision__poll")
    )


def documents(*, meeting: Meeting) -> list[Document]:
    """Latest version of each document first, then its older versions."""
    return list(meeting.documents.select_related("item").order_by("title", "-version"))


def polls(*, meeting: Meeting, published_only: bool = False) -> QuerySet[WithAnnotations[Poll, PollCounts]]:
    qs = (
        meeting.polls.select_related("item")
        .prefetch_related("options")
        .annotate(n_voted=Count("voters", distinct=True))
        .order_by("pk")
    )
    if published_only:
        qs = qs.filter(state__in=POLL.group("published"))
    return qs


def poll_get(*, scope: Scope, pk: int) -> Poll:
    poll = (
        Poll.objects.filter(pk=pk, meeting__in=meeting_queryset(scope))
        .select_related("meeting", "meeting__body", "meeting__region", "meeting__term", "item")
        .first()
    )
    if poll is None:
        raise Http404
    return poll


def document_get(*, scope: Scope, pk: int) -> Document:
    """A document of a meeting in the caller's scope; 404 otherwise."""
    doc = Document.objects.filter(pk=pk, meeting__in=meeting_queryset(scope)).first()
    if doc is None:
        raise Http404
    return doc


def attendance_get(*, scope: Scope, pk: int) -> Attendance:
    """One person's attendance at a meeting in the caller's scope, with the meeting; 404 otherwise."""
    row = Attendance.objects.filter(pk=pk, meeting__in=meeting_queryset(scope)).select_related("meeting", "meeting__body").first()
    if row is None:
        raise Http404
    return row


def agenda_item_get(*, scope: Scope, pk: int) -> AgendaItem:
    """An agenda item of a meeting in the caller's scope, with the meeting; 404 otherwise."""
    item = (
        AgendaItem.objects.filter(pk=pk, meeting__in=meeting_queryset(scope)).select_related("meeting", "meeting__body").first()
    )
    if item is None:
        raise Http404
    return item


def attendance_by_code(*, scope: Scope, token: str) -> Attendance:
    """The caller's own place at the meeting whose sign-in code this is; 404 for anyone not invited to it."""
    row = (
        Attendance.objects.filter(meeting__signin_token=token, person_id=scope.person_id).select_related("meeting").first()
        if scope.person_id is not None
        else None
    )
    if row is None:
        raise Http404
    return row


def attendance(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("person").order_by("role", "person__name_pinyin", "pk")


def attendance_board(*, meeting: Meeting) -> dict:
    """Counts for the live board and the quorum (the rule for the body's kind), counted against the full
    membership at the meeting date."""
    from .membership import quorum_of
    from .wording import fraction_label

    rows = dict(
        meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True).values_list("status").annotate(n=Count("pk"))
    )
    non_voting = dict(meeting.attendances.filter(role=Attendance.Role.NON_VOTING).values_list("status").annotate(n=Count("pk")))
    q = quorum_of(body=meeting.body, term=meeting.term, on=meeting.start_date)
    base, quorum = q.base, q.required
    present = rows.get(Attendance.Status.PRESENT, 0)
    return {
        "base": base,
        "quorum": quorum,
        "quorum_rule": fraction_label(q.rule),
        "present": present,
        "leave": rows.get(Attendance.Status.LEAVE, 0),
        "leave_requested": rows.get(Attendance.Status.LEAVE_REQUESTED, 0),
        "invited": rows.get(Attendance.Status.INVITED, 0),
        "absent": rows.get(Attendance.Status.ABSENT, 0),
        "non_voting_present": non_voting.get(Attendance.Status.PRESENT, 0),
        "non_voting": sum(non_voting.values()),
        "has_quorum": present >= quorum,
    }


def my_attendance(*, scope: Scope, meeting: Meeting) -> Attendance | None:
    if not scope.person_id:
        return None
    return meeting.attendances.filter(person_id=scope.person_id).first()


def my_meetings(*, scope: Scope) -> QuerySet[Attendance]:
    if not scope.person_id:
        raise NotPermitted()
    return (
        Attendance.objects.filter(person_id=scope.person_id)
        .select_related("meeting", "meeting__body")
        .order_by("-meeting__start_date", "-meeting_id")
    )


def my_voted_poll_ids(*, scope: Scope, meeting: Meeting) -> set[int]:
    if not scope.person_id:
        return set()
    return set(meeting.polls.filter(voters__person_id=scope.person_id).values_list("pk", flat=True))


def manageable_bodies(*, scope: Scope) -> list[Body]:
    return [
        b
        for b in Body.objects.filter(kind__in=permissions.MEETING_BODY_KINDS)
        .select_related("region")
        .order_by("region__path", "sort_order")
        if permissions.can_create_meeting_for(scope, b)
    ]


def units_for(*, meeting: Meeting) -> QuerySet[Unit]:
    """Units that may report at the meeting: those of its region and the regions above it."""
    ids = [int(p) for p in meeting.region.path.strip("/").split("/") if p]
    return Unit.objects.filter(region_id__in=ids, is_active=True).order_by("region__path", "kind", "name")


def opinion_queryset(scope: Scope) -> QuerySet[ReviewOpinion]:
    q = permissions.opinion_q(scope)
    if q is None:
        return ReviewOpinion.objects.none()
    return ReviewOpinion.objects.filter(q)


def opinion_list(*, scope: Scope, state: str = "", unit: int | None = None) -> QuerySet[ReviewOpinion]:
    if not permissions.can_list_opinions(scope):
        raise NotPermitted()
    qs = opinion_queryset(scope)
    if state:
        qs = qs.filter(state=state)
    if unit:
        qs = qs.filter(unit_id=unit)
    return qs.select_related("item", "item__meeting", "unit", "followup_item__meeting", "approved_at_meeting").order_by(
        "-item__meeting__start_date", "-pk"
    )


def opinion_get(*, scope: Scope, pk: int) -> ReviewOpinion:
    if not permissions.can_list_opinions(scope):
        raise NotPermitted()
    opinion = (
        opinion_queryset(scope)
        .select_related(
            "item",
            "item__meeting",
            "item__meeting__body",
            "item__meeting__region",
            "unit",
            "followup_item__meeting",
            "approved_at_meeting",
        )
        .filter(pk=pk)
        .first()
    )
    if opinion is None:
        raise Http404
    return opinion


def later_meetings(*, scope: Scope, opinion: ReviewOpinion) -> list[Meeting]:
    return [
        m
        for m in meeting_queryset(scope)
        .filter(start_date__gte=opinion.item.meeting.start_date)
        .exclude(pk=opinion.item.meeting_id)
        .filter(state__in=MEETING.group("editable"))
        .select_related("body")
        .order_by("start_date")[:50]
        if permissions.can_manage_meeting(scope, m)
    ]


def directors_meetings(*, scope: Scope, opinion: ReviewOpinion) -> list[Meeting]:
    kinds = [Body.Kind.DIRECTORS_MEETING, Body.Kind.PRESIDIUM]
    return list(
        meeting_queryset(scope)
        .filter(body__kind__in=kinds, region_id=opinion.item.meeting.region_id, start_date__gte=opinion.item.meeting.start_date)
        .select_related("body")
        .order_by("start_date")[:50]
    )


@dataclass(frozen=True)
class Notice:
    notified_on: datetime.date
    days_before: int  # days between the notice and the sitting
    required: int  # what the rule for the body's kind asks
    late: bool


def notice(*, meeting: Meeting) -> Notice | None:
    """When the members were notified, against the notice the rule asks for (`meetings.notice_days.<kind>`)."""
    from .rules import notice_days

    if meeting.notified_on is None:
        return None
    required = notice_days(meeting.body.kind, meeting.region.path)
    days = (meeting.start_date - meeting.notified_on).days
    return Notice(meeting.notified_on, days, required, days < required)


def presidium_names(*, meeting: Meeting) -> list[str]:
    """The members of the session presidium its preparatory meeting elected, in the order of the list."""
    if meeting.presidium_id is None:
        return []
    from renda.org.models import Membership

    return list(
        Membership.objects.filter(body_id=meeting.presidium_id)
        .exclude(role=Membership.Role.SECRETARY_GENERAL)
        .order_by("pk")
        .values_list("person__name", flat=True)
    )


def session_secretary_general(*, meeting: Meeting) -> str:
    """The name of the session's secretary-general its preparatory meeting elected, or ""."""
    if meeting.presidium_id is None:
        return ""
    from renda.org.models import Membership

    return (
        Membership.objects.filter(body_id=meeting.presidium_id, role=Membership.Role.SECRETARY_GENERAL)
        .values_list("person__name", flat=True)
        .first()
        or ""
    )


def session_deputies(*, meeting: Meeting) -> QuerySet[Deputy]:
    """The serving deputies of a session's congress and term (the session presidium is elected from them)."""
    return (
        Deputy.objects.filter(congress_id=meeting.body_id, term=meeting.term, status=Deputy.Status.SERVING)
        .select_related("person", "region")
        .order_by("person__name_pinyin")
    )


def invitable_deputies(*, meeting: Meeting) -> QuerySet[Deputy]:
    """The serving deputies of the meeting's congress and term: those who may be invited to attend without a vote."""
    congress_id = meeting.body.congress_id or meeting.body_id
    return (
        Deputy.objects.filter(congress_id=congress_id, term=meeting.term, status=Deputy.Status.SERVING)
        .select_related("person", "region")
        .order_by("person__name_pinyin")
    )
