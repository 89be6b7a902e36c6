"""Every write of the meetings app: one transaction each, the audit event inside it, explicit transitions.

The vote (`poll_vote`) is the hot path: one transaction with a handful of statements — the poll row read
under a share lock (so closing the poll waits for votes in flight, and no vote lands after it), the voter's
entitlement (present, voting member), one INSERT … ON CONFLICT DO NOTHING into PollVoter (the database's
one-vote-per-member constraint decides), one INSERT of the ballot, one audit event.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.audit import audit_event, audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify
from renda.org.models import Body, Person, Role, RoleGrant, Term, Unit
from renda.org.scoping import Scope

from . import permissions
from .membership import meeting_title, member_person_ids
from .models import (
    AgendaItem,
    Attendance,
    Decision,
    Document,
    Meeting,
    PaperCount,
    Poll,
    PollBallot,
    PollOption,
    ReviewOpinion,
)
from .rules import threshold_for


class AlreadyVoted(DomainError):
    """The member's vote in this poll is already recorded; nothing changed."""


# --- meetings -----------------------------------------------------------------------------------------

MEETING_TRANSITIONS = {
    "convene": ({Meeting.State.PLANNED}, Meeting.State.CONVENED),
    "start": ({Meeting.State.CONVENED}, Meeting.State.IN_PROGRESS),
    "close": ({Meeting.State.IN_PROGRESS}, Meeting.State.CLOSED),
}


def _current_term(body: Body, on: datetime.date) -> Term:
    congress_id = body.congress_id or body.pk
    term = Term.objects.filter(congress_id=congress_id, start_date__lte=on).order_by("-start_date").first()
    if term is None or (term.end_date and term.end_date < on):
        raise DomainError(_("No term of this congress covers %(date)s.") % {"date": on.isoformat()})
    return term


def _invite_members(meeting: Meeting) -> int:
    """Invite the body's full membership on the meeting date (voting members). Existing rows stay."""
    person_ids = set(member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date))
    existing = set(meeting.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person_id=pid, role=Attendance.Role.MEMBER, entitled=True, region_id=meeting.region_id)
            for pid in sorted(person_ids - existing)
        ]
    )
    # Anyone invited as a member who no longer holds a seat on the date loses the vote.
    meeting.attendances.filter(role=Attendance.Role.MEMBER).exclude(person_id__in=person_ids).update(entitled=False)
    return len(person_ids - existing)


def meeting_create(
    *,
    actor,
    scope: Scope,
    body: Body,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    venue: str = "",
    number: int | None = None,
    rollout: str = "",
    agenda: list[tuple[str, str]] | None = None,
) -> Meeting:
    """A planned meeting numbered within the term, with its members invited (and an agenda, if given)."""
    if not permissions.can_create_meeting_for(scope, body):
        raise NotPermitted()
    end_date = end_date or start_date
    if end_date < start_date:
        raise DomainError(_("The meeting cannot end before it starts."))
    with transaction.atomic():
        term = _current_term(body, start_date)
        Body.objects.select_for_update().filter(pk=body.pk).first()  # numbers are given out one at a time per body
        last = Meeting.objects.filter(body=body, term=term).order_by("-number").values_list("number", flat=True).first() or 0
        if number is None:
            number = last + 1
        elif Meeting.objects.filter(body=body, term=term, number=number).exists():
            raise DomainError(_("Sitting number %(n)s of this term already exists.") % {"n": number})
        meeting = Meeting.objects.create(
            body=body,
            term=term,
            number=number,
            title=meeting_title(body, term, number),
            start_date=start_date,
            end_date=end_date,
            venue=venue.strip(),
            region_id=body.region_id,
            rollout=rollout,
        )
        _invite_members(meeting)
        for order, (kind, title) in enumerate(agenda or [], start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, kind=kind, title=title)
        audit_record(actor=actor, action="meeting.create", obj=meeting, after=snapshot(meeting), region_id=meeting.region_id)
    return meeting


def midyear_rollout(
    *, actor, scope: Scope, start_date: datetime.date, venue: str = "", agenda: list[tuple[str, str]] | None = None
) -> list[Meeting]:
    """The uniform mid-year sessions: one session of every town congress in scope, same day, one agenda."""
    if not permissions.can_roll_out(scope):
        raise NotPermitted()
    from .rules import MIDYEAR_AGENDA

    congresses = [
        b
        for b in Body.objects.filter(kind=Body.Kind.CONGRESS, level=Body.Level.TOWN)
        .select_related("region")
        .order_by("region__path")
        if scope.everything or Role.OFFICE in scope.roles_in_region(b.region_id)
    ]
    if not congresses:
        raise DomainError(_("There is no town congress in your district."))
    key = f"midyear-{start_date.isoformat()}"
    template = agenda or [tuple(x) for x in core_rules.value(MIDYEAR_AGENDA.key)]
    with transaction.atomic():
        existing = list(Meeting.objects.filter(rollout=key))
        if existing:
            return existing  # a retried submit: already rolled out
        meetings = []
        for congress in congresses:
            office_scope = Scope(user_id=None, everything=True)
            meetings.append(
                meeting_create(
                    actor=actor,
                    scope=office_scope,
                    body=congress,
                    start_date=start_date,
                    venue=venue,
                    rollout=key,
                    agenda=template,
                )
            )
        audit_record(
            actor=actor,
            action="meeting.rollout",
            object_type="meetings.rollout",
            object_id=key,
            after={"meetings": [m.pk for m in meetings]},
        )
    return meetings


