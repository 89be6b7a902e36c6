"""The station figures report with the opinions' columns: the stations app counts its own records (deputy
visits, voters received); this app adds, per station, the opinions registered in the period and, among them,
those answered on time, solved and overdue (`OPINION_COUNTS`). For a period of whole months they are read from the
months kept per station (`renda.opinions.kept`) but for the overdue still routed, counted live (it depends on today);
otherwise all are counted live. Every figure links to the records it counts.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
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


def _per_station(ids: station_report.Ids, date_from: datetime.date, date_to: datetime.date) -> dict[int, dict[str, int]]:
    start, end = _start(date_from), _start(date_to + datetime.timedelta(days=1))
    today = timezone.localdate()
    months = kept.whole_months(date_from, date_to)
    if months is None:
        rows = (
            Opinion.objects.filter(station_id__in=ids, registered_at__gte=start, registered_at__lt=end)
            .values("station_id")
            .annotate(
                n_opinions=Count("pk"),
                n_answered_on_time=Count("pk", filter=Q(answered_on_time=True)),
                n_solved=Count("pk", filter=Q(solved=True)),
                n_overdue=Count("pk", filter=Q(status=Status.ROUTED, deadline__lt=today) | Q(answered_on_time=False)),
            )
            .order_by()
        )
        return {r["station_id"]: {key: r[f"n_{key}"] for key in OPINION_FIGURES} for r in rows}
    # whole months: the kept months, and the overdue still routed counted live (few rows: a partial index)
    out = {
        sid: {**{key: v[key] for key in ("opinions", "answered_on_time", "solved")}, "overdue": v["answered_late"]}
        for sid, v in opinion_kept.per_station(ids, *months).items()
    }
    routed = (
        Opinion.objects.filter(
            ~Q(answered_on_time=False),
            station_id__in=ids,
            status=Status.ROUTED,
            deadline__lt=today,
            registered_at__gte=start,
            registered_at__lt=end,
        )
        .values_list("station_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    for sid, n in routed:
        values = out.setdefault(sid, dict.fromkeys(OPINION_FIGURES, 0))
        values["overdue"] += n
    return out


OPINION_COUNTS = station_report.Counts(OPINION_FIGURES, _per_station)


def station_figures(*, scope: Scope, date_from: datetime.date, date_to: datetime.date, town: int | None = None) -> Report:
    """The whole report: the stations' columns and the opinions' (the figures page, its export and the API)."""
    return station_report.station_figures(scope=scope, date_from=date_from, date_to=date_to, town=town, counts=[OPINION_COUNTS])


def opinion_totals(*, scope: Scope, date_from: datetime.date, date_to: datetime.date) -> dict[str, int]:
    """The opinions' columns summed over the stations the report counts for this scope (the work overview)."""
    totals = dict.fromkeys(OPINION_FIGURES, 0)
    for values in _per_station(station_report.active_stations(scope).values("pk"), date_from, date_to).values():
        for key in OPINION_FIGURES:
            totals[key] += values[key]
    return totals
