"""Poll results, counted from the ballots (or the reconciled paper totals) every time: never stored totals.

Thresholds count against a base the result states: the body's full membership at the meeting date (fixed
when the poll started), those present when it started, or the votes cast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import PaperCount, Poll, PollBallot


@dataclass
class OptionResult:
    option_id: int
    text: str
    ref: str
    counts: dict[str, int]
    score: int = 0  # for-votes, picks, Borda points or satisfied votes: what ranks options
    passed: bool = False
    rank: int = 0
    verdict: str = ""


@dataclass
class WriteInResult:
    """A name written in on election ballots (另选他人) and the votes it got."""

    name: str
    votes: int
    passed: bool = False


@dataclass
class PollResult:
    poll: Poll
    base_label: str
    base: int
    required: int  # votes needed to pass
    cast: int
    invalid: int = 0
    options: list[OptionResult] = field(default_factory=list)
    write_ins: list[WriteInResult] = field(default_factory=list)

    @property
    def motion(self) -> OptionResult | None:
        return self.options[0] if len(self.options) == 1 else None

    def summary(self) -> dict:
        return {
            "base": self.base,
            "base_label": self.base_label,
            "required": self.required,
            "cast": self.cast,
            "options": [{"id": o.option_id, "counts": o.counts, "passed": o.passed, "rank": o.rank} for o in self.options],
            **({"write_ins": {w.name: w.votes for w in self.write_ins}} if self.write_ins else {}),
        }


def _required(threshold: str, base: int) -> int:
    """Smallest number of votes that passes: more than half → floor(base/2)+1; two thirds → ceil(2·base/3)."""
    if threshold == Poll.Threshold.TWO_THIRDS_MEMBERS:
        return -(-2 * base // 3)
    return base // 2 + 1


def _base(poll: Poll, cast: int) -> tuple[str, int]:
    from .wording import words

    w = words(poll.meeting.body)
    if poll.threshold in {Poll.Threshold.HALF_MEMBERS, Poll.Threshold.TWO_THIRDS_MEMBERS}:
        return str(w.all_members), poll.base_count or 0
    if poll.threshold == Poll.Threshold.HALF_PRESENT:
        return str(w.present), poll.present_count or 0
    return _("votes cast"), cast


WRITE_IN = "w:"
COUNTED = {Poll.Kind.PAPER, Poll.Kind.HANDS}


def tallies(poll: Poll) -> tuple[int, int, dict[int, Counter]]:
    """(ballots cast, invalid, {option id: Counter(value → n)}) from the ballots or the reconciled paper count."""
    cast, invalid, per_option, _write_ins = tallies_with_write_ins(poll)
    return cast, invalid, per_option


def tallies_with_write_ins(poll: Poll) -> tuple[int, int, dict[int, Counter], Counter]:
    """As `tallies`, with the votes for names written in (另选他人) beside."""
    per_option: dict[int, Counter] = {o.pk: Counter() for o in poll.options.all()}
    written: Counter = Counter()
    if poll.kind in COUNTED:
        count = PaperCount.objects.filter(poll=poll).order_by("pk").first()
        if count is None:
            return 0, 0, per_option, written
        paper_per_option(count.counts, per_option)
        written.update({k: int(v) for k, v in (count.write_ins or {}).items()})
        return count.ballots_total - count.invalid, count.invalid, per_option, written
    cast = 0
    for choices in PollBallot.objects.filter(poll=poll).values_list("choices", flat=True).iterator(chunk_size=2000):
        cast += 1
        for key, value in choices.items():
            if key.startswith(WRITE_IN):
                written[key[len(WRITE_IN) :]] += 1
            else:
                per_option.setdefault(int(key), Counter())[value] += 1
    return cast, 0, per_option, written


def paper_per_option(counts: dict, per_option: dict[int, Counter] | None = None) -> dict[int, Counter]:
    """The per-option counters of a paper count ({option: {value: n}}; for a rank-order ballot the value is the
    rank position), the same shape as counting the ballots one by one."""
    per_option = {} if per_option is None else per_option
    for key, values in counts.items():
        per_option.setdefault(int(key), Counter()).update({k: int(v) for k, v in values.items()})
    return per_option


def poll_result(poll: Poll) -> PollResult:
    cast, invalid, per_option, written = tallies_with_write_ins(poll)
    base_label, base = _base(poll, cast)
    required = _required(poll.threshold, base)
    result = PollResult(poll=poll, base_label=base_label, base=base, required=required, cast=cast, invalid=invalid)
    options = list(poll.options.all())
    size = len(options)
    for option in options:
        counter = per_option.get(option.pk, Counter())
        if poll.method == Poll.Method.RANK:
            counts = {"ranked": sum(counter.values())}
            score = sum((size - int(rank) + 1) * n for rank, n in counter.items())
        elif poll.method == Poll.Method.SATISFACTION:
            counts = {k: counter.get(k, 0) for k in ("S", "B", "U")}
            score = counts["S"]
        elif poll.method == Poll.Method.PICK:
            counts = {"Y": counter.get("Y", 0)}
            score = counts["Y"]
        else:
            counts = {k: counter.get(k, 0) for k in ("Y", "N", "A")}
            score = counts["Y"]
        entry = OptionResult(option.pk, option.text, option.ref, counts, score=score)
        if poll.method == Poll.Method.SATISFACTION:
            # Zhenhai rule: satisfied if satisfied votes pass; basically satisfied if satisfied + basically pass.
            if counts["S"] >= required:
                entry.verdict, entry.passed = "S", True
            elif counts["S"] + counts["B"] >= required:
                entry.verdict, entry.passed = "B", True
            else:
                entry.verdict = "U"
        elif poll.method == Poll.Method.RANK:
            entry.passed = counts["ranked"] >= required
        else:
            entry.passed = counts["Y"] >= required
        result.options.append(entry)
    ordered = sorted(result.options, key=lambda o: -o.score)
    previous, rank = None, 0
    for index, entry in enumerate(ordered, start=1):
        if entry.score != previous:
            rank, previous = index, entry.score
        entry.rank = rank  # ties share a rank
    result.write_ins = [
        WriteInResult(name, n, n >= required) for name, n in sorted(written.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return result


VERDICT_LABELS = {"S": "satisfied", "B": "basically satisfied", "U": "not satisfied"}
