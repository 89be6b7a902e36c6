"""Headline figures for the work overview (工作概览): what the seed report states for a period — meetings held,
voters received at the stations, key suggestions … — each counted from records by the app that keeps them and
linked to the list of those records. Nothing here is stored or typed in.

Each workflow app may have a `headline.py` with

    def figures(scope, period) -> list[Figure]        # [] when the scope may not see that app's figures
    def latest(scope) -> datetime.date | None          # optional: the last day with records (default period)

`renda.overview` collects them; the order of INSTALLED_APPS is the order of the sections.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date

    @property
    def year(self) -> int:
        return self.date_from.year

    def query(self, **extra: object) -> str:
        """The period (and any extra filters) as a query string for the lists' date filters."""
        params = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        params.update({k: str(v) for k, v in extra.items() if v not in (None, "")})
        return urlencode(params)


def half_year(year: int, half: int) -> Period:
    """half 1: January–June, 2: July–December, 0: the whole year."""
    if half == 1:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    if half == 2:
        return Period(datetime.date(year, 7, 1), datetime.date(year, 12, 31))
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Figure:
    section: str  # the heading it is shown under (translated)
    key: str  # stable name (tests, API, data-testid)
    label: str  # translated
    value: int
    url: str | None = None  # the records it counts
    note: str = ""  # e.g. "of 138" or what the count covers
