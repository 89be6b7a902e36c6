"""Rules as data (DOMAIN.md §5): defaults registered in code by each app, overridden by `Rule` rows.

    from renda.core import rules
    ANSWER = rules.register("suggestion.answer_months", 3, "Months from assignment to answer a suggestion")
    months = rules.value("suggestion.answer_months", region_path="/1/5/")

A row for a region applies to that region's subtree; the nearest one wins, then the installation-wide row,
then the registered default. Deadlines are computed from these values by `add_days` / `add_months`.
"""

from __future__ import annotations

import calendar
import copy
import datetime
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

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


def register_each(key: str, defaults: Mapping[str, Any], description: str) -> dict[str, RuleDefinition]:
    """A family of rules, one for each name in `defaults` (a kind of body, a level) in its order, by that name:
    `key` and `description` with `{name}` where the name goes (in the description with spaces for underscores, so
    that `standing_committee` reads "standing committee")."""
    return {
        name: register(key.replace("{name}", name), default, description.replace("{name}", name.replace("_", " ")))
        for name, default in defaults.items()
    }


_CACHE: ContextVar[dict[tuple[str, str], Any] | None] = ContextVar("rules_cache", default=None)


@contextmanager
def cached() -> Iterator[None]:
    """Within the block each (rule, region) is read from the database once: for long runs such as the demo build,
    which asks the same rules thousands of times. A rule saved or deleted meanwhile empties the cache."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def _forget(**_kwargs: Any) -> None:
    cache = _CACHE.get()
    if cache is not None:
        cache.clear()


post_save.connect(_forget, sender=Rule, dispatch_uid="rules_cache_save")
post_delete.connect(_forget, sender=Rule, dispatch_uid="rules_cache_delete")


def value(key: str, *, region_path: str = "") -> Any:
    """The rule's value for a region (given by its materialised path "/1/5/23/"), or the default."""
    if key not in REGISTRY:
        raise KeyError(f"rule {key!r} is not registered")
    cache = _CACHE.get()
    if cache is None:
        return _value(key, region_path)
    if (key, region_path) not in cache:
        cache[(key, region_path)] = _value(key, region_path)
    return copy.deepcopy(cache[(key, region_path)])  # a caller may change a list or table it was given


def at(definition: RuleDefinition, region: Any = None) -> Any:
    """A rule's value for a region (a record with a `path`, such as a Region; None: the installation's value)."""
    return value(definition.key, region_path=getattr(region, "path", "") or "")


def _value(key: str, region_path: str) -> Any:
    region_ids = [int(p) for p in region_path.strip("/").split("/") if p]
    rows = {
        r.region_id: r.value for r in Rule.objects.filter(key=key).filter(Q(region_id__in=region_ids) | Q(region_id__isnull=True))
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
