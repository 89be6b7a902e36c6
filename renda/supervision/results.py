"""Results of a unit evaluation vote, counted from the meetings poll's ballots (or its reconciled paper count) every
time they are shown: never stored.

满意率 = (votes on scale values that count as satisfied) / valid votes, the scale being data
(`supervision.evaluation.scale`: 满意 and 基本满意 count by default). Units are ranked by the rate, highest
first, with ties sharing a rank (1, 2, 2, 4); a unit below the re-evaluation threshold (data) is marked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from renda.meetings.lifecycles import POLL
from renda.meetings.results import tallies
from renda.meetings.services import SATISFACTION_VALUES

from .models import EvaluatedUnit, EvaluationVote
from .rules import REEVALUATE_BELOW, SCALE, rule


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    satisfied: bool


def scale(region: Any = None) -> list[Level]:
    """The satisfaction scale for a region: each level's code (a value of the meetings satisfaction poll), label
    and whether it counts towards the rate."""
    levels = [Level(str(x["code"]), str(x["label"]), bool(x["satisfied"])) for x in rule(SCALE, region)]
    unknown = {lv.code for lv in levels} - SATISFACTION_VALUES
    if unknown or not levels:
        raise ValueError(f"the evaluation scale names values a satisfaction poll does not record: {sorted(unknown)}")
    return levels


def threshold(region: Any = None) -> Fraction:
    return Fraction(int(rule(REEVALUATE_BELOW, region)), 100)


@dataclass
class UnitResult:
    evaluated_id: int
    unit_id: int
    unit: str
    counts: dict[str, int]
    valid: int
    satisfied: int
    rate: Fraction | None
    rank: int | None = None
    below: bool = False

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent with two decimals (half up), for display; ranking uses the exact fraction."""
        if self.rate is None:
            return None
        value = Decimal(self.rate.numerator) * 100 / Decimal(self.rate.denominator)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class VoteResults:
    number: int
    levels: list[Level]
    threshold: Fraction
    units: list[UnitResult] = field(default_factory=list)

    @property
    def threshold_percent(self) -> int:
        return int(self.threshold * 100)

    def summary(self) -> dict[str, Any]:
        return {
            "vote": self.number,
            "threshold_percent": self.threshold_percent,
            "units": [
                {
                    "unit": r.unit_id,
                    "valid": r.valid,
                    "satisfied": r.satisfied,
                    "rank": r.rank,
                    "below": r.below,
                    "counts": r.counts,
                }
                for r in self.units
            ],
        }


def rank(results: list[UnitResult]) -> list[UnitResult]:
    """Order by rate (highest first) and give competition ranks: equal rates share a rank, the next rank skips
    (1, 2, 2, 4). Units without a valid vote come last without a rank."""
    rated = sorted((r for r in results if r.rate is not None), key=lambda r: (-(r.rate or 0), r.unit))
    position = 0
    previous: Fraction | None = None
    for index, result in enumerate(rated, start=1):
        if result.rate != previous:
            position, previous = index, result.rate
        result.rank = position
    return rated + [r for r in results if r.rate is None]


def vote_results(vote: EvaluationVote, evaluated: list[EvaluatedUnit], region: Any = None) -> VoteResults:
    """Each evaluated unit's counts, valid votes, rate, rank and re-evaluation mark in this vote."""
    levels = scale(region)
    limit = threshold(region)
    satisfied_codes = {lv.code for lv in levels if lv.satisfied}
    codes = [lv.code for lv in levels]
    _cast, _invalid, per_option = tallies(vote.poll)
    by_ref = {o.ref: per_option.get(o.pk, Counter()) for o in vote.poll.options.all()}
    out = VoteResults(vote.number, levels, limit)
    for e in evaluated:
        counter = by_ref.get(f"unit:{e.unit_id}")
        if counter is None:
            continue  # not on this vote's ballot
        counts = {code: int(counter.get(code, 0)) for code in codes}
        valid = sum(counts.values())
        satisfied = sum(n for code, n in counts.items() if code in satisfied_codes)
        rate = Fraction(satisfied, valid) if valid else None
        out.units.append(
            UnitResult(e.pk, e.unit_id, e.unit.name, counts, valid, satisfied, rate, below=rate is not None and rate < limit)
        )
    out.units = rank(out.units)
    return out


def shows_result(vote: EvaluationVote, manage: bool) -> bool:
    """A result is shown once the poll is published; staff who run the round see it once voting has closed."""
    return POLL.in_group(vote.poll, "published") or (manage and POLL.in_group(vote.poll, "counting"))
