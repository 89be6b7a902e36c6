"""The station figures report with the opinions' columns: the stations app counts its own records (deputy
visits, voters received); this app adds, per station, the opinions registered in the period and, among them,
those answered on time, solved and overdue (`OPINION_COUNTS`). For a period of whole months they are read from the
months kept per station (`renda.opinions.kept`) but for the overdue still routed, counted live (it depends on today);
otherwise all are counted live. Every figure links to the records it counts.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from renda.core import kept
from renda.org.scoping import Scope
from renda.stations import figures as station_report
from renda.stations.figures import Report, Row, half_year

from . import kept as opinion_kept
from .models import Opinion, Status
from .selectors import _start

__all__ = ["FIGURES", "OPINION_COUNTS", "OPINION_FIGURES", "Report", "Row", "half_year", "opinion_totals", "station_figures"]

OPINION_FIGURES = ["opinions", "answered_on_time", "solved", "overdue"]
FIGURES = [*station_report.FIGURES, *OPINION_FIGURES]


def _grouped(qs: QuerySet[Any], by_station: bool, **counts: Any) -> dict[int, dict[str, Any]]:
    """The counts per station ({station id: counts}), or in one aggregate over all of them ({0: counts})."""
    if by_station:
        return {r["station_id"]: r for r in qs.values("station_id").annotate(**counts).order_by()}
    return {0: qs.aggregate(**counts)}


def _per_station(
    ids: station_report.Ids, date_from: datetime.date, date_to: datetime.date, *, by_station: bool = True
) -> dict[int, dict[str, int]]:
    """The opinions' columns per station (or, not `by_station`, summed in one row keyed 0): for a period of whole
    months the kept months and the overdue still routed counted live (few rows: a partial index), else all live."""
    start, end = _start(date_from), _start(date_to + datetime.timedelta(days=1))
    today = timezone.localdate()
    in_period = Opinion.objects.filter(station_id__in=ids, registered_at__gte=start, registered_at__lt=end)
    months = kept.whole_months(date_from, date_to)
    if months is None:
        rows = _grouped(
            in_period,
            by_station,
            n_opinions=Count("pk"),
            n_answered_on_time=Count("pk", filter=Q(answered_on_time=True)),
            n_solved=Count("pk", filter=Q(solved=True)),
            n_overdue=Count("pk", filter=Q(status=Status.ROUTED, deadline__lt=today) | Q(answered_on_time=False)),
        )
        return {key: {k: r[f"n_{k}"] or 0 for k in OPINION_FIGURES} for key, r in rows.items()}
    out = {
        key: {**{k: v[k] for k in ("opinions", "answered_on_time", "solved")}, "overdue": v["answered_late"]}
        for key, v in opinion_kept.summed(ids, *months, by_station=by_station).items()
    }
    routed = in_period.filter(~Q(answered_on_time=False), status=Status.ROUTED, deadline__lt=today)
    for key, r in _grouped(routed, by_station, n=Count("*")).items():
        values = out.setdefault(key, dict.fromkeys(OPINION_FIGURES, 0))
        values["overdue"] += r["n"] or 0
    return out


OPINION_COUNTS = station_report.Counts(OPINION_FIGURES, _per_station)


def station_figures(*, scope: Scope, date_from: datetime.date, date_to: datetime.date, town: int | None = None) -> Report:
    """The whole report: the stations' columns and the opinions' (the figures page, its export and the API)."""
    return station_report.station_figures(scope=scope, date_from=date_from, date_to=date_to, town=town, counts=[OPINION_COUNTS])


def opinion_totals(*, scope: Scope, date_from: datetime.date, date_to: datetime.date) -> dict[str, int]:
    """The opinions' columns summed over the stations the report counts for this scope (the work overview), in
    one aggregate each."""
    ids = station_report.active_stations(scope).values("pk")
    return _per_station(ids, date_from, date_to, by_station=False).get(0, dict.fromkeys(OPINION_FIGURES, 0))
