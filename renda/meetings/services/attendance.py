"""Attendance: invitations of non-voting attendees, sign-in (by the meeting's code or by staff), leave of absence
and absences, along the attendance lifecycle."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_record, snapshot
from renda.core.clock import event_time
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import User
from renda.core.notify import notify
from renda.org.models import Body, Person, Role, RoleGrant
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import ATTENDANCE, MEETING, STAFF_ATTENDANCE_ACTIONS
from ..models import Attendance, Meeting
from ..rules import ABSENCES_FLAGGED
from .meetings import require_editable


def attendee_invite(
    *, actor: Actor, scope: Scope, meeting: Meeting, person: Person, capacity: str = "", at: datetime.datetime | None = None
) -> Attendance:
    """Invite a non-voting attendee (列席): a deputy invited to a standing-committee meeting, a unit head. `at`: when
    (a past ledger's time; default now)."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    when = event_time(at)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_editable(locked)
        existing = locked.attendances.filter(person=person).first()
        if existing:
            return existing
        attendance = Attendance.objects.create(
            meeting=locked,
            person=person,
            role=Attendance.Role.NON_VOTING,
            entitled=False,
            capacity=capacity.strip(),
            region_id=locked.region_id,
        )
        after = {**snapshot(attendance), **({"at": when.isoformat()} if at is not None else {})}
        audit_record(actor=actor, action="attendance.invite", obj=attendance, after=after, region_id=locked.region_id)
    return attendance


def _lock_attendance(pk: int) -> Attendance:
    return Attendance.objects.select_for_update().select_related(*ATTENDANCE.related).get(pk=pk)


def _sign_in(actor: Actor, attendance: Attendance, method: str, when: datetime.datetime | None = None) -> Attendance:
    """Sign a locked row in. Sign-in is open while the meeting is convened or in progress, even for someone
    already present (who stays as they are)."""
    if not MEETING.in_group(attendance.meeting, "open"):
        raise InvalidTransition(_("Sign-in is open only while the meeting is convened or in progress."))
    if ATTENDANCE.in_group(attendance, "signed_in"):
        return attendance
    before = ATTENDANCE.set_state(attendance, "sign_in")
    attendance.signed_in_at = when or event_time()
    attendance.signin_method = method
    attendance.save(update_fields=["status", "signed_in_at", "signin_method"])
    audit_record(
        actor=actor,
        action="attendance.sign_in",
        obj=attendance,
        before={"status": before},
        after={"status": attendance.status, "method": method},
        region_id=attendance.region_id,
    )
    return attendance


def sign_in_by_token(*, actor: Actor, scope: Scope, token: str) -> Attendance:
    """A deputy signs in by scanning the meeting's QR code (the token is in the URL) while logged in."""
    if not scope.person_id:
        raise NotPermitted(_("Only an invited deputy can sign in with the meeting's code."))
    with transaction.atomic():
        row = (
            Attendance.objects.filter(meeting__signin_token=token, person_id=scope.person_id).values_list("pk", flat=True).first()
        )
        if row is None:
            raise NotPermitted(_("You are not invited to this meeting."), hide=True)
        return _sign_in(actor, _lock_attendance(row), Attendance.Method.QR)


def sign_in_self(*, actor: Actor, scope: Scope, meeting: Meeting) -> Attendance:
    if not scope.person_id:
        raise NotPermitted()
    return sign_in_by_token(actor=actor, scope=scope, token=meeting.signin_token)


def _absences_recorded(locked: Attendance) -> dict[str, int] | None:
    """An absence is marked once the meeting is under way. A deputy absent without leave from sessions of her
    congress as often as the rule says within the term (Deputies Law Art. 49: twice) is flagged to the staff."""
    if not MEETING.in_group(locked.meeting, "started"):
        raise InvalidTransition(_("Mark absences once the meeting is in progress."))
    meeting = locked.meeting
    if meeting.body.kind != Body.Kind.CONGRESS or locked.role != Attendance.Role.MEMBER:
        return None
    absences = (
        Attendance.objects.filter(
            person_id=locked.person_id,
            meeting__body_id=meeting.body_id,
            meeting__term_id=meeting.term_id,
            meeting__preparatory_for__isnull=True,
            status=Attendance.Status.ABSENT,
        )
        .exclude(pk=locked.pk)
        .count()
        + 1
    )
    if absences >= int(core_rules.value(ABSENCES_FLAGGED.key, region_path=meeting.region.path)):
        notify(
            users=_meeting_staff(meeting),
            kind="deputy.absences",
            title=_("%(name)s has been absent without leave from %(n)d sessions of %(congress)s this term.")
            % {"name": locked.person.name, "n": absences, "congress": meeting.body.name},
            url=f"/meetings/{meeting.pk}/attendance/",
            dedupe_key=f"absences-{locked.person_id}-{meeting.term_id}-{absences}",
            event_on=meeting.start_date,
        )
    return {"absences": absences}


def attendance_action(
    *, actor: Actor, scope: Scope, attendance: Attendance, action: str, at: datetime.datetime | None = None
) -> Attendance:
    """Staff: sign a person in, approve or refuse a leave request, mark absent (after the meeting began). `at`: when
    (a past ledger's time, e.g. the sign-in time the minutes record; default now)."""
    if not permissions.can_manage_meeting(scope, attendance.meeting):
        raise NotPermitted()
    if action not in STAFF_ATTENDANCE_ACTIONS:
        raise InvalidTransition(_("Unknown action."))
    when = event_time(at)
    if action == "sign_in":
        with transaction.atomic():
            return _sign_in(actor, _lock_attendance(attendance.pk), Attendance.Method.STAFF, when)

    def effects(locked: Attendance) -> dict[str, object] | None:
        extra: dict[str, object] = dict(_absences_recorded(locked) or {}) if action == "absent" else {}
        if at is not None:
            extra["at"] = when.isoformat()
        return extra or None

    return ATTENDANCE.apply(attendance, action, actor=actor, effects=effects)


def leave_request(
    *, actor: Actor, scope: Scope, meeting: Meeting, reason: str, at: datetime.datetime | None = None
) -> Attendance:
    """A deputy asks for leave of absence (请假) with a reason (or gives a new one while it waits); staff approve it.
    `at`: when (a past ledger's time; default now)."""
    if not scope.person_id:
        raise NotPermitted()
    when = event_time(at)
    if not reason.strip():
        raise DomainError(_("Give the reason for your leave of absence."))
    with transaction.atomic():
        row = meeting.attendances.filter(person_id=scope.person_id).values_list("pk", flat=True).first()
        if row is None:
            raise NotPermitted(hide=True)
        locked = _lock_attendance(row)
        action = "amend_leave" if ATTENDANCE.can(locked, "amend_leave") else "request_leave"
        if action == "amend_leave" and locked.leave_reason == reason.strip():
            return locked
        if not MEETING.in_group(locked.meeting, "editable"):
            raise InvalidTransition(_("The meeting is closed."))
        if not ATTENDANCE.can(locked, action):
            raise InvalidTransition(
                _("You cannot ask for leave when you are %(status)s.") % {"status": locked.get_status_display()}
            )
        ATTENDANCE.set_state(locked, action)
        locked.leave_reason = reason.strip()
        locked.save(update_fields=["status", "leave_reason"])
        audit_record(
            actor=actor,
            action="attendance.leave_request",
            obj=locked,
            after={"reason": locked.leave_reason, **({"at": when.isoformat()} if at is not None else {})},
            region_id=locked.region_id,
        )
        notify(
            users=_meeting_staff(locked.meeting),
            kind="meeting.leave",
            title=_("Leave requested: %(name)s, %(meeting)s") % {"name": locked.person.name, "meeting": locked.meeting.title},
            url=f"/meetings/{locked.meeting_id}/attendance/",
            dedupe_key=f"meeting-leave-{locked.pk}-{locked.leave_reason[:40]}",
            event_on=locked.meeting.start_date,
        )
    return locked


def _meeting_staff(meeting: Meeting) -> list[User]:
    role = Role.OFFICE if meeting.body.level == Body.Level.DISTRICT else Role.TOWN
    region_ids = [int(p) for p in meeting.region.path.strip("/").split("/") if p]
    return [g.user for g in RoleGrant.objects.filter(role=role, region_id__in=region_ids).select_related("user")]
