"""Counting a livelihood-project ballot and deciding adoption, from the meetings records (never stored totals).

`count()` and `decide()` are pure functions (property-tested); `ballot_result()` feeds them from the poll's
ballots (electronic) or the reconciled paper count through `renda.meetings.results.tallies`.

- yna: approval = "for" votes; projects ordered by "for" votes.
- pick (tick at most N of M): approval = ticks; ordered by ticks.
- rank: approval = ballots that ranked the project at all; ordered by Borda points (first of M = M points).
A project is eligible when its approval reaches the threshold, counted against the base the threshold names
(default: more than half of ALL deputies of the congress, fixed when voting opened). Eligible projects are
adopted in order up to the number of places; a tie at the last place is settled by the cycle's tie rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from renda.meetings.models import Poll

if TYPE_CHECKING:
    from .models import Ballot

TWO_THIRDS = {"two_thirds_members"}


def required_votes(threshold: str, base: int) -> int:
    """Smallest approval that passes: more than half → floor(base/2)+1; two thirds → ceil(2·base/3)."""
    if threshold in TWO_THIRDS:
        return -(-2 * base // 3)
    return base // 2 + 1


def count(ballots: Iterable[dict], option_ids: Iterable[int]) -> tuple[int, dict[int, Counter]]:
    """(ballots cast, {option id: Counter(value → n)}) — the sum of the ballots, whatever their order."""
    per_option: dict[int, Counter] = {int(o): Counter() for o in option_ids}
    cast = 0
    for choices in ballots:
        cast += 1
        for key, value in choices.items():
            per_option.setdefault(int(key), Counter())[value] += 1
    return cast, per_option


@dataclass
class Line:
    option_id: int
    order: int  # number on the candidate list
    text: str
    cost: Decimal = Decimal(0)
    ref: str = ""
    counts: dict = field(default_factory=dict)
    approval: int = 0
    score: int = 0
    rank: int = 0
    eligible: bool = False
    adopted: bool = False
    tied: bool = False  # tied at the last place and left for a run-off


@dataclass
class Outcome:
    form: str
    base: int
    required: int
    cast: int
    places: int
    tie_rule: str
    lines: list[Line]
    runoff: bool = False

    @property
    def adopted(self) -> list[Line]:
        return [line for line in self.lines if line.adopted]


def _line_figures(form: str, counter: Counter, size: int) -> tuple[dict, int, int]:
    if form == "rank":
        ranked = sum(counter.values())
        points = sum((size - int(rank) + 1) * n for rank, n in counter.items())
        return {"ranked": ranked, "points": points}, ranked, points
    if form == "pick":
        return {"Y": counter.get("Y", 0)}, counter.get("Y", 0), counter.get("Y", 0)
    counts = {k: counter.get(k, 0) for k in ("Y", "N", "A")}
    return counts, counts["Y"], counts["Y"]


def decide(
    *,
    form: str,
    per_option: dict[int, Counter],
    options: list[tuple[int, int, str, Decimal, str]],
    base: int,
    threshold: str,
    places: int,
    tie_rule: str,
    cast: int = 0,
) -> Outcome:
    """options: (option id, list order, text, cost, ref). Returns lines ordered by rank (then list order)."""
    required = required_votes(threshold, base)
    size = len(options)
    lines = []
    for option_id, order, text, cost, ref in options:
        counts, approval, score = _line_figures(form, per_option.get(option_id, Counter()), size)
        lines.append(Line(option_id, order, text, Decimal(cost), ref, counts, approval, score, eligible=approval >= required))
    lines.sort(key=lambda line: (-line.score, line.order))
    previous, rank = None, 0
    for index, line in enumerate(lines, start=1):
        if line.score != previous:
            rank, previous = index, line.score
        line.rank = rank
    outcome = Outcome(form, base, required, cast, places, tie_rule, lines)
    eligible = [line for line in lines if line.eligible]
    if len(eligible) <= places:
        for line in eligible:
            line.adopted = True
        return outcome
    cutoff = eligible[places - 1].score
    above = [line for line in eligible if line.score > cutoff]
    tied = [line for line in eligible if line.score == cutoff]
    for line in above:
        line.adopted = True
    free = places - len(above)
    if len(tied) <= free or tie_rule == "adopt_all":
        for line in tied:
            line.adopted = True
    elif tie_rule in {"lower_cost", "list_order"}:
        key = (lambda x: (x.cost, x.order)) if tie_rule == "lower_cost" else (lambda x: x.order)
        for line in sorted(tied, key=key)[:free]:
            line.adopted = True
    else:  # runoff
        for line in tied:
            line.tied = True
        outcome.runoff = True
    return outcome


def satisfaction_verdict(counts: dict[str, int], *, base: int, rule: list) -> str:
    """The rule is data: [[verdict, [values counted], threshold], …] tried in order; otherwise "U"."""
    for verdict, values, threshold in rule:
        if sum(counts.get(v, 0) for v in values) >= required_votes(threshold, base):
            return verdict
    return "U"


def base_for(poll: Poll, threshold: str, cast: int) -> int:
    if threshold in {"half_members", "two_thirds_members"}:
        return poll.base_count or 0
    if threshold == "half_present":
        return poll.present_count or 0
    return cast


def ballot_result(ballot: Ballot) -> Outcome:
    """The outcome of one round of a cycle's ballot from the poll's records (a configured ballot: it has its poll).
    A run-off counts the same way, over the tied candidates, for the places still free."""
    from renda.meetings.results import tallies

    poll = ballot.poll
    if poll is None:
        raise ValueError("a ballot is counted once its poll is set")
    cast, _invalid, per_option = tallies(poll)
    refs = {o.ref: o for o in poll.options.all()}
    candidates = {c.ref: c for c in ballot.cycle.candidates.all()}
    options = [
        (
            o.pk,
            candidates[ref].order if ref in candidates else o.order,
            o.text,
            candidates[ref].cost if ref in candidates else Decimal(0),
            ref,
        )
        for ref, o in refs.items()
    ]
    return decide(
        form=ballot.form,
        per_option=per_option,
        options=options,
        base=base_for(poll, ballot.threshold, cast),
        threshold=ballot.threshold,
        places=ballot.seats,
        tie_rule=ballot.tie_rule,
        cast=cast,
    )
