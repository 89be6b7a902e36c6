"""The opinions' figures kept per station and month of registration (`renda.core.kept`): opinions registered, and
of them answered on time, answered late and solved, recounted from the opinions by every move of an opinion (each
writes a step: `services.common._step` touches its cell) and by the daily job. Overdue — still routed past its
deadline — depends on today and is counted live (`renda.opinions.figures`), from a small partial index."""

from __future__ import annotations

import datetime

from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from renda.core import kept
from renda.stations.figures import Ids

from .models import Opinion, OpinionMonth
from .selectors import _start

VALUES = ("opinions", "answered_on_time", "answered_late", "solved")
_COUNTS = {
    "n_opinions": Count("pk"),
    "n_answered_on_time": Count("pk", filter=Q(answered_on_time=True)),
    "n_answered_late": Count("pk", filter=Q(answered_on_time=False)),
    "n_solved": Count("pk", filter=Q(solved=True)),
}


def _count(cells: list[kept.Cell] | None) -> dict[kept.Cell, dict[str, int]]:
    out: dict[kept.Cell, dict[str, int]] = {}
    if cells is None:
        month = TruncMonth("registered_at", output_field=DateField(), tzinfo=timezone.get_current_timezone())
        every = Opinion.objects.annotate(month=month).values("station_id", "month").annotate(**_COUNTS).order_by()
        return {(r["station_id"], r["month"]): {key: r[f"n_{key}"] for key in VALUES} for r in every}
    for first, stations in kept.by_month(cells).items():
        end = _start(kept.next_month(first))
        rows = (
            Opinion.objects.filter(station_id__in=stations, registered_at__gte=_start(first), registered_at__lt=end)
            .values("station_id")
            .annotate(**_COUNTS)
            .order_by()
        )
        for r in rows:
            out[(r["station_id"], first)] = {key: r[f"n_{key}"] for key in VALUES}
    return out


OPINIONS = kept.register(
    kept.Kept(name="opinions.per_station_month", model=OpinionMonth, key=("station_id", "month"), values=VALUES, count=_count)
)


def touch_opinion(opinion: Opinion) -> None:
    """Recount the cell of an opinion's station and month of registration (in the caller's transaction)."""
    kept.touch(OPINIONS, [(opinion.station_id, kept.month_of(opinion.registered_at))])


def summed(ids: Ids, first: datetime.date, last: datetime.date, *, by_station: bool = True) -> dict[int, dict[str, int]]:
    """The kept values summed per station over the months from `first` to `last` (first days, both included), or
    (not `by_station`) over all of them in one row keyed 0."""
    rows = OpinionMonth.objects.filter(station_id__in=ids, month__gte=first, month__lte=last)
    sums = {f"n_{key}": Sum(key) for key in VALUES}
    if not by_station:
        total = rows.aggregate(**sums)
        return {0: {key: total[f"n_{key}"] or 0 for key in VALUES}}
    per = rows.values("station_id").annotate(**sums).order_by()
    return {r["station_id"]: {key: r[f"n_{key}"] or 0 for key in VALUES} for r in per}
