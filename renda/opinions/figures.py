"""The station figures report (DOMAIN.md §3.6, §4): per station, town and period, counted from records.

deputy visits (人次) = sign-ins at activities in the period; voters received (人次) = the records' counts of
held activities in the period; opinions collected = opinions registered in the period; answered on time,
solved and overdue among them. Nothing is stored; every figure links to the records it counts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from renda.core.errors import NotPermitted
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors
from renda.stations.models import Activity, SignIn, Station

from . import permissions
from .models import Opinion, Status
from .selectors import _start

FIGURES = ["deputy_visits", "voters_received", "opinions", "answered_on_time", "solved", "overdue"]


@dataclass
class Row:
    key: int | None
    name: str
    kind: str = ""
    town_id: int | None = None
    values: dict = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))

    def add(self, other: Row) -> None:
        for key in FIGURES:
            self.values[key] += other.values[key]


@dataclass
class Report:
    date_from: datetime.date
    date_to: datetime.date
    stations_by_kind: dict[str, int]
    stations: list[Row]
    towns: list[Row]
    total: Row


def half_year(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    return (
        (datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        if half == 1
        else (datetime.date(year, 7, 1), datetime.date(year, 12, 31))
    )


def station_figures(*, scope: Scope, date_from: datetime.date, date_to: datetime.date, town: int | None = None) -> Report:
    if not permissions.can_view_figures(scope):
        raise NotPermitted()
    stations_qs = station_selectors.station_queryset(scope).filter(is_active=True)
    if town:
        stations_qs = stations_qs.filter(town_id=town)
    stations = list(
        stations_qs.values("pk", "name", "kind", "town_id", "town__name", "town__path").order_by("town__path", "kind", "name")
    )
    ids = [s["pk"] for s in stations]
    start, end = _start(date_from), _start(date_to + datetime.timedelta(days=1))
    visits = dict(
        SignIn.objects.filter(activity__station_id__in=ids, activity__date__gte=date_from, activity__date__lte=date_to)
        .values_list("activity__station_id")
        .annotate(n=Count("pk"))
    )
    voters = dict(
        Activity.objects.filter(station_id__in=ids, status=Activity.Status.HELD, date__gte=date_from, date__lte=date_to)
        .values_list("station_id")
        .annotate(n=Sum("voters_received"))
    )
    today = timezone.localdate()
    opinion_rows = {
        r["station_id"]: r
        for r in Opinion.objects.filter(station_id__in=ids, registered_at__gte=start, registered_at__lt=end)
        .values("station_id")
        .annotate(
            n_opinions=Count("pk"),
            n_answered_on_time=Count("pk", filter=Q(answered_on_time=True)),
            n_solved=Count("pk", filter=Q(solved=True)),
            n_overdue=Count("pk", filter=Q(status=Status.ROUTED, deadline__lt=today) | Q(answered_on_time=False)),
        )
        .order_by()
    }
    rows, towns = [], {}
    by_kind = dict.fromkeys(Station.Kind.values, 0)
    for s in stations:
        row = Row(s["pk"], s["name"], s["kind"], s["town_id"])
        row.values["deputy_visits"] = visits.get(s["pk"], 0)
        row.values["voters_received"] = voters.get(s["pk"]) or 0
        o = opinion_rows.get(s["pk"], {})
        for key in ("opinions", "answered_on_time", "solved", "overdue"):
            row.values[key] = o.get(f"n_{key}", 0)
        rows.append(row)
        by_kind[s["kind"]] += 1
        towns.setdefault(s["town_id"], Row(s["town_id"], s["town__name"])).add(row)
    total = Row(None, "")
    for row in towns.values():
        total.add(row)
    return Report(date_from, date_to, by_kind, rows, list(towns.values()), total)
