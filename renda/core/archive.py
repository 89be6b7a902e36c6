"""The vocabulary of a deputy's duty archive (履职档案, DOMAIN.md §3.10): what each workflow app contributes.

The archive is assembled from the records every workflow already keeps, never typed twice. Each app that holds a
deputy's records declares `archive = "archive"` on its AppConfig and writes `<app>/archive.py` with

    KINDS = {"session_present": _("Attended a congress session"), ...}   # the kinds it gives, with their labels
    def entries(deputy, year) -> list[Entry]          # one deputy's (one mandate's) entries of a calendar year
    def counts(deputies, year, *, public=False) -> dict[int, Counter[str]]   # optional: the same, counted in bulk

`entries` costs one or two indexed queries per deputy (it grows with that deputy's records, not with the table);
`counts` answers a whole congress with one grouped query per kind of record (the yearly score lists). A source
without `counts` is asked for each deputy's entries instead. An entry may also be given as a mapping with the
same keys (`entry_of` reads both). `renda.archive` assembles, scores and shows them; core knows no workflow.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Field, QuerySet, Value
from django.db.models.functions import Cast

#: per deputy id, how many entries of each kind
KindCounts = dict[int, Counter[str]]


@dataclass(frozen=True)
class Entry:
    """One thing a deputy did (or was recorded as not doing), linked to the record it comes from.

    `title` and `detail` are the records' own words (a meeting's title, a suggestion's title and the outcome of
    its answer), so that documents read in Chinese whatever the page language; the kind's label says what it is.
    `public_url` is set only when the record is published (a published meeting page, a published suggestion, a
    station's public page): the public report card shows and counts those entries only."""

    kind: str
    date: datetime.date
    title: str
    source_url: str
    detail: str = ""
    public_url: str = ""

    @property
    def is_public(self) -> bool:
        return bool(self.public_url)


def entry_of(value: Entry | Mapping[str, Any]) -> Entry:
    """An entry given as an Entry or as a mapping {kind, date, title, source_url[, detail, public_url]}."""
    if isinstance(value, Entry):
        return value
    day = value["date"]
    if isinstance(day, datetime.datetime):
        day = day.date()
    elif isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return Entry(
        kind=str(value["kind"]),
        date=day,
        title=str(value.get("title", "")),
        source_url=str(value.get("source_url", "")),
        detail=str(value.get("detail", "") or ""),
        public_url=str(value.get("public_url", "") or ""),
    )


def counted(deputies: Iterable[Any]) -> tuple[list[int], KindCounts]:
    """The start of a `counts`: the deputies' ids, and for each an empty tally to add to."""
    ids = [d.pk for d in deputies]
    return ids, {pk: Counter() for pk in ids}


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar year (range filters use an index where `__year` might not)."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def union_rows(*parts: QuerySet[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of several `values_list` querysets in ONE query (UNION ALL), so that a source with records in many
    tables answers a deputy's archive in one round trip. Every part selects the same number of columns of matching
    types (pad with `none(field)`), usually a literal tag first (`tag("kind")`) to tell the parts apart. The parts'
    own ordering is dropped (a compound query is ordered as a whole): callers sort the rows."""
    first, *rest = [part.order_by() for part in parts]
    return list(first.union(*rest, all=True)) if rest else list(first)


def tag(text: str) -> Value:
    """A literal text column (a part's tag in `union_rows`)."""
    return Value(text, output_field=CharField())


def none(field: Field[Any, Any]) -> Cast:
    """A NULL column of the field's type (a part of `union_rows` without that column), cast to it: PostgreSQL types
    an untyped NULL as text when two parts both lack the column."""
    return Cast(Value(None), output_field=field)


def tally(entries: Iterable[Entry]) -> Counter[str]:
    return Counter(e.kind for e in entries)
