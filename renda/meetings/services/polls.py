"""Polls: created with their rules and options (the threshold from the rule for the body's kind and the matter voted
on), the rules changed until voting opens, then started (only with a quorum present; the base fixed), finished (a
secret poll's ballots shuffled) and published (a paper or show-of-hands poll only once its counts agree)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import ATTENDANCE, MEETING, POLL
from ..membership import require_quorum
from ..models import AgendaItem, Attendance, Meeting, Poll, PollBallot, PollOption
from ..results import poll_result
from ..rules import threshold_for
from .meetings import require_editable
from .paper import COUNTED_KINDS, paper_reconciliation


def poll_create(
    *,
    actor: Actor,
    scope: Scope,
    meeting: Meeting,
    title: str,
    kind: str,
    item: AgendaItem | None = None,
    method: str = Poll.Method.YNA,
    options: Sequence[str | tuple[str, str]] | None = None,
    max_choices: int | None = None,
    threshold: str | None = None,
    matter: str = Poll.Matter.RESOLUTION,
    seats: int | None = None,
    write_ins: bool = False,
) -> Poll:
    """A poll on the meeting (optionally on an agenda item). Without options: one option, the motion itself.

    The threshold, unless given, is the rule for the body's kind and the `matter` voted on. An election gives
    `seats` (at most that many "for" on one ballot) and may allow `write_ins` (另选他人)."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if kind not in Poll.Kind.values or method not in Poll.Method.values:
        raise DomainError(_("Unknown kind or method of poll."))
    if matter not in Poll.Matter.values:
        raise DomainError(_("Unknown matter."))
    if (seats is not None or write_ins) and (method != Poll.Method.YNA or not seats or seats < 1):
        raise DomainError(_("An election poll votes for, against or abstain per candidate and names the places to fill."))
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
    threshold = threshold or threshold_for(meeting.body.kind, matter, meeting.region.path)
    if threshold not in Poll.Threshold.values:
        raise DomainError(_("Unknown threshold."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_editable(locked)
        poll = Poll.objects.create(
            meeting=locked,
            item=item,
            title=title.strip(),
            kind=kind,
            method=method,
            max_choices=max_choices if method in {Poll.Method.PICK, Poll.Method.RANK} else None,
            threshold=threshold,
            matter=matter,
            seats=seats,
            write_ins=write_ins,
            region_id=locked.region_id,
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, order=i, text=t, ref=r) for i, (t, r) in enumerate(normalized, start=1)]
        )
        audit_created(actor=actor, action="poll.create", obj=poll, options=[t for t, _r in normalized])
    return poll


def poll_update(*, actor: Actor, scope: Scope, poll: Poll, **changes: Any) -> Poll:
    """Change a poll's rules (title, threshold, method, N). Refused once the poll has started: rules lock."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    allowed = {"title", "threshold", "max_choices", "kind", "method", "matter"}
    if set(changes) - allowed:
        raise DomainError(_("Those fields cannot be changed."))
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if not POLL.in_group(locked, "draft"):
            raise InvalidTransition(_("The poll has started: its rules are locked."))
        if "threshold" in changes and changes["threshold"] not in Poll.Threshold.values:
            raise DomainError(_("Unknown threshold."))
        if "kind" in changes and changes["kind"] not in Poll.Kind.values:
            raise DomainError(_("Unknown kind or method of poll."))
        if "matter" in changes:
            if changes["matter"] not in Poll.Matter.values:
                raise DomainError(_("Unknown matter."))
            if "threshold" not in changes:  # a new matter brings its own threshold
                changes["threshold"] = threshold_for(locked.meeting.body.kind, changes["matter"], locked.meeting.region.path)
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


def _start(locked: Poll, after: dict[str, Any]) -> None:
    """Voting opens while the meeting is in progress and only with a quorum present; the base (full membership on
    the meeting date) and those present are fixed now."""
    meeting = locked.meeting
    if not MEETING.in_group(meeting, "under_way"):
        raise InvalidTransition(_("Polls can start only while the meeting is in progress."))
    quorum = require_quorum(meeting, opening=False)
    locked.base_count = quorum.base
    locked.present_count = meeting.attendances.filter(
        role=Attendance.Role.MEMBER, entitled=True, status__in=ATTENDANCE.group("signed_in")
    ).count()
    locked.started_at = timezone.now()
    after.update(base_count=locked.base_count, present_count=locked.present_count)


def _finish(locked: Poll, after: dict[str, Any]) -> None:
    locked.finished_at = timezone.now()
    if locked.kind == Poll.Kind.SECRET:
        _shuffle_ballots(locked)


def _publish(locked: Poll, after: dict[str, Any]) -> None:
    """A paper (or show-of-hands) poll publishes only once its counts agree; the result goes into the audit event."""
    if locked.kind in COUNTED_KINDS:
        reconcile = paper_reconciliation(locked)
        if not reconcile.ok:
            raise InvalidTransition(reconcile.message)
    result = poll_result(locked)
    locked.published_at = timezone.now()
    after.update(result.summary())


POLL_EFFECTS: dict[str, Callable[[Poll, dict[str, Any]], None]] = {"start": _start, "finish": _finish, "publish": _publish}


def poll_transition(*, actor: Actor, scope: Scope, poll: Poll, action: str) -> Poll:
    """start → finish → publish. The audit event records the new state and what the move fixed (the base at the
    start, the result at publication)."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    move = POLL.transition(action)
    with transaction.atomic():
        locked = Poll.objects.select_for_update().select_related(*POLL.related).get(pk=poll.pk)
        if POLL.state_of(locked) == move.target:
            return locked  # a retried submit
        POLL.set_state(locked, action)
        after: dict[str, Any] = {"state": move.target}
        POLL_EFFECTS[action](locked, after)
        locked.save()
        if action == "publish":
            from .preparatory import seat_session_presidium

            seat_session_presidium(actor, locked)
        audit_record(actor=actor, action=f"poll.{action}", obj=locked, after=after, region_id=locked.region_id)
    return locked


def _shuffle_ballots(poll: Poll) -> None:
    """Rewrite a secret poll's ballots in random order under new random keys, so that even the physical order
    of rows in the table carries nothing of the order in which members voted."""
    rows = list(PollBallot.objects.filter(poll=poll).values_list("choices", flat=True))
    random.SystemRandom().shuffle(rows)
    PollBallot.objects.filter(poll=poll).delete()
    PollBallot.objects.bulk_create([PollBallot(id=uuid.uuid4(), poll=poll, choices=c) for c in rows], batch_size=1000)
