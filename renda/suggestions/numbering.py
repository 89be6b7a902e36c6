"""A suggestion's number, as offices cite it: the congress (its region's name), the year, 会 for a suggestion made
during the congress's session or 闭 for one made in recess, and its place in that run: 秀洲区2017会0001,
王江泾镇2017闭0003. The number is unique on the platform (a database constraint): congresses of two regions never
share a prefix, and a congress numbers its session's and its recess's suggestions in separate runs."""

from __future__ import annotations

from .models import Period

PERIOD_MARK: dict[str, str] = {Period.SESSION.value: "会", Period.RECESS.value: "闭"}
NAME_MAX = 11  # the number field holds 20 characters: name + 4-digit year + mark + 4-digit place


def prefix(region_name: str, year: int, period: str) -> str:
    return f"{region_name[:NAME_MAX]}{year}{PERIOD_MARK.get(str(period), PERIOD_MARK[Period.RECESS.value])}"


def number(region_name: str, year: int, period: str, place: int) -> str:
    return f"{prefix(region_name, year, period)}{place:04d}"
