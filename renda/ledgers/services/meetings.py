"""A meeting from a past ledger (its minutes), recorded through the meetings app's own services, each step at its
real time — not replayed as a live sitting:

    set up and convened (the notice's time: the body's members invited) ─ non-voting attendees invited ─ leave
    asked for and approved ─ each member signed in at the time the minutes give ─ opened (only with its quorum
    present) ─ the absent marked ─ the agenda ─ each vote's counts as the minutes record them
    (`meetings.services.poll_record_minutes`: no ballot per voter) ─ closed at its end.

Three sheets: 会议 (one row per meeting), 出席情况 (one row per person and meeting) and 议程和表决 (one row per agenda
item, or per candidate of an election), the last two naming their meeting by its ledger number. Every member of
the body on the meeting's date must be listed in the attendance. The importer must run the body's sittings (the
office for the district's bodies, a town's staff for its congress): others are refused. No notice and no SMS goes
out for them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from django.utils.translation import gettext as _

from renda.core.actors import SystemActor, system
from renda.core.errors import DomainError, NotPermitted
from renda.meetings import permissions as meeting_permissions
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Attendance, Meeting
from renda.meetings.services import MinutesCount
from renda.org.models import Body, Person, Region, Role
from renda.org.scoping import Scope

from ..formats import (
    ATTENDANCE_ROLES,
    ATTENDANCE_STATUSES,
    ITEM_KINDS,
    ITEM_MATTERS,
    MEETING_KINDS,
    MEETING_SHEETS,
    OUTCOMES,
    Row,
)
from .context import Context
from .errors import RowError, RowsRefused

T = TypeVar("T")


def _body(ctx: Context, name: str) -> Body:
    """The body of that name whose sittings the importer runs."""
    found = list(Body.objects.filter(name=name, kind__in=MEETING_KINDS.values()).select_related("region")[:2])
    if not found:
        raise DomainError(_("Unknown body: %(name)s") % {"name": name})
    if len(found) > 1:
        raise DomainError(_("More than one body is named %(name)s.") % {"name": name})
    if not meeting_permissions.can_create_meeting_for(ctx.scope, found[0]):
        raise NotPermitted(_("You may not record this body's meetings."))
    return found[0]


def town_of(ctx: Context, row: Row) -> Region:
    return _body(ctx, row.required("body")).region


class _Refused(Exception):
    pass


@dataclass
class _Sheet:
    """Collects the bad rows of a further sheet, each with its number, then refuses them all at once."""

    field: str
    key: str
    errors: list[tuple[int, list[str]]]

    def check(self, row: Row, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except DomainError as exc:
            self.errors.append((row.number, [str(m) for m in exc.messages]))
        except NotPermitted as exc:
            self.errors.append((row.number, [str(exc)]))
        return None

    def refuse(self) -> None:
        if self.errors:
            title = MEETING_SHEETS[self.field][0]
            raise RowsRefused([RowError(n, self.key, m, sheet=title) for n, m in self.errors])


@dataclass
class _Presence:
    row: Row
    attendance: Attendance
    status: str
    signed_in_at: datetime.datetime | None
    reason: str


def _person(meeting: Meeting, row: Row, non_voting: bool) -> Person:
    """A member invited by the body's membership on the meeting's date, or (列席) any person, by name and, when the
    name is not unique, the last four characters of the ID number."""
    name, tail = row.required("name"), row.text("id_tail").upper()
    people = Person.objects.filter(name=name)
    if not non_voting:
        people = people.filter(meeting_attendances__meeting=meeting, meeting_attendances__role=Attendance.Role.MEMBER)
    if tail:
        people = people.filter(id_number__endswith=tail)
    found = list(people.distinct().order_by("pk")[:2])
    if not found:
        if non_voting:
            raise DomainError(_("No person named %(name)s.") % {"name": name})
        raise DomainError(_("%(name)s is not a member of this body on the meeting's date.") % {"name": name})
    if len(found) > 1:
        raise DomainError(
            _("More than one person is named %(name)s: give the last four characters of the ID number.") % {"name": name}
        )
    return found[0]


def _attendance(ctx: Context, meeting: Meeting, row: Row, notified: datetime.datetime, end: datetime.datetime) -> _Presence:
    role = row.choice("role", ATTENDANCE_ROLES) if row.text("role") else Attendance.Role.MEMBER
    status = row.choice("status", ATTENDANCE_STATUSES)
    person = _person(meeting, row, role == Attendance.Role.NON_VOTING)
    attendance = meeting.attendances.filter(person=person).first()
    if attendance is None:
        attendance = meeting_services.attendee_invite(
            actor=ctx.actor, scope=ctx.scope, meeting=meeting, person=person, capacity=row.text("capacity"), at=notified
        )
    signed = row.moment("signed_in_at")
    if status == "present":
        row.required("signed_in_at")
        assert signed is not None
        if not notified <= signed <= end:
            raise DomainError(_("%(column)s: between the notice and the meeting's end.") % {"column": "签到时间"})
    elif signed is not None:
        raise DomainError(_("%(column)s: only for those present.") % {"column": "签到时间"})
    reason = row.required("leave_reason") if status == "leave" else ""
    return _Presence(row, attendance, status, signed, reason)


def _for_person(ctx: Context, person: Person) -> tuple[SystemActor, Scope]:
    """A member's own step of the past (asking for leave), recorded by the platform on their behalf."""
    actor = system(f"{ctx.actor.reason}; {person.name}'s own step", on_behalf_of=ctx.user)
    return actor, Scope(user_id=None, roles=frozenset({Role.DEPUTY}), person_id=person.pk, system_reason=actor.reason)


