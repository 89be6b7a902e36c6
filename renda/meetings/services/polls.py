"""Polls: created with their rules and options, the rules changed until voting opens, then started (the base fixed),
finished (a secret poll's ballots shuffled) and published (a paper poll only once its two counts agree)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import ATTENDANCE, MEETING, POLL
from ..membership import member_person_ids
from ..models import AgendaItem, Attendance, Meeting, Poll, PollBallot, PollOption
from ..results import poll_result
from ..rules import threshold_for
from .meetings import require_editable
from .paper import paper_reconciliation


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
        require_editable(locked)
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


def poll_update(*, actor: Actor, scope: Scope, poll: Poll, **changes: Any) -> Poll:
    """Change a poll's rules (title, threshold, method, N). Refused once the poll has started: rules lock."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    allowed = {"title", "threshold", "max_choices", "kind", "method"}
    if set(changes) - allowed:
        raise DomainError(_("Those fields cannot be changed."))
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if not POLL.in_group(locked, "draft"):
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


def _start(locked: Poll, after: dict[str, Any]) -> None:
    """Voting opens while the meeting is in progress; the base (full membership on the meeting date) and those
    present are fixed now."""
    meeting = locked.meeting
    if not MEETING.in_group(meeting, "under_way"):
        raise InvalidTransition(_("Polls can start only while the meeting is in progress."))
    locked.base_count = member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count()
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
    """A paper poll publishes only once its two counts agree; the result goes into the audit event."""
    if locked.kind == Poll.Kind.PAPER:
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
        audit_record(actor=actor, action=f"poll.{action}", obj=locked, after=after, region_id=locked.region_id)
    return locked


def _shuffle_ballots(poll: Poll) -> None:
    """Rewrite a secret poll's ballots in random order under new random keys, so that even the physical order
    of rows in the table carries nothing of the order in which members voted."""
    rows = list(PollBallot.objects.filter(poll=poll).values_list("choices", flat=True))
    random.SystemRandom().shuffle(rows)
    PollBallot.objects.filter(poll=poll).delete()
    PollBallot.objects.bulk_create([PollBallot(id=uuid.uuid4(), poll=poll, choices=c) for c in rows], batch_size=1000)
