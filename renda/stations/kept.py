"""The station figures kept per station and month (`renda.core.kept`): deputy visits (sign-ins at the month's
activities) and voters received (the records of the month's held activities), recounted from those records by
every write that changes them — a sign-in, an activity's record or cancellation — and by the daily job. The
figures report reads them for a period of whole months (`renda.stations.figures`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from renda.core import kept

from .models import Activity, SignIn, StationMonth


def _count(cells: list[kept.Cell] | None) -> dict[kept.Cell, dict[str, int]]:
    out: dict[kept.Cell, dict[str, int]] = defaultdict(dict)
    held = Q(status=Activity.Status.HELD)
    if cells is None:
        visits = SignIn.objects.values_list("activity__station_id", TruncMonth("activity__date")).annotate(n=Count("*"))
        voters = Activity.objects.filter(held).values_list("station_id", TruncMonth("date")).annotate(n=Sum("voters_received"))
        for station_id, month, n in visits.order_by():
            out[(station_id, month)]["deputy_visits"] = n
        for station_id, month, n in voters.order_by():
            out[(station_id, month)]["voters_received"] = n or 0
        return out
    for month, stations in kept.by_month(cells).items():
        period = {"date__gte": month, "date__lt": kept.next_month(month)}
        visits = (
            SignIn.objects.filter(activity__station_id__in=stations, **{f"activity__{k}": v for k, v in period.items()})
            .values_list("activity__station_id")
            .annotate(n=Count("*"))
            .order_by()
        )
        voters = (
            Activity.objects.filter(held, station_id__in=stations, **period)
            .values_list("station_id")
            .annotate(n=Sum("voters_received"))
            .order_by()
        )
        for station_id, n in visits:
            out[(station_id, month)]["deputy_visits"] = n
        for station_id, n in voters:
            out[(station_id, month)]["voters_received"] = n or 0
    return out


STATIONS = kept.register(
    kept.Kept(
        name="stations.per_station_month",
        model=StationMonth,
        key=("station_id", "month"),
        values=("deputy_visits", "voters_received"),
        count=_count,
    )
)


def touch_activity(activity: Activity) -> None:
    """Recount the cell of an activity's station and month (in the caller's transaction)."""
    kept.touch(STATIONS, [(activity.station_id, kept.month_of(activity.date))])


def summed(
    ids: list[int] | QuerySet[Any], first: datetime.date, last: datetime.date, *, by_station: bool = True
) -> dict[int, dict[str, int]]:
    """The kept figures summed per station over the months from `first` to `last` (first days, both included), or
    (not `by_station`) over all of them in one row keyed 0."""
    rows = StationMonth.objects.filter(station_id__in=ids, month__gte=first, month__lte=last)
    sums = {"visits": Sum("deputy_visits"), "voters": Sum("voters_received")}
    if not by_station:
        total = rows.aggregate(**sums)
        return {0: {"deputy_visits": total["visits"] or 0, "voters_received": total["voters"] or 0}}
    per = rows.values_list("station_id").annotate(**sums).order_by()
    return {sid: {"deputy_visits": visits or 0, "voters_received": voters or 0} for sid, visits, voters in per}
