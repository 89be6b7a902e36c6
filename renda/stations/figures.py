"""The station figures report (DOMAIN.md §3.6, §4): per station, town and period, counted from records.

The stations app counts its own records: deputy visits (人次) = sign-ins at activities in the period, voters
received (人次) = the records' counts of held activities in the period. An app above it adds its own columns per
station through `Counts` (the opinions app: opinions collected, answered on time, solved, overdue), so the
report is one table without this app knowing about opinions. For a period of whole months the figures are read from
the months kept per station (`renda.stations.kept`, recounted from the records by every write), else counted live;
every figure links to the records it counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum

from renda.core import kept
from renda.core.errors import NotPermitted
from renda.org.scoping import Scope

from . import kept as station_kept
from . import permissions, selectors
from .models import Activity, SignIn, Station

FIGURES = ["deputy_visits", "voters_received"]
#: the stations counted: a list of ids (the report's rows) or a query of them (the overview's totals)
Ids = list[int] | QuerySet[Any]


@dataclass(frozen=True)
class Counts:
    """Figures another app counts per station: `keys` (the columns, in order) and `count(station_ids, date_from,
    date_to)` giving {station id: {key: value}} (a station without rows may be left out)."""

    keys: Sequence[str]
    count: Callable[[Ids, datetime.date, datetime.date], dict[int, dict[str, int]]]


@dataclass
class Row:
    key: int | None
    name: str
    kind: str = ""
    town_id: int | None = None
    values: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    stations: list[Row] = field(default_factory=list)  # a town's rows: its stations, in the report's order

    def add(self, other: Row) -> None:
        for key, value in other.values.items():
            self.values[key] = self.values.get(key, 0) + value


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


def can_view_figures(scope: Scope) -> bool:
    return permissions.can_list_stations(scope)


def active_stations(scope: Scope, *, town: int | None = None) -> QuerySet[Station]:
    """The active stations of this scope (optionally of one town): those the report counts."""
    qs = selectors.station_queryset(scope).filter(is_active=True)
    return qs.filter(town_id=town) if town else qs


def report_stations(scope: Scope, *, town: int | None = None) -> list[dict[str, Any]]:
    """The active stations the report counts for this scope (optionally of one town), in the report's order."""
    rows = active_stations(scope, town=town).values("pk", "name", "kind", "town_id", "town__name", "town__path").order_by("town__path", "kind", "name")
    return [dict(row) for row in rows]


def _own_figures(
    ids: Ids, date_from: datetime.date, date_to: datetime.date, *, by_station: bool = True
) -> dict[int, dict[str, int]]:
    """Deputy visits and voters received per station (or, not `by_station`, summed in one row keyed 0): the kept
    months for a period of whole months (a half-year, a year), else counted live."""
    months = kept.whole_months(date_from, date_to)
    if months:
        return station_kept.summed(ids, *months, by_station=by_station)
    visits = SignIn.objects.filter(activity__station_id__in=ids, activity__date__gte=date_from, activity__date__lte=date_to)
    voters = Activity.objects.filter(station_id__in=ids, status=Activity.Status.HELD, date__gte=date_from, date__lte=date_to)
    if not by_station:
        return {
            0: {
                "deputy_visits": visits.count(),  # COUNT(*): an index-only scan of the sign-ins' activity index
                "voters_received": voters.aggregate(n=Sum("voters_received"))["n"] or 0,
            }
        }
    out: dict[int, dict[str, int]] = {}
    for sid, n in visits.values_list("activity__station_id").annotate(n=Count("*")).order_by():
        out.setdefault(sid, dict.fromkeys(FIGURES, 0))["deputy_visits"] = n
    for sid, n in voters.values_list("station_id").annotate(n=Sum("voters_received")).order_by():
        out.setdefault(sid, dict.fromkeys(FIGURES, 0))["voters_received"] = n or 0
    return out


def station_figures(
    *,
    scope: Scope,
    date_from: datetime.date,
    date_to: datetime.date,
    town: int | None = None,
    counts: Iterable[Counts] = (),
) -> Report:
    if not can_view_figures(scope):
        raise NotPermitted()
    stations = report_stations(scope, town=town)
    # the same stations as a query of their ids: a province's 1,300 ids in a list cost ~0.1 s of Python a query
    ids = active_stations(scope, town=town).values("pk")
    own = _own_figures(ids, date_from, date_to)
    counts = list(counts)
    keys = [*FIGURES, *(key for c in counts for key in c.keys)]
    more = [(c.keys, c.count(ids, date_from, date_to)) for c in counts]
    rows: list[Row] = []
    towns: dict[int, Row] = {}
    by_kind = dict.fromkeys(Station.Kind.values, 0)
    for s in stations:
        row = Row(s["pk"], s["name"], s["kind"], s["town_id"], dict.fromkeys(keys, 0))
        row.values.update(own.get(s["pk"], {}))
        for column_keys, per_station in more:
            found = per_station.get(s["pk"], {})
            for key in column_keys:
                row.values[key] = found.get(key, 0)
        rows.append(row)
        by_kind[s["kind"]] += 1
        town_row = towns.setdefault(s["town_id"], Row(s["town_id"], s["town__name"], values=dict.fromkeys(keys, 0)))
        town_row.add(row)
        town_row.stations.append(row)
    total = Row(None, "", values=dict.fromkeys(keys, 0))
    for town_row in towns.values():
        total.add(town_row)
    return Report(date_from, date_to, by_kind, rows, list(towns.values()), total)


def station_totals(*, scope: Scope, date_from: datetime.date, date_to: datetime.date) -> tuple[dict[str, int], dict[str, int]]:
    """The report's stations by kind and its total row (the work overview), without reading every station's row:
    the same stations (a query of their ids) and the same counting."""
    if not can_view_figures(scope):
        raise NotPermitted()
    stations = active_stations(scope)
    by_kind = dict.fromkeys(Station.Kind.values, 0)
    by_kind.update(stations.values_list("kind").annotate(n=Count("*")).order_by())
    return by_kind, _own_figures(stations.values("pk"), date_from, date_to, by_station=False)[0]