def meeting_transition(*, actor, scope: Scope, meeting: Meeting, action: str) -> Meeting:
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if action == "publish":
        return meeting_publish(actor=actor, scope=scope, meeting=meeting)
    if action not in MEETING_TRANSITIONS:
        raise InvalidTransition(_("Unknown action."))
    sources, target = MEETING_TRANSITIONS[action]
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.state == target:
            return locked
        if locked.state not in sources:
            raise InvalidTransition(
                _("A meeting that is %(state)s cannot be %(target)s.")
                % {"state": locked.get_state_display(), "target": Meeting.State(target).label}
            )
        if action == "close" and locked.polls.filter(state=Poll.State.STARTED).exists():
            raise InvalidTransition(_("Close the open polls before closing the meeting."))
        if action == "convene":
            _invite_members(locked)
            users = [a.person.user for a in locked.attendances.select_related("person__user") if a.person.user_id]
            notify(
                users=users,
                kind="meeting.convened",
                title=_("You are invited: %(title)s") % {"title": locked.title},
                url=f"/meetings/{locked.pk}/",
                dedupe_key=f"meeting-{locked.pk}-convened",
            )
        before = locked.state
        locked.state = target
        locked.save(update_fields=["state"])
        audit_record(
            actor=actor,
            action=f"meeting.{action}",
            obj=locked,
            before={"state": before},
            after={"state": target},
            region_id=locked.region_id,
        )
    return locked


def meeting_publish(*, actor, scope: Scope, meeting: Meeting) -> Meeting:
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_published:
            return locked
        if locked.state == Meeting.State.PLANNED:
            raise InvalidTransition(_("A planned meeting cannot be published before it is convened."))
        locked.is_published, locked.published_at = True, timezone.now()
        locked.save(update_fields=["is_published", "published_at"])
        audit_record(actor=actor, action="meeting.publish", obj=locked, after={"is_published": True}, region_id=locked.region_id)
    return locked


def _require_editable(meeting: Meeting) -> None:
    if meeting.state == Meeting.State.CLOSED:
        raise InvalidTransition(_("The meeting is closed; its agenda and documents can no longer change."))


