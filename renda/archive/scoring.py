"""The score as data: a year's scheme (its own `ScoreScheme` row, else the latest earlier year's of the congress,
else the rules' default) applied to counts of entries by kind.

    score = base + Σ over kinds of (count × points), each kind's sum held within ±its cap; then 0 ≤ score ≤ full
    grade = good (≥ good_from), fair (≥ fair_from), poor

An entry's own points are its kind's points until the kind's cap is reached (in date order), then 0, so the
entries' points add up to the score less the base (unless the score hit 0 or the full score).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry
from renda.org.models import Body

from . import rules as arules
from .models import ScoreScheme

GRADES = {"good": _("good"), "fair": _("fair"), "poor": _("poor")}
#: how a document names a grade (documents read in Chinese whatever the page language)
GRADES_ZH = {"good": "优秀", "fair": "合格", "poor": "较差"}


@dataclass(frozen=True)
class Scheme:
    points: Mapping[str, int]
    caps: Mapping[str, int]
    base: int
    maximum: int
    good_from: int
    fair_from: int
    version: str  # "2017.3", or "default"
    row: ScoreScheme | None = field(default=None, compare=False)

    @classmethod
    def of(cls, row: ScoreScheme) -> Scheme:
        return cls(
            points={str(k): int(v) for k, v in (row.points or {}).items()},
            caps={str(k): int(v) for k, v in (row.caps or {}).items()},
            base=row.base, maximum=row.maximum, good_from=row.good_from, fair_from=row.fair_from, version=row.label, row=row,
        )  # fmt: skip

    @classmethod
    def default(cls, congress: Body) -> Scheme:
        data = arules.value(arules.DEFAULT_SCHEME, congress.region)
        return cls(
            points={str(k): int(v) for k, v in data.get("points", {}).items()},
            caps={str(k): int(v) for k, v in data.get("caps", {}).items()},
            base=int(data.get("base", 0)), maximum=int(data.get("maximum", 100)),
            good_from=int(data.get("good_from", 80)), fair_from=int(data.get("fair_from", 60)), version="default",
        )  # fmt: skip

    def kind_total(self, kind: str, count: int) -> int:
        total = count * self.points.get(kind, 0)
        cap = self.caps.get(kind)
        if cap is not None:
            total = max(-abs(cap), min(abs(cap), total))
        return total

    def score(self, counts: Mapping[str, int]) -> int:
        raw = self.base + sum(self.kind_total(kind, n) for kind, n in counts.items())
        return max(0, min(self.maximum, raw))

    def grade(self, score: int) -> str:
        if score >= self.good_from:
            return "good"
        return "fair" if score >= self.fair_from else "poor"

    def entry_points(self, entries: Iterable[Entry]) -> list[int]:
        """Each entry's points, in the order given (date order), each kind held within its cap."""
        used: Counter[str] = Counter()
        out = []
        for e in entries:
            points = self.points.get(e.kind, 0)
            cap = self.caps.get(e.kind)
            if cap is not None:
                room = abs(cap) - abs(used[e.kind])
                points = (min(points, room) if points >= 0 else -min(-points, room)) if room > 0 else 0
            used[e.kind] += points
            out.append(points)
        return out


def scheme_for(congress: Body, year: int) -> Scheme:
    """The scheme a congress's year is scored with: its own, else the latest earlier year's, else the default."""
    row = ScoreScheme.objects.filter(congress=congress, year__lte=year).order_by("-year").first()
    return Scheme.of(row) if row is not None else Scheme.default(congress)


def schemes_for(congresses: Sequence[Body], year: int) -> dict[int, Scheme]:
    rows: dict[int, ScoreScheme] = {}
    for row in ScoreScheme.objects.filter(congress__in=congresses, year__lte=year).order_by("congress_id", "-year"):
        rows.setdefault(row.congress_id, row)
    return {c.pk: Scheme.of(rows[c.pk]) if c.pk in rows else Scheme.default(c) for c in congresses}


def grade_label(grade: str) -> str:
    return str(GRADES.get(grade, grade))
