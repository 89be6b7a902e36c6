"""Rules as data (DOMAIN.md §5): defaults registered in code by each app, overridden by `Rule` rows.

    from renda.core import rules
    ANSWER = rules.register("suggestion.answer_months", 3, "Months from assignment to answer a suggestion")
    months = rules.value("suggestion.answer_months", region_path="/1/5/")

A row for a region applies to that region's subtree; the nearest one wins, then the installation-wide row,
then the registered default. Deadlines are computed from these values by `add_days` / `add_months`.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from .models import Rule


@dataclass(frozen=True)
class RuleDefinition:
    key: str
    default: object
    description: str


REGISTRY: dict[str, RuleDefinition] = {}


def register(key: str, default: Any, description: str) -> RuleDefinition:
    definition = RuleDefinition(key, default, description)
    REGISTRY[key] = definition
    return definition


def value(key: str, *, region_path: str = "") -> Any:
    """The rule's value for a region (given by its materialised path "/1/5/23/"), or the default."""
    if key not in REGISTRY:
        raise KeyError(f"rule {key!r} is not registered")
    region_ids = [int(p) for p in region_path.strip("/").split("/") if p]
    rows = {
        r.region_id: r.value
        for r in Rule.objects.filter(key=key).filter(Q(region_id__in=region_ids) | Q(region_id__isnull=True))
    }
    for region_id in reversed(region_ids):
        if region_id in rows:
            return rows[region_id]
    if None in rows:
        return rows[None]
    return REGISTRY[key].default


def add_days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=int(days))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day of the month `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + int(months)
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