def agenda_item_add(
    *, actor, scope: Scope, meeting: Meeting, kind: str, title: str, reporting_unit: Unit | None = None, reporter: str = ""
) -> AgendaItem:
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if kind not in AgendaItem.Kind.values:
        raise DomainError(_("Unknown kind of agenda item."))
    if not title.strip():
        raise DomainError(_("Give the item a title."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_editable(locked)
        duplicate = locked.items.filter(kind=kind, title=title.strip()).first()
        if duplicate:
            return duplicate  # a retried submit
        order = (locked.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        item = AgendaItem.objects.create(
            meeting=locked, order=order, kind=kind, title=title.strip(), reporting_unit=reporting_unit, reporter=reporter.strip()
        )
        audit_record(actor=actor, action="agenda_item.create", obj=item, after=snapshot(item), region_id=locked.region_id)
    return item


def document_add(*, actor, scope: Scope, meeting: Meeting, title: str, file, item: AgendaItem | None = None) -> Document:
    """Upload a document; a document with the same title becomes its next version."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("That agenda item belongs to another meeting."))
    if not title.strip():
        raise DomainError(_("Give the document a title."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_editable(locked)
        version = (
            locked.documents.filter(title=title.strip()).order_by("-version").values_list("version", flat=True).first() or 0
        ) + 1
        doc = Document(
            meeting=locked,
            item=item,
            title=title.strip(),
            version=version,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        doc.file.save(getattr(file, "name", "document"), file, save=False)
        doc.save()
        audit_record(
            actor=actor,
            action="document.upload",
            obj=doc,
            after={"title": doc.title, "version": version},
            region_id=locked.region_id,
        )
    return doc


# --- attendance ---------------------------------------------------------------------------------------

SIGNIN_STATES = {Meeting.State.CONVENED, Meeting.State.IN_PROGRESS}


def attendee_invite(*, actor, scope: Scope, meeting: Meeting, person: Person, capacity: str = "") -> Attendance:
    """Invite a non-voting attendee (列席): a deputy invited to a standing-committee meeting, a unit head."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_editable(locked)
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
        audit_record(
            actor=actor, action="attendance.invite", obj=attendance, after=snapshot(attendance), region_id=locked.region_id
        )
    return attendance


def _lock_attendance(pk: int) -> Attendance:
    return Attendance.objects.select_for_update().select_related("meeting", "meeting__body").get(pk=pk)


def _sign_in(actor, attendance: Attendance, method: str) -> Attendance:
    if attendance.meeting.state not in SIGNIN_STATES:
        raise InvalidTransition(_("Sign-in is open only while the meeting is convened or in progress."))
    if attendance.status == Attendance.Status.PRESENT:
        return attendance
    before = attendance.status
    attendance.status = Attendance.Status.PRESENT
    attendance.signed_in_at = timezone.now()
    attendance.signin_method = method
    attendance.save(update_fields=["status", "signed_in_at", "signin_method"])
    audit_record(
        actor=actor,
        action="attendance.sign_in",
        obj=attendance,
        before={"status": before},
        after={"status": "present", "method": method},
        region_id=attendance.region_id,
    )
    return attendance


def sign_in_by_token(*, actor, scope: Scope, token: str) -> Attendance:
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


def sign_in_self(*, actor, scope: Scope, meeting: Meeting) -> Attendance:
    if not scope.person_id:
        raise NotPermitted()
    return sign_in_by_token(actor=actor, scope=scope, token=meeting.signin_token)


ATTENDANCE_ACTIONS = {
    "sign_in": {Attendance.Status.INVITED, Attendance.Status.ABSENT, Attendance.Status.LEAVE_REQUESTED, Attendance.Status.LEAVE},
    "approve_leave": {Attendance.Status.LEAVE_REQUESTED},
    "refuse_leave": {Attendance.Status.LEAVE_REQUESTED},
    "absent": {Attendance.Status.INVITED},
}


def attendance_action(*, actor, scope: Scope, attendance: Attendance, action: str) -> Attendance:
    """Staff: sign a person in, approve or refuse a leave request, mark absent (after the meeting began)."""
    if not permissions.can_manage_meeting(scope, attendance.meeting):
        raise NotPermitted()
    if action not in ATTENDANCE_ACTIONS:
        raise InvalidTransition(_("Unknown action."))
    with transaction.atomic():
        locked = _lock_attendance(attendance.pk)
        if action == "sign_in":
            return _sign_in(actor, locked, Attendance.Method.STAFF)
        target = {"approve_leave": "leave", "refuse_leave": "invited", "absent": "absent"}[action]
        if locked.status == target:
            return locked
        if locked.status not in ATTENDANCE_ACTIONS[action]:
            raise InvalidTransition(_("Not possible for someone who is %(status)s.") % {"status": locked.get_status_display()})
        if action == "absent" and locked.meeting.state not in {Meeting.State.IN_PROGRESS, Meeting.State.CLOSED}:
            raise InvalidTransition(_("Mark absences once the meeting is in progress."))
        before = locked.status
        locked.status = target
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=f"attendance.{action}",
            obj=locked,
            before={"status": before},
            after={"status": target},
            region_id=locked.region_id,
        )
    return locked


def leave_request(*, actor, scope: Scope, meeting: Meeting, reason: str) -> Attendance:
    """A deputy asks for leave of absence (请假) with a reason; staff approve it."""
    if not scope.person_id:
        raise NotPermitted()
    if not reason.strip():
        raise DomainError(_("Give the reason for your leave of absence."))
    with transaction.atomic():
        row = meeting.attendances.filter(person_id=scope.person_id).values_list("pk", flat=True).first()
        if row is None:
            raise NotPermitted(hide=True)
        locked = _lock_attendance(row)
        if locked.status == Attendance.Status.LEAVE_REQUESTED and locked.leave_reason == reason.strip():
            return locked
        if locked.meeting.state == Meeting.State.CLOSED:
            raise InvalidTransition(_("The meeting is closed."))
        if locked.status not in {Attendance.Status.INVITED, Attendance.Status.LEAVE_REQUESTED}:
            raise InvalidTransition(
                _("You cannot ask for leave when you are %(status)s.") % {"status": locked.get_status_display()}
            )
        locked.status, locked.leave_reason = Attendance.Status.LEAVE_REQUESTED, reason.strip()
        locked.save(update_fields=["status", "leave_reason"])
        audit_record(
            actor=actor,
            action="attendance.leave_request",
            obj=locked,
            after={"reason": locked.leave_reason},
            region_id=locked.region_id,
        )
        staff = _meeting_staff(locked.meeting)
        notify(
            users=staff,
            kind="meeting.leave",
            title=_("Leave requested: %(name)s, %(meeting)s") % {"name": locked.person.name, "meeting": locked.meeting.title},
            url=f"/meetings/{locked.meeting_id}/attendance/",
        )
    return locked


def _meeting_staff(meeting: Meeting) -> list:
    role = Role.OFFICE if meeting.body.level == Body.Level.DISTRICT else Role.TOWN
    region_ids = [int(p) for p in meeting.region.path.strip("/").split("/") if p]
    return [g.user for g in RoleGrant.objects.filter(role=role, region_id__in=region_ids).select_related("user")]


# --- polls --------------------------------------------------------------------------------------------

POLL_TRANSITIONS = {
    "start": ({Poll.State.CREATED}, Poll.State.STARTED),
    "finish": ({Poll.State.STARTED}, Poll.State.FINISHED),
    "publish": ({Poll.State.FINISHED}, Poll.State.PUBLISHED),
}


def poll_create(
    *,
    actor,
    scope: Scope,
    meeting: Meeting,
    title: str,
    kind: str,
    item: AgendaItem | None = None,
    method: str = Poll.Method.YNA,
    options: list[str] | list[tuple[str, str]] | None = None,
    max_choices: int | None = None,
    threshold: str | None = None,
) -> Poll:
    """A poll on the meeting (optionally on an agenda item). Without options: one option, the motion itself."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if kind not in Poll.Kind.values or method not in Poll.Method.values:
        raise DomainError(_("Unknown kind or method of poll."))
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("That agenda item belongs to another meeting."))
    if not title.strip():
        raise DomainError(_("Give the poll a title."))
    normalized = [(o, "") if isinstance(o, str) else (o[0], o[1]) for o in (options or [])]
    normalized = [(text.strip(), ref) for text, ref in normalized if text.strip()]
    if not normalized:
        normalized = [(title.strip(), "")]
    if len({t for t, _r in normalized}) != len(normalized):
        raise DomainError(_("Two options have the same text."))
    if method == Poll.Method.PICK and not (max_choices and 1 <= max_choices <= len(normalized)):
        raise DomainError(_("Give N, the number of options a member may pick (between 1 and the number of options)."))
    if method in {Poll.Method.PICK, Poll.Method.RANK} and len(normalized) < 2:
        raise DomainError(_("A ballot among options needs at least two options."))
    threshold = threshold or threshold_for(kind, meeting.region.path)
    if threshold not in Poll.Threshold.values:
        raise DomainError(_("Unknown threshold."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_editable(locked)
        poll = Poll.objects.create(
            meeting=locked,
            item=item,
            title=title.strip(),
            kind=kind,
            method=method,
            max_choices=max_choices if method in {Poll.Method.PICK, Poll.Method.RANK} else None,
            threshold=threshold,
            region_id=locked.region_id,
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, order=i, text=t, ref=r) for i, (t, r) in enumerate(normalized, start=1)]
        )
        audit_record(
            actor=actor,
            action="poll.create",
            obj=poll,
            after={**snapshot(poll), "options": [t for t, _r in normalized]},
            region_id=poll.region_id,
        )
    return poll


def poll_update(*, actor, scope: Scope, poll: Poll, **changes) -> Poll:
    """Change a poll's rules (title, threshold, method, N). Refused once the poll has started: rules lock."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    allowed = {"title", "threshold", "max_choices", "kind", "method"}
    if set(changes) - allowed:
        raise DomainError(_("Those fields cannot be changed."))
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.state != Poll.State.CREATED:
            raise InvalidTransition(_("The poll has started: its rules are locked."))
        if "threshold" in changes and changes["threshold"] not in Poll.Threshold.values:
            raise DomainError(_("Unknown threshold."))
        before = snapshot(locked, list(changes))
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action="poll.update",
            obj=locked,
            before=before,
            after=snapshot(locked, list(changes)),
            region_id=locked.region_id,
        )
    return locked


def poll_transition(*, actor, scope: Scope, poll: Poll, action: str) -> Poll:
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    if action not in POLL_TRANSITIONS:
        raise InvalidTransition(_("Unknown action."))
    sources, target = POLL_TRANSITIONS[action]
    with transaction.atomic():
        locked = Poll.objects.select_for_update().select_related("meeting", "meeting__body", "meeting__term").get(pk=poll.pk)
        if locked.state == target:
            return locked  # a retried submit
        if locked.state not in sources:
            raise InvalidTransition(
                _("A poll that is %(state)s cannot be %(target)s.")
                % {"state": locked.get_state_display(), "target": Poll.State(target).label}
            )
        now = timezone.now()
        after: dict = {"state": target}
        if action == "start":
            if locked.meeting.state != Meeting.State.IN_PROGRESS:
                raise InvalidTransition(_("Polls can start only while the meeting is in progress."))
            meeting = locked.meeting
            locked.base_count = member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count()
            locked.present_count = meeting.attendances.filter(
                role=Attendance.Role.MEMBER, entitled=True, status=Attendance.Status.PRESENT
            ).count()
            locked.started_at = now
            after.update(base_count=locked.base_count, present_count=locked.present_count)
        elif action == "finish":
            locked.finished_at = now
            if locked.kind == Poll.Kind.SECRET:
                _shuffle_ballots(locked)
        elif action == "publish":
            from .results import poll_result

            if locked.kind == Poll.Kind.PAPER:
                reconcile = paper_reconciliation(locked)
                if not reconcile.ok:
                    raise InvalidTransition(reconcile.message)
            result = poll_result(locked)
            locked.published_at = now
            after.update(result.summary())
        locked.state = target
        locked.save()
        audit_record(actor=actor, action=f"poll.{action}", obj=locked, after=after, region_id=locked.region_id)
    return locked


def _shuffle_ballots(poll: Poll) -> None:
    """Rewrite a secret poll's ballots in random order under new random keys, so that even the physical order
    of rows in the table carries nothing of the order in which members voted."""
    rows = list(PollBallot.objects.filter(poll=poll).values_list("choices", flat=True))
    random.SystemRandom().shuffle(rows)
    PollBallot.objects.filter(poll=poll).delete()
    PollBallot.objects.bulk_create([PollBallot(id=uuid.uuid4(), poll=poll, choices=c) for c in rows], batch_size=1000)


YNA_VALUES = {"Y", "N", "A"}
SATISFACTION_VALUES = {"S", "B", "U"}


def normalize_choices(poll_method: str, max_choices: int | None, option_ids: list[int], raw) -> dict[str, str | int]:
    """Validate a member's choices against the poll's method; returns {option id (text): value}."""
    ids = set(option_ids)
    bad = DomainError(_("The ballot is not valid for this poll."))
    if poll_method in {Poll.Method.YNA, Poll.Method.SATISFACTION}:
        allowed = YNA_VALUES if poll_method == Poll.Method.YNA else SATISFACTION_VALUES
        if not isinstance(raw, dict):
            raise bad
        try:
            choices = {int(k): str(v) for k, v in raw.items()}
        except (TypeError, ValueError):
            raise bad from None
        if set(choices) != ids or not set(choices.values()) <= allowed:
            raise DomainError(_("Give one answer for every option."))
        return {str(k): v for k, v in sorted(choices.items())}
    if not isinstance(raw, list):
        raise bad
    try:
        picked = [int(x) for x in raw]
    except (TypeError, ValueError):
        raise bad from None
    if len(set(picked)) != len(picked) or not set(picked) <= ids:
        raise bad
    if poll_method == Poll.Method.PICK:
        if len(picked) > (max_choices or len(ids)):
            raise DomainError(_("Pick at most %(n)d options.") % {"n": max_choices})
        return {str(k): "Y" for k in sorted(picked)}
    limit = max_choices or len(ids)
    if not picked or len(picked) > limit:
        raise DomainError(_("Rank between 1 and %(n)d options.") % {"n": limit})
    return {str(k): rank for rank, k in enumerate(picked, start=1)}


_VOTE_CONTEXT_SQL = """
SELECT p.state, p.kind, p.method, p.max_choices,
       (SELECT {agg} FROM meetings_polloption o WHERE o.poll_id = p.id),
       a.person_id, a.region_id
FROM meetings_poll p
LEFT JOIN org_person u ON u.user_id = %s
LEFT JOIN meetings_attendance a
       ON a.meeting_id = p.meeting_id AND a.person_id = u.id AND a.role = 'member' AND a.entitled AND a.status = 'present'
WHERE p.id = %s
"""
_VOTE_CONTEXT = {
    # The poll row is read under a key-share lock (the lock its foreign keys take anyway): votes in flight do
    # not block each other, but closing the poll
    # (SELECT … FOR UPDATE) waits for them, and no vote is recorded after it.
    "postgresql": _VOTE_CONTEXT_SQL.format(agg="string_agg(o.id::text, ',')") + " FOR KEY SHARE OF p",
    "sqlite": _VOTE_CONTEXT_SQL.format(agg="group_concat(o.id, ',')"),
}
# PostgreSQL: the whole vote in ONE statement (atomic by itself: no BEGIN/COMMIT round trips). It re-checks,
# under a key-share lock on the poll row (the lock its foreign keys take anyway), that voting is still open and
# the member still present; then writes the voter row, and only if that row was new (the one-vote constraint
# decides) the ballot and the audit event. Closing the poll (SELECT … FOR UPDATE) waits for votes in flight.
_VOTE_STATEMENT_PG = """
WITH open_poll AS (
  SELECT p.id FROM meetings_poll p
  WHERE p.id = %(poll)s AND p.state = 'started'
    AND EXISTS (SELECT 1 FROM meetings_attendance a WHERE a.meeting_id = p.meeting_id AND a.person_id = %(person)s
                AND a.role = 'member' AND a.entitled AND a.status = 'present')
  FOR KEY SHARE OF p
), voter AS (
  INSERT INTO meetings_pollvoter (poll_id, person_id, choices) SELECT id, %(person)s, %(voter_choices)s FROM open_poll
  ON CONFLICT (poll_id, person_id) DO NOTHING RETURNING poll_id
), ballot AS (
  INSERT INTO meetings_pollballot (id, poll_id, choices) SELECT %(ballot)s, poll_id, %(choices)s FROM voter RETURNING 1
), event AS (
  INSERT INTO core_auditevent (created_at, actor_id, actor_label, action, object_type, object_id, object_repr, before, after,
                               client_ip, region_id, seq, prev_hash, hash)
  SELECT %(created_at)s, %(actor_id)s, %(actor_label)s, %(action)s, %(object_type)s, %(object_id)s, %(object_repr)s, NULL,
         %(after)s, %(client_ip)s, %(region_id)s, NULL, '', '' FROM voter RETURNING 1
)
SELECT (SELECT count(*) FROM open_poll), (SELECT count(*) FROM ballot), (SELECT count(*) FROM event)
"""


def poll_vote(*, actor, poll_id: int, choices) -> str:
    """Record a member's vote. Returns "voted". Raises AlreadyVoted on a second vote (nothing changes),
    InvalidTransition when voting is not open, NotPermitted when the actor is not a present voting member.

    Two statements: the poll with its options and the actor's entitlement (present, voting member of the
    meeting); then the write — voter row, ballot and audit event together (one statement on PostgreSQL, one
    transaction elsewhere). For a secret poll the voter row carries no choice and the audit event says only
    "voted"; the ballot has a random key and nothing that names or orders the voter."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(_VOTE_CONTEXT.get(vendor, _VOTE_CONTEXT["sqlite"]), [actor.pk, poll_id])
        row = cursor.fetchone()
    if row is None:
        raise NotPermitted(hide=True)
    state, kind, method, max_choices, option_list, person_id, region_id = row
    if person_id is None:
        raise NotPermitted(_("Only members who are present and entitled to vote can vote."))
    if kind == Poll.Kind.PAPER:
        raise InvalidTransition(_("This poll is held on paper ballots."))
    if state != Poll.State.STARTED:
        raise InvalidTransition(_("Voting is not open in this poll."))
    option_ids = [int(x) for x in (option_list or "").split(",") if x]
    normalized = normalize_choices(method, max_choices, option_ids, choices)
    secret = kind == Poll.Kind.SECRET
    payload = _json(normalized)
    event = audit_event(
        actor=actor,
        action="poll.vote",
        object_type="meetings.poll",
        object_id=poll_id,
        object_repr=f"poll {poll_id}",
        after={"voted": True} if secret else {"choices": normalized},
        region_id=region_id,
    )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _VOTE_STATEMENT_PG,
                {
                    "poll": poll_id,
                    "person": person_id,
                    "voter_choices": None if secret else payload,
                    "ballot": uuid.uuid4(),
                    "choices": payload,
                    "created_at": event.created_at,
                    "actor_id": event.actor_id,
                    "actor_label": event.actor_label,
                    "action": event.action,
                    "object_type": event.object_type,
                    "object_id": event.object_id,
                    "object_repr": event.object_repr,
                    "after": _json(event.after),
                    "client_ip": event.client_ip,
                    "region_id": event.region_id,
                },
            )
            still_open, ballots, events = cursor.fetchone()
        if not still_open:
            raise InvalidTransition(_("Voting is not open in this poll, or you are no longer signed in."))
        if not ballots:
            raise AlreadyVoted(_("Your vote in this poll is already recorded."))
        if events != 1:  # pragma: no cover - the statement writes both or neither
            raise RuntimeError("vote recorded without its audit event")
        return "voted"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT state FROM meetings_poll WHERE id = %s", [poll_id]
            )  # SQLite runs write transactions one at a time (IMMEDIATE): this read cannot go stale
            if cursor.fetchone()[0] != Poll.State.STARTED:
                raise InvalidTransition(_("Voting is not open in this poll."))
            cursor.execute(
                "INSERT INTO meetings_pollvoter (poll_id, person_id, choices) VALUES (%s, %s, %s) "
                "ON CONFLICT (poll_id, person_id) DO NOTHING RETURNING 1",
                [poll_id, person_id, None if secret else payload],
            )
            if cursor.fetchone() is None:
                raise AlreadyVoted(_("Your vote in this poll is already recorded."))
            cursor.execute(
                "INSERT INTO meetings_pollballot (id, poll_id, choices) VALUES (%s, %s, %s)", [uuid.uuid4().hex, poll_id, payload]
            )
        event.save(force_insert=True)
    return "voted"


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- paper polls --------------------------------------------------------------------------------------


def paper_count_keys(method: str, positions: int) -> list[str]:
    """What a paper count records per option: for/against/abstain, satisfaction, ticks, or for a rank-order ballot
    how many ballots put the option at each rank position ("1" … "N")."""
    if method == Poll.Method.YNA:
        return ["Y", "N", "A"]
    if method == Poll.Method.SATISFACTION:
        return ["S", "B", "U"]
    if method == Poll.Method.RANK:
        return [str(r) for r in range(1, positions + 1)]
    return ["Y"]


def check_rank_grid(grid: dict[str, dict[str, int]], valid: int) -> None:
    """A rank-order grid {option: {position: ballots}} summarises valid ballots only if no option is ranked on more
    ballots than were cast and no position is filled on more ballots than were cast (one option per position)."""
    for values in grid.values():
        if sum(values.values()) > valid:
            raise DomainError(_("An option is ranked on more ballots than there are valid ballots."))
    positions = {k for values in grid.values() for k in values}
    for position in sorted(positions, key=int):
        if sum(values.get(position, 0) for values in grid.values()) > valid:
            raise DomainError(
                _("More options are ranked at position %(rank)s than there are valid ballots.") % {"rank": position}
            )


def paper_count_enter(*, actor, scope: Scope, poll: Poll, ballots_total: int, invalid: int, counts: dict) -> PaperCount:
    """One counter's totals of the paper ballots. Two different staff enter them independently."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    if poll.kind != Poll.Kind.PAPER:
        raise DomainError(_("Only paper polls have counted totals."))
    option_ids = {str(pk) for pk in poll.options.values_list("pk", flat=True)}
    keys = paper_count_keys(poll.method, poll.max_choices or len(option_ids))
    clean: dict[str, dict[str, int]] = {}
    try:
        for option_id, values in counts.items():
            clean[str(option_id)] = {k: int(values.get(k, 0)) for k in keys}
    except (TypeError, ValueError, AttributeError):
        raise DomainError(_("Counts must be whole numbers.")) from None
    if set(clean) != option_ids or any(v < 0 for c in clean.values() for v in c.values()):
        raise DomainError(_("Give a count, zero or more, for every option."))
    if invalid < 0 or ballots_total < 0 or invalid > ballots_total:
        raise DomainError(_("Invalid ballots cannot exceed the ballots returned."))
    valid = ballots_total - invalid
    if poll.method == Poll.Method.RANK:
        check_rank_grid(clean, valid)
    for c in clean.values():
        if (poll.method in {Poll.Method.YNA, Poll.Method.SATISFACTION} and sum(c.values()) > valid) or max(
            c.values(), default=0
        ) > valid:
            raise DomainError(_("An option has more votes than there are valid ballots."))
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.state != Poll.State.FINISHED:
            raise InvalidTransition(_("Enter the counts after voting has closed and before publication."))
        if locked.base_count is not None and ballots_total > locked.base_count:
            raise DomainError(_("More ballots than members."))
        existing = PaperCount.objects.filter(poll=locked, counter=actor).first()
        if existing:
            if (existing.ballots_total, existing.invalid, existing.counts) == (ballots_total, invalid, clean):
                return existing
            raise InvalidTransition(_("You have already entered the counts; the second count must be entered by someone else."))
        if PaperCount.objects.filter(poll=locked).count() >= 2:
            raise InvalidTransition(_("Both counts are already entered."))
        entry = PaperCount.objects.create(poll=locked, counter=actor, ballots_total=ballots_total, invalid=invalid, counts=clean)
        audit_record(
            actor=actor,
            action="poll.paper_count",
            obj=locked,
            after={"ballots_total": ballots_total, "invalid": invalid, "counts": clean},
            region_id=locked.region_id,
        )
    return entry


class Reconciliation:
    def __init__(self, ok: bool, message: str, count: PaperCount | None = None):
        self.ok, self.message, self.count = ok, message, count


def paper_reconciliation(poll: Poll) -> Reconciliation:
    counts = list(PaperCount.objects.filter(poll=poll).order_by("pk"))
    if len(counts) < 2:
        return Reconciliation(
            False, _("Two staff must each enter the counted totals before publication (%(n)d of 2 entered).") % {"n": len(counts)}
        )
    a, b = counts[:2]
    if (a.ballots_total, a.invalid, a.counts) != (b.ballots_total, b.invalid, b.counts):
        return Reconciliation(False, _("The two counts do not match: count the ballots again. Publication is blocked."))
    return Reconciliation(True, _("The two counts match."), a)


def paper_count_discard(*, actor, scope: Scope, poll: Poll) -> int:
    """After a mismatch: discard both counts so the ballots can be counted again."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.state != Poll.State.FINISHED:
            raise InvalidTransition(_("Counts can be discarded only before publication."))
        n, _detail = PaperCount.objects.filter(poll=locked).delete()
        audit_record(
            actor=actor, action="poll.paper_count_discard", obj=locked, after={"discarded": n}, region_id=locked.region_id
        )
    return n


# --- decisions and review opinions --------------------------------------------------------------------


def decision_record(*, actor, scope: Scope, item: AgendaItem, text: str, poll: Poll | None = None) -> Decision:
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    if not text.strip():
        raise DomainError(_("Give the text of the decision."))
    if poll is not None and (poll.item_id != item.pk or poll.state != Poll.State.PUBLISHED):
        raise DomainError(_("The decision's poll must be a published poll on this item."))
    with transaction.atomic():
        existing = Decision.objects.select_for_update().filter(item=item).first()
        if existing:
            if existing.text == text.strip() and existing.poll_id == (poll.pk if poll else None):
                return existing
            raise InvalidTransition(_("This item's decision is already recorded."))
        decision = Decision.objects.create(item=item, text=text.strip(), poll=poll)
        audit_record(
            actor=actor, action="decision.record", obj=decision, after=snapshot(decision), region_id=item.meeting.region_id
        )
    return decision


def opinion_create(*, actor, scope: Scope, item: AgendaItem, text: str, unit: Unit | None = None) -> ReviewOpinion:
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    unit = unit or item.reporting_unit
    if unit is None:
        raise DomainError(_("Name the unit the opinions go to."))
    if not text.strip():
        raise DomainError(_("Write the opinions."))
    with transaction.atomic():
        duplicate = ReviewOpinion.objects.filter(item=item, unit=unit, text=text.strip()).first()
        if duplicate:
            return duplicate
        opinion = ReviewOpinion.objects.create(item=item, unit=unit, text=text.strip(), region_id=item.meeting.region_id)
        audit_record(actor=actor, action="opinion.create", obj=opinion, after=snapshot(opinion), region_id=opinion.region_id)
    return opinion


OPINION_TRANSITIONS = {
    "approve": ({ReviewOpinion.State.DRAFT}, ReviewOpinion.State.APPROVED),
    "send": ({ReviewOpinion.State.APPROVED}, ReviewOpinion.State.SENT),
    "schedule": ({ReviewOpinion.State.REPORTED}, ReviewOpinion.State.SCHEDULED),
    "close": ({ReviewOpinion.State.SCHEDULED}, ReviewOpinion.State.CLOSED),
}


def opinion_transition(
    *, actor, scope: Scope, opinion: ReviewOpinion, action: str, meeting: Meeting | None = None, on: datetime.date | None = None
) -> ReviewOpinion:
    """approve (at a directors' meeting) → send (deadline from the rule) → [unit reports] → schedule (on a later
    meeting's agenda) → close."""
    if not permissions.can_manage_opinion(scope, opinion):
        raise NotPermitted()
    if action not in OPINION_TRANSITIONS:
        raise InvalidTransition(_("Unknown action."))
    sources, target = OPINION_TRANSITIONS[action]
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = ReviewOpinion.objects.select_for_update().select_related("item__meeting", "unit").get(pk=opinion.pk)
        if locked.state == target:
            return locked
        if locked.state not in sources:
            raise InvalidTransition(
                _("Review opinions that are %(state)s cannot be %(target)s.")
                % {"state": locked.get_state_display(), "target": ReviewOpinion.State(target).label}
            )
        after: dict = {"state": target}
        if action == "approve":
            district = locked.item.meeting.body.level == Body.Level.DISTRICT
            # District opinions are approved by the directors' meeting; a town's by its presidium or session.
            if meeting is None or (district and meeting.body.kind != Body.Kind.DIRECTORS_MEETING):
                raise DomainError(_("Name the directors' meeting that approved the opinions."))
            locked.approved_at_meeting = meeting
            after["approved_at_meeting"] = meeting.pk
        elif action == "send":
            from .rules import HANDLING_REPORT_MONTHS

            months = core_rules.value(HANDLING_REPORT_MONTHS.key, region_path=locked.item.meeting.region.path)
            locked.sent_on, locked.deadline = on, core_rules.add_months(on, months)
            after.update(sent_on=on, deadline=locked.deadline)
            clerks = [g.user for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit=locked.unit).select_related("user")]
            notify(
                users=clerks,
                kind="opinion.sent",
                title=_("Review opinions on %(report)s: handling report due %(date)s")
                % {"report": locked.item.title, "date": locked.deadline.isoformat()},
                url=f"/meetings/opinions/{locked.pk}/",
                dedupe_key=f"opinion-{locked.pk}-sent",
            )
        elif action == "schedule":
            if meeting is None or meeting.start_date < locked.item.meeting.start_date or meeting.pk == locked.item.meeting_id:
                raise DomainError(_("Choose a later meeting to hear the handling report."))
            if meeting.state == Meeting.State.CLOSED:
                raise DomainError(_("That meeting is closed."))
            if not permissions.can_manage_meeting(scope, meeting):
                raise NotPermitted()
            order = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                kind=AgendaItem.Kind.HANDLING_REPORT,
                title=_("Handling report of %(unit)s on the review opinions about %(report)s")
                % {"unit": locked.unit.name, "report": locked.item.title},
                reporting_unit=locked.unit,
            )
            locked.followup_item = item
            after["followup_item"] = item.pk
        elif action == "close":
            locked.closed_on = on
            after["closed_on"] = on
        before = locked.state
        locked.state = target
        locked.save()
        audit_record(
            actor=actor, action=f"opinion.{action}", obj=locked, before={"state": before}, after=after, region_id=locked.region_id
        )
    return locked


def opinion_report(*, actor, scope: Scope, opinion: ReviewOpinion, text: str, on: datetime.date | None = None) -> ReviewOpinion:
    """The unit's handling report (研究处理情况报告)."""
    if not permissions.can_report_on_opinion(scope, opinion):
        raise NotPermitted()
    if not text.strip():
        raise DomainError(_("Write the handling report."))
    with transaction.atomic():
        locked = ReviewOpinion.objects.select_for_update().get(pk=opinion.pk)
        if locked.state == ReviewOpinion.State.REPORTED and locked.report_text == text.strip():
            return locked
        if locked.state != ReviewOpinion.State.SENT:
            raise InvalidTransition(
                _("A handling report can be submitted only for opinions sent to the unit and not yet answered.")
            )
        locked.report_text, locked.reported_on, locked.state = (
            text.strip(),
            on or timezone.localdate(),
            ReviewOpinion.State.REPORTED,
        )
        locked.save(update_fields=["report_text", "reported_on", "state"])
        audit_record(
            actor=actor,
            action="opinion.report",
            obj=locked,
            before={"state": "sent"},
            after={"state": "reported", "reported_on": locked.reported_on},
            region_id=locked.region_id,
        )
    return locked
