"""Open data of the voters' opinions (renda/core/opendata.py): the station figures per half-year — deputy visits,
voters received, opinions collected, answered on time and solved, per station — counted from the records as the
figures page counts them. Never an opinion's text, a voter's name or phone: figures only."""

from __future__ import annotations

from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from renda.core.opendata import Value, dataset
from renda.org.scoping import Scope
from renda.stations.models import Activity, Station

from .figures import half_year, station_figures
from .models import Opinion

KIND_LABELS = dict(Station.Kind.choices)


def _years() -> list[int]:
    activity_years = Activity.objects.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct()
    opinion_years = Opinion.objects.annotate(y=ExtractYear("registered_at")).values_list("y", flat=True).distinct()
    return sorted({int(y) for y in [*activity_years, *opinion_years] if y})


def _figures(year: int | None) -> list[dict[str, Value]]:
    """One row per station and half-year (of one year, or of every year with records)."""
    scope = Scope.system("open data: station figures")
    rows: list[dict[str, Value]] = []
    for y in [year] if year else _years():
        for half in (1, 2):
            date_from, date_to = half_year(y, half)
            report = station_figures(scope=scope, date_from=date_from, date_to=date_to)
            towns = {t.key: t.name for t in report.towns}
            for r in report.stations:
                v = r.values
                rows.append({
                    "year": y, "half": half, "date_from": date_from, "date_to": date_to,
                    "town": towns.get(r.town_id, ""), "station": r.name, "kind": str(KIND_LABELS.get(r.kind, r.kind)),
                    "deputy_visits": v["deputy_visits"], "voters_received": v["voters_received"], "opinions": v["opinions"],
                    "answered_on_time": v["answered_on_time"], "solved": v["solved"],
                })  # fmt: skip
    return rows


DATASETS = [
    dataset(
        "station-figures", _("Liaison-station figures by half-year"), records=_figures, years=_years,
        description=_("Per station and half-year: deputies' visits, voters received, voters' opinions collected, answered on time and solved, counted from the stations' records."),
        columns="""
        year             | 年度         | int  | year
        half             | 半年         | int  | 1 for January–June, 2 for July–December
        date_from        | 起始日期     | date | first day of the half-year
        date_to          | 截止日期     | date | last day of the half-year
        town             | 镇(街道)     |      | the town or sub-district
        station          | 联络站(室)   |      | the station, room or online station
        kind             | 类别         |      | liaison station, liaison room or online station
        deputy_visits    | 代表进站人次 | int  | deputies' sign-ins at its activities
        voters_received  | 接待选民人次 | int  | voters received at its activities
        opinions         | 收集意见建议 | int  | voters' opinions registered there
        answered_on_time | 按时答复     | int  | of those, answered on time
        solved           | 推动解决     | int  | of those, solved in the voter's own word
        """,
    ),
]
