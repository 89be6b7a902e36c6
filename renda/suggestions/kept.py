"""The suggestion figures kept per cell (issue #17, `renda.core.kept`): at province scale (300,000 suggestions) the
figures page and the work overview cannot count a year's suggestions live with a subquery per suggestion.

Three tables, each recounted from the suggestions by the live count below:
- `BY_CATEGORY`: per region, congress, year of submission and category — the totals, the states and the categories;
- `BY_UNIT`: per region, congress, year and lead unit, the suggestions with the units (the units' table);
- `BY_OUTCOME`: per region, congress, year and the outcome of the latest answer.

Every write of the suggestions services saves through `common._save`, which calls `recount(before, suggestion)`
with the suggestion's row as it was: the cells it was in and the cells it is in now are recounted inside the write's
transaction. Overdue counts depend on today and stay live (`selectors.figures`). The demo builds with the recount
`deferred()` and rebuilds once at the end; the province generator rebuilds after its bulk load.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import operator
from collections.abc import Iterator, Mapping
from functools import reduce
from typing import Any, TypeVar

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear

from renda.core import kept

from .lifecycles import SUGGESTION
from .models import Answer, Feedback, KeptByCategory, KeptByOutcome, KeptByUnit, Rating, State, Suggestion

HIDDEN = sorted(SUGGESTION.group("hidden_from_staff"))
HANDLED = sorted(SUGGESTION.group("handled"))
ANSWERED = sorted(SUGGESTION.group("answered"))
#: the states a submitted suggestion can be in, each with its column `in_<state>`
STATES = [s for s in State.values if s not in HIDDEN]
COUNTS = (*(f"in_{s}" for s in STATES), "key", "on_time", "rehandled", "satisfied", "basic", "not_satisfied", "rated")
PLACE = ("region_id", "congress_id", "year")
RATING_COLUMN = {Rating.SATISFIED: "satisfied", Rating.BASIC: "basic", Rating.NOT: "not_satisfied"}


def _overall() -> Any:
    from .selectors import _overall as overall

    return overall()


def _submitted() -> QuerySet[Suggestion]:
    return Suggestion.objects.exclude(state__in=HIDDEN).filter(submitted_on__isnull=False)


Rows = TypeVar("Rows", bound=QuerySet[Any])


def _in_cells(qs: Rows, key: tuple[str, ...], cells: list[kept.Cell] | None, field: str) -> Rows:
    """Only the suggestions of these cells (place + `field` of the suggestion), or all of them (None)."""
    if cells is None:
        return qs
    parts = []
    for cell in cells:
        values = dict(zip(key, cell, strict=True))
        start = datetime.date(values["year"], 1, 1)
        parts.append(
            Q(region_id=values["region_id"], congress_id=values["congress_id"], submitted_on__gte=start,
              submitted_on__lt=start.replace(year=start.year + 1), **{field: values[key[-1]]})
        )  # fmt: skip
    return qs.filter(reduce(operator.or_, parts)) if parts else qs.none()


def _count_facts(qs: QuerySet[Suggestion], group: str) -> dict[kept.Cell, dict[str, int]]:
    """{(region, congress, year, <group>): counts}: one grouped query over the suggestions and their facts."""
    answers = Answer.objects.filter(suggestion=OuterRef("pk"))
    latest_feedback = Feedback.objects.filter(suggestion=OuterRef("pk"), is_latest=True).annotate(overall=_overall())
    rows = (
        qs.annotate(
            kept_year=ExtractYear("submitted_on"),
            on_time_fact=Exists(answers.filter(kind=Answer.Kind.ANSWER, answered_on__lte=F("due_on"))),
            rehandled_fact=Exists(answers.filter(kind=Answer.Kind.REHANDLED)),
            satisfaction=Subquery(latest_feedback.values("overall")[:1]),
        )
        .values(
            "region_id", "congress_id", "kept_year", group, "state", "is_key", "on_time_fact", "rehandled_fact", "satisfaction"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[kept.Cell, dict[str, int]] = {}
    for r in rows:
        cell = (r["region_id"], r["congress_id"], r["kept_year"], r[group])
        counts = out.setdefault(cell, dict.fromkeys(COUNTS, 0))
        n = r["n"]
        counts[f"in_{r['state']}"] += n
        if r["is_key"]:
            counts["key"] += n
        if r["on_time_fact"] and r["state"] in ANSWERED:
            counts["on_time"] += n
        if r["rehandled_fact"]:
            counts["rehandled"] += n
        if r["satisfaction"]:
            counts[RATING_COLUMN[r["satisfaction"]]] += n
            counts["rated"] += n
    return out


def _count_by_category(cells: list[kept.Cell] | None) -> kept.Counted:
    return _count_facts(_in_cells(_submitted(), BY_CATEGORY.key, cells, "category"), "category")


def _count_by_unit(cells: list[kept.Cell] | None) -> kept.Counted:
    qs = _submitted().filter(state__in=HANDLED, lead_unit__isnull=False)
    return _count_facts(_in_cells(qs, BY_UNIT.key, cells, "lead_unit_id"), "lead_unit_id")


def _latest_outcome() -> Subquery:
    return Subquery(Answer.objects.filter(suggestion=OuterRef("pk")).order_by("-round").values("outcome")[:1])


def _count_by_outcome(cells: list[kept.Cell] | None) -> kept.Counted:
    qs = _submitted().annotate(latest_outcome=_latest_outcome(), kept_year=ExtractYear("submitted_on"))
    rows = (
        _in_cells(qs.filter(latest_outcome__isnull=False), BY_OUTCOME.key, cells, "latest_outcome")
        .values("region_id", "congress_id", "kept_year", "latest_outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["region_id"], r["congress_id"], r["kept_year"], r["latest_outcome"]): {"n": r["n"]} for r in rows}


BY_CATEGORY = kept.register(
    kept.Kept(
        name="suggestions.by_category",
        model=KeptByCategory,
        key=(*PLACE, "category"),
        values=COUNTS,
        count=_count_by_category,
    )
)
BY_UNIT = kept.register(
    kept.Kept(name="suggestions.by_unit", model=KeptByUnit, key=(*PLACE, "unit_id"), values=COUNTS, count=_count_by_unit)
)
BY_OUTCOME = kept.register(
    kept.Kept(name="suggestions.by_outcome", model=KeptByOutcome, key=(*PLACE, "outcome"), values=("n",), count=_count_by_outcome)
)
ALL = (BY_CATEGORY, BY_UNIT, BY_OUTCOME)

_deferred: contextvars.ContextVar[bool] = contextvars.ContextVar("suggestion_figures_deferred", default=False)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Writes inside leave the kept figures alone; the caller rebuilds them at the end (the demo's bulk build)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


#: the suggestion's fields that place it in a cell (read before a write saves it: `recount`'s `before`)
PLACED_BY = ("region_id", "congress_id", "submitted_on", "category", "lead_unit_id", "state")


def placed(pk: int) -> dict[str, Any] | None:
    """The suggestion's row as stored (before the write saves it); None while the figures are deferred."""
    if _deferred.get():
        return None
    return Suggestion.objects.filter(pk=pk).values(*PLACED_BY).first()


