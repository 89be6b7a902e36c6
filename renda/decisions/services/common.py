"""What every decisions service shares: driving a meetings poll (create, start, finish, publish) for a record as a
system actor on the staff member's behalf, and reading its outcome."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor, system
from renda.core.errors import DomainError
from renda.meetings import services as meeting_services
from renda.meetings.lifecycles import MEETING, POLL
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.results import poll_result
from renda.org.models import Body
from renda.org.scoping import Scope

R = TypeVar("R")


def on_behalf_of(call: Callable[..., R], actor: Actor, reason: str, **kwargs: Any) -> R:
    """Call a meetings entry point for `actor`: as a system actor with a system scope, so the audit trail records
    the reason and the user who set it off."""
    reason = f"decisions: {reason}"
    return call(actor=system(reason, on_behalf_of=actor), scope=Scope.system(reason), **kwargs)


def agenda_item(actor: Actor, meeting: Meeting, kind: str, title: str, reason: str) -> AgendaItem:
    """The meeting's agenda item of this kind and title (added when missing: the agenda service is idempotent)."""
    if not MEETING.in_group(meeting, "editable"):
        raise DomainError(_("That meeting is closed."))
    return on_behalf_of(meeting_services.agenda_item_add, actor, reason, meeting=meeting, kind=kind, title=title)


def open_poll(
    actor: Actor,
    reason: str,
    *,
    poll: Poll | None,
    meeting: Meeting,
    item: AgendaItem | None,
    title: str,
    kind: str,
    matter: str,
    options: Sequence[str | tuple[str, str]] | None = None,
    seats: int | None = None,
    write_ins: bool = False,
) -> Poll:
    """Create the record's poll (unless it has one) and start it: refused without a quorum present."""
    if poll is None:
        poll = on_behalf_of(
            meeting_services.poll_create,
            actor,
            reason,
            meeting=meeting,
            item=item,
            title=title,
            kind=kind,
            matter=matter,
            options=options,
            seats=seats,
            write_ins=write_ins,
        )
    return on_behalf_of(meeting_services.poll_transition, actor, reason, poll=poll, action="start")


def finish_poll(actor: Actor, reason: str, poll: Poll | None) -> Poll:
    if poll is None:
        raise DomainError(_("No vote has been taken."))
    return on_behalf_of(meeting_services.poll_transition, actor, reason, poll=poll, action="finish")


def publish_poll(actor: Actor, reason: str, poll: Poll | None) -> Poll:
    """Publish the poll's result (a counted poll only once its counts agree)."""
    if poll is None:
        raise DomainError(_("No vote has been taken."))
    return on_behalf_of(meeting_services.poll_transition, actor, reason, poll=poll, action="publish")


@dataclass(frozen=True)
class Vote:
    """A record's poll: the rule giving its kind (read at `body`'s region), its title and matter, and its options
    (read when it opens); `noun` names it in the audit trail's reasons."""

    kind_rule: str
    body: Body
    title: str
    matter: str
    options: Callable[[], Sequence[str | tuple[str, str]]] | None = None
    noun: str = "vote"


def vote_step(
    actor: Actor, locked: Any, action: str, reason: Callable[[str], str], vote: Vote, *, adopted: bool | None = None
) -> dict[str, Any] | None:
    """The vote in a record's lifecycle (the record carries `meeting`, `item` and `poll`): `open` creates and starts
    its poll; `close` finishes it; any other action publishes the result (a counted poll only once its counts agree;
    with `adopted`, only the outcome that matches)."""
    if action == "open":
        kind = core_rules.value(vote.kind_rule, region_path=vote.body.region.path)
        locked.poll = open_poll(
            actor,
            reason(f"opens its {vote.noun}"),
            poll=locked.poll,
            meeting=locked.meeting,
            item=locked.item,
            title=vote.title,
            kind=kind,
            matter=vote.matter,
            options=vote.options() if vote.options is not None else None,
        )
        return {"poll": locked.poll.pk}
    if action == "close":
        finish_poll(actor, reason(f"closes its {vote.noun}"), locked.poll)
        return None
    poll_ready(locked.poll)
    if adopted is not None:
        outcome_matches(locked.poll, adopted=adopted)
    locked.poll = publish_poll(actor, reason("publishes its result"), locked.poll)
    return None


def poll_passed(poll: Poll | None) -> bool:
    """Whether the motion passed, once voting has closed (a counted poll: once its counts agree)."""
    if poll is None or not POLL.in_group(poll, "voting_over"):
        return False
    if poll.kind in meeting_services.COUNTED_KINDS and not meeting_services.paper_reconciliation(poll).ok:
        return False
    result = poll_result(poll)
    return bool(result.motion and result.motion.passed)


def poll_ready(poll: Poll | None) -> None:
    """Refuse to publish before the counts of a counted poll agree."""
    if poll is not None and poll.kind in meeting_services.COUNTED_KINDS:
        reconcile = meeting_services.paper_reconciliation(poll)
        if not reconcile.ok:
            raise DomainError(reconcile.message)


def outcome_matches(poll: Poll | None, *, adopted: bool) -> None:
    """Publish as adopted only what passed, as not adopted only what did not."""
    passed = poll_passed(poll)
    if adopted and not passed:
        raise DomainError(_("The vote did not reach the threshold: publish it as not adopted."))
    if not adopted and passed:
        raise DomainError(_("The vote reached the threshold: publish it as adopted."))