def _count(row: Row, field: str) -> int:
    return row.count(field) if row.text(field) else 0


def _sign_in_times(ctx: Context, key: str) -> list[datetime.datetime]:
    """The sign-in times the attendance sheet gives for the meeting (the notice, when not given, is the earliest)."""
    times = []
    for r in ctx.children.get("attendance", {}).get(key, []):
        try:
            moment = r.moment("signed_in_at")
        except DomainError:
            continue  # listed with its row when the attendance is read
        if moment is not None:
            times.append(moment)
    return times


def apply_row(ctx: Context, row: Row) -> Meeting:
    body = _body(ctx, row.required("body"))
    kind = row.choice("kind", MEETING_KINDS)
    if body.kind != kind:
        raise DomainError(_("%(column)s: %(body)s holds no such meeting.") % {"column": "会议类型", "body": body.name})
    number = row.count("number", most=999)
    if number < 1:
        raise DomainError(_("%(column)s: from 1") % {"column": "会议次数"})
    row.required("start_at")
    start = row.moment("start_at")
    assert start is not None
    end = row.moment("end_at") or start
    key = row.values["key"]
    notified = row.moment("notified_at") or min([start, *_sign_in_times(ctx, key)])
    if end < start:
        raise DomainError(_("The meeting cannot end before it starts."))
    if notified > start:
        raise DomainError(_("%(column)s: not after the meeting's start.") % {"column": "通知时间"})
    a, s = ctx.actor, ctx.scope
    meeting = meeting_services.meeting_create(
        actor=a,
        scope=s,
        body=body,
        start_date=start.date(),
        end_date=end.date(),
        venue=row.text("venue"),
        number=number,
        title=row.text("title"),
        at=notified,
    )
    meeting = meeting_services.meeting_transition(actor=a, scope=s, meeting=meeting, action="convene", at=notified)
    try:
        presences = _presences(ctx, meeting, key, notified, end)
    except RowsRefused as refused:  # the agenda's own cells are still checked, so that every bad row is listed
        raise RowsRefused(refused.errors + _agenda_cells(ctx, key)) from None
    for p in presences:
        if p.status == "leave":
            p_actor, p_scope = _for_person(ctx, p.attendance.person)
            meeting_services.leave_request(actor=p_actor, scope=p_scope, meeting=meeting, reason=p.reason, at=notified)
            meeting_services.attendance_action(actor=a, scope=s, attendance=p.attendance, action="approve_leave", at=notified)
    for p in sorted((p for p in presences if p.status == "present"), key=lambda p: p.signed_in_at or start):
        meeting_services.attendance_action(actor=a, scope=s, attendance=p.attendance, action="sign_in", at=p.signed_in_at)
    meeting = meeting_services.meeting_transition(actor=a, scope=s, meeting=meeting, action="start", at=max(start, notified))
    for p in presences:
        if p.status == "absent":
            meeting_services.attendance_action(actor=a, scope=s, attendance=p.attendance, action="absent", at=start)
    _agenda(ctx, meeting, key, start, end)
    return meeting_services.meeting_transition(actor=a, scope=s, meeting=meeting, action="close", at=end)


def _presences(ctx: Context, meeting: Meeting, key: str, notified: datetime.datetime, end: datetime.datetime) -> list[_Presence]:
    sheet = _Sheet("attendance", key, [])
    presences: list[_Presence] = []
    seen: set[int] = set()
    for r in ctx.children.get("attendance", {}).get(key, []):
        p = sheet.check(r, partial(_attendance, ctx, meeting, r, notified, end))
        if p is None:
            continue
        if p.attendance.person_id in seen:
            sheet.errors.append((r.number, [_("%(name)s is listed twice.") % {"name": p.attendance.person.name}]))
            continue
        seen.add(p.attendance.person_id)
        presences.append(p)
    sheet.refuse()
    missing = list(
        meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True)
        .exclude(person_id__in=seen)
        .values_list("person__name", flat=True)[:20]
    )
    if missing:
        raise DomainError(_("The attendance sheet does not list every member: %(names)s.") % {"names": "、".join(missing)})
    return presences