def recount(before: Mapping[str, Any] | None, suggestion: Suggestion) -> None:
    """Recount the cells the suggestion was in (`before`, its stored row) and is in now, inside the write's
    transaction (after its answers and feedback are written)."""
    if _deferred.get():
        return
    now = {field: getattr(suggestion, field) for field in PLACED_BY}
    places, categories, units = set(), [], []
    for row in (before, now):
        if not row or row["submitted_on"] is None or row["state"] in HIDDEN:
            continue
        place = (row["region_id"], row["congress_id"], row["submitted_on"].year)
        places.add(place)
        categories.append((*place, row["category"]))
        if row["lead_unit_id"]:
            units.append((*place, row["lead_unit_id"]))
    if not places:
        return
    kept.touch(BY_CATEGORY, categories)
    kept.touch(BY_UNIT, units)
    # the outcome before the write is gone (its answer may be written already): every outcome kept for the place
    stored = KeptByOutcome.objects.filter(
        reduce(operator.or_, (Q(region_id=r, congress_id=c, year=y) for r, c, y in places)), n__gt=0
    ).values_list("region_id", "congress_id", "year", "outcome")
    outcome = Answer.objects.filter(suggestion_id=suggestion.pk).order_by("-round").values_list("outcome", flat=True).first()
    latest = [(*place, outcome) for place in places] if outcome is not None and now["state"] not in HIDDEN else []
    kept.touch(BY_OUTCOME, [*stored, *latest])


def rebuild() -> int:
    """Recount every cell of the three tables (after a bulk load or a deferred build)."""
    return sum(kept.rebuild(k) for k in ALL)
