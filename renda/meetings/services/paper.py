"""Counted polls — paper ballots and a show of hands: staff count independently and each enters the totals; the poll
is published only when as many counts as the rule asks (`meetings.counts_required.<kind>`: two for paper, one for a
show of hands) agree (`paper_reconciliation`), and a mismatch is discarded to count again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import POLL
from ..models import PaperCount, Poll
from ..rules import counts_required

#: polls whose result is counted by staff and entered, not cast on a device
COUNTED_KINDS = frozenset({Poll.Kind.PAPER, Poll.Kind.HANDS})


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


def _clean_write_ins(poll: Poll, write_ins: dict[str, Any] | None) -> dict[str, int]:
    if not write_ins:
        return {}
    if not poll.write_ins:
        raise DomainError(_("This poll allows no write-in names."))
    clean: dict[str, int] = {}
    try:
        for name, n in write_ins.items():
            name = " ".join(str(name).split())[:50]
            if name and int(n):
                clean[name] = clean.get(name, 0) + int(n)
    except (TypeError, ValueError, AttributeError):
        raise DomainError(_("Counts must be whole numbers.")) from None
    if any(v < 0 for v in clean.values()):
        raise DomainError(_("Give a count, zero or more, for every option."))
    return dict(sorted(clean.items()))


def paper_count_enter(
    *,
    actor: Actor,
    scope: Scope,
    poll: Poll,
    ballots_total: int,
    invalid: int,
    counts: dict[str, Any],
    write_ins: dict[str, Any] | None = None,
) -> PaperCount:
    """One counter's totals of the paper ballots (or of the hands raised). Different staff enter them
    independently; an election's `write_ins` are {name written in: votes}."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    counter = user_of(actor)
    if counter is None:
        raise NotPermitted()  # a count is one signed-in person's
    if poll.kind not in COUNTED_KINDS:
        raise DomainError(_("Only paper polls have counted totals."))
    written = _clean_write_ins(poll, write_ins)
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
    if any(v > valid for v in written.values()):
        raise DomainError(_("An option has more votes than there are valid ballots."))
    if poll.seats and sum(c.get("Y", 0) for c in clean.values()) + sum(written.values()) > valid * poll.seats:
        raise DomainError(
            _("More votes for than %(seats)d per valid ballot: a ballot naming more people than places is invalid.")
            % {"seats": poll.seats}
        )
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if not POLL.in_group(locked, "counting"):
            raise InvalidTransition(_("Enter the counts after voting has closed and before publication."))
        if locked.base_count is not None and ballots_total > locked.base_count:
            raise DomainError(_("More ballots than members."))
        existing = PaperCount.objects.filter(poll=locked, counter=counter).first()
        if existing:
            if (existing.ballots_total, existing.invalid, existing.counts, existing.write_ins) == (
                ballots_total,
                invalid,
                clean,
                written,
            ):
                return existing
            raise InvalidTransition(_("You have already entered the counts; the second count must be entered by someone else."))
        if PaperCount.objects.filter(poll=locked).count() >= _required_counts(locked):
            raise InvalidTransition(_("Both counts are already entered."))
        entry = PaperCount.objects.create(
            poll=locked, counter=counter, ballots_total=ballots_total, invalid=invalid, counts=clean, write_ins=written
        )
        audit_record(
            actor=actor,
            action="poll.paper_count",
            obj=locked,
            after={"ballots_total": ballots_total, "invalid": invalid, "counts": clean, "write_ins": written},
            region_id=locked.region_id,
        )
    return entry


@dataclass
class Reconciliation:
    ok: bool
    message: str
    count: PaperCount | None = None


def _required_counts(poll: Poll) -> int:
    return max(1, counts_required(poll.kind, poll.region.path))


def paper_reconciliation(poll: Poll) -> Reconciliation:
    counts = list(PaperCount.objects.filter(poll=poll).order_by("pk"))
    needed = _required_counts(poll)
    if len(counts) < needed:
        if needed == 2:
            message = _("Two staff must each enter the counted totals before publication (%(n)d of 2 entered).")
        else:
            message = _("%(needed)d staff must each enter the counted totals before publication (%(n)d of %(needed)d entered).")
        return Reconciliation(False, message % {"n": len(counts), "needed": needed})
    first = counts[0]
    if any(
        (c.ballots_total, c.invalid, c.counts, c.write_ins) != (first.ballots_total, first.invalid, first.counts, first.write_ins)
        for c in counts[1:needed]
    ):
        return Reconciliation(False, _("The two counts do not match: count the ballots again. Publication is blocked."))
    if needed == 1:
        return Reconciliation(True, _("The count is entered."), first)
    return Reconciliation(True, _("The two counts match."), first)


def paper_count_discard(*, actor: Actor, scope: Scope, poll: Poll) -> int:
    """After a mismatch: discard both counts so the ballots can be counted again."""
    if not permissions.can_manage_meeting(scope, poll.meeting):
        raise NotPermitted()
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if not POLL.in_group(locked, "counting"):
            raise InvalidTransition(_("Counts can be discarded only before publication."))
        n, _detail = PaperCount.objects.filter(poll=locked).delete()
        audit_record(
            actor=actor, action="poll.paper_count_discard", obj=locked, after={"discarded": n}, region_id=locked.region_id
        )
    return n