def _agenda(ctx: Context, meeting: Meeting, key: str, start: datetime.datetime, end: datetime.datetime) -> None:
    """The agenda items in their order, then each vote (a motion's one row, or an election's rows of one vote)."""
    sheet = _Sheet("agenda", key, [])
    rows = ctx.children.get("agenda", {}).get(key, [])
    items: dict[int, AgendaItem] = {}
    votes: dict[tuple[int, str], list[Row]] = {}
    for r in sorted(rows, key=lambda r: (r.values["order"].zfill(4), r.number)):
        order = sheet.check(r, partial(r.count, "order", most=999))
        item_kind = sheet.check(r, partial(r.choice, "item_kind", ITEM_KINDS))
        if order is None or item_kind is None:
            continue
        item = items.get(order)
        if item is None:
            title = r.values["item_title"]
            item = sheet.check(
                r,
                partial(
                    meeting_services.agenda_item_add,
                    actor=ctx.actor,
                    scope=ctx.scope,
                    meeting=meeting,
                    kind=item_kind,
                    title=title,
                    reporter=r.text("reporter"),
                ),
            )
            if item is None:
                continue
            items[order] = item
        elif (item.kind, item.title) != (item_kind, r.values["item_title"]):
            sheet.errors.append((r.number, [_("Rows of one agenda item (the same order) name the same kind and title.")]))
            continue
        if r.text("vote"):
            votes.setdefault((order, r.text("vote")), []).append(r)
    sheet.refuse()
    for (order, vote), lines in votes.items():
        _vote(ctx, sheet, meeting, items[order], vote, lines, start, end)
    sheet.refuse()


def _agenda_cells(ctx: Context, key: str) -> list[RowError]:
    """The agenda rows whose cells cannot be read (checked without the meeting, when its attendance failed)."""
    sheet = _Sheet("agenda", key, [])
    for r in ctx.children.get("agenda", {}).get(key, []):
        sheet.check(r, partial(r.count, "order", most=999))
        sheet.check(r, partial(r.choice, "item_kind", ITEM_KINDS))
        if r.text("vote"):
            sheet.check(r, partial(_counts, r))
            sheet.check(r, partial(r.moment, "voted_at"))
    try:
        sheet.refuse()
    except RowsRefused as refused:
        return refused.errors
    return []


def _counts(r: Row) -> MinutesCount:
    return MinutesCount(
        text=r.text("candidate"),
        yes=_count(r, "yes"),
        no=_count(r, "no"),
        abstain=_count(r, "abstain"),
        not_voting=_count(r, "not_voting"),
        adopted=r.choice("outcome", OUTCOMES) if r.text("outcome") else None,
    )


def _vote(
    ctx: Context,
    sheet: _Sheet,
    meeting: Meeting,
    item: AgendaItem,
    vote: str,
    lines: list[Row],
    start: datetime.datetime,
    end: datetime.datetime,
) -> None:
    """One vote of the minutes: a motion's row, or an election's rows (one per candidate)."""
    election = item.kind == AgendaItem.Kind.ELECTION or any(r.text("candidate") for r in lines)
    first = lines[0]
    if not election and len(lines) > 1:
        sheet.errors.extend((r.number, [_("A motion is voted once: one row per vote.")]) for r in lines[1:])
        return
    if election and not all(r.text("candidate") for r in lines):
        missing = [r for r in lines if not r.text("candidate")]
        sheet.errors.extend((r.number, [_("%(column)s: required") % {"column": "候选人"}]) for r in missing)
        return
    parsed = [sheet.check(r, partial(_counts, r)) for r in lines]
    voted = sheet.check(first, lambda: first.moment("voted_at") or start)
    if voted is not None and not start <= voted <= end:
        sheet.errors.append((first.number, [_("%(column)s: during the meeting.") % {"column": "表决时间"}]))
        return
    counts = [p for p in parsed if p is not None]
    if voted is None or len(counts) != len(lines):
        return
    sheet.check(
        first,
        partial(
            meeting_services.poll_record_minutes,
            actor=ctx.actor,
            scope=ctx.scope,
            recorded_by=ctx.user,
            meeting=meeting,
            item=item,
            title=vote,
            lines=counts,
            matter="election" if election else ITEM_MATTERS.get(item.kind, "resolution"),
            at=voted,
            source={"file": ctx.actor.reason, "rows": [r.number for r in lines]},
        ),
    )
