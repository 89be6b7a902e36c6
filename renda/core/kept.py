"""Figures kept per month (issue #17): counts that the work overview and the figures pages would otherwise count
live across a whole province (2 million opinions, 6 million sign-ins) kept in a small table per cell — e.g. per
station and month — and summed over the cells a period and a scope cover.

A kept figure is never typed in and never incremented: each cell is **recounted from its records** by the app's own
live count, in the transaction of the write that changed it, with the cell's row locked first (two writers of one
cell recount one after the other, the second seeing the first's commit). A daily job recounts every cell, so a write
that bypassed the services (a shell, a bulk load) is mended by the next morning; `manage.py kept check` and the tests
compare every cell with its live count.

An app declares what it keeps, in a module listed in its AppConfig's `registers`:

    OPINIONS = kept.register(kept.Kept(
        name="opinions.per_station_month",
        model=OpinionMonth,                      # key fields + integer value fields, unique on the key
        key=("station_id", "month"),
        values=("opinions", "answered_on_time", "solved"),
        count=_count,                            # (cells | None) -> {cell: {value: n}}: the live count
    ))

and its services call `kept.touch(OPINIONS, [(opinion.station_id, kept.month_of(opinion.registered_at))])` inside
every write that can change a cell (the old and the new cell when a record moves). Readers sum the model's rows for
the cells of their scope and period (`whole_months` says whether a period is made of whole months; otherwise they
count live). The drill-downs still list the records: a kept figure links to exactly the rows it counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .jobs import daily

Cell = tuple[Any, ...]
Counted = Mapping[Cell, Mapping[str, int]]


@dataclass(frozen=True)
class Kept:
    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    values: tuple[str, ...]
    # the live count: for these cells (None: every cell with records) -> {cell: {value: n}}; a cell without
    # records may be left out (it counts as zeros)
    count: Callable[[list[Cell] | None], Counted]
    # the cells are the records' own rows (a sign-in count kept on each activity, key ("id",)): touch and rebuild
    # update them in place and never create one (a cell without its row is skipped)
    in_place: bool = False

    def zeros(self) -> dict[str, int]:
        return dict.fromkeys(self.values, 0)


KEPT: dict[str, Kept] = {}


def register(kept: Kept) -> Kept:
    KEPT[kept.name] = kept
    return kept


def month_of(moment: datetime.date | datetime.datetime) -> datetime.date:
    """The first day of the month a day or a moment (in the local time zone) falls in: the cells' month key."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    """The first day of the month after `month`'s: the end (excluded) of a month cell."""
    return (month + datetime.timedelta(days=32)).replace(day=1)


def by_month(cells: Iterable[Cell]) -> dict[datetime.date, list[Any]]:
    """(id, month) cells grouped by month: {month: [ids]} — a month's cells counted in one query."""
    out: dict[datetime.date, list[Any]] = {}
    for ident, month in cells:
        out.setdefault(month, []).append(ident)
    return out


def months(date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    """The first days of the months from date_from's to date_to's, both included."""
    out, month = [], month_of(date_from)
    while month <= date_to:
        out.append(month)
        month = next_month(month)
    return out


def whole_months(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """(first month, last month) when the period is made of whole months (a half-year, a year), else None: a reader
    then counts live."""
    if date_from.day != 1 or date_to < date_from:
        return None
    if (date_to + datetime.timedelta(days=1)).day != 1:
        return None
    return date_from, month_of(date_to)


def _row_key(kept: Kept, row: Mapping[str, Any]) -> Cell:
    return tuple(row[field] for field in kept.key)


def touch(kept: Kept, cells: Iterable[Cell]) -> None:
    """Recount these cells from their records, inside the caller's transaction. Each cell's row is created if
    missing and locked (in a fixed order, so two writers never wait on each other crosswise) before the count, so a
    concurrent writer of the same cell recounts after this transaction commits and sees its rows."""
    wanted = sorted({tuple(cell) for cell in cells if all(part is not None for part in cell)}, key=repr)
    if not wanted:
        return
    manager = kept.model._default_manager
    with transaction.atomic():
        rows = {}
        for cell in wanted:
            lookup = dict(zip(kept.key, cell, strict=True))
            if kept.in_place:
                found = manager.select_for_update().filter(**lookup).first()
                if found is not None:
                    rows[cell] = found
                continue
            row, _ = manager.select_for_update().get_or_create(**lookup, defaults=kept.zeros())
            rows[cell] = row
        if not rows:
            return
        counted = kept.count(list(rows))
        for cell, row in rows.items():
            values = {**kept.zeros(), **counted.get(cell, {})}
            changed = [field for field, value in values.items() if getattr(row, field) != value]
            if changed:
                for field in changed:
                    setattr(row, field, values[field])
                row.save(update_fields=changed)


def rebuild(kept: Kept, *, batch: int = 5000) -> int:
    """Recount every cell from the records (the daily job, after a bulk load, `manage.py kept rebuild`): cells with
    records are written, cells left without records set to zero. Returns how many rows changed."""
    counted = {tuple(cell): {**kept.zeros(), **values} for cell, values in kept.count(None).items()}
    manager = kept.model._default_manager
    changed = 0
    with transaction.atomic():
        stored = {
            _row_key(kept, row): row
            for row in manager.select_for_update().values(*kept.key, *kept.values).iterator(chunk_size=batch)
        }
        zeros = kept.zeros()
        write = []
        for cell, values in counted.items():
            old = stored.get(cell)
            if old is None and kept.in_place:
                continue
            if old is None or any(old[field] != values[field] for field in kept.values):
                write.append(kept.model(**dict(zip(kept.key, cell, strict=True)), **values))
        for cell, old in stored.items():
            if cell not in counted and any(old[field] for field in kept.values):
                write.append(kept.model(**dict(zip(kept.key, cell, strict=True)), **zeros))
        unique = [kept.model._meta.get_field(field).name for field in kept.key]
        for start in range(0, len(write), batch):
            if kept.in_place:
                manager.bulk_update(write[start : start + batch], fields=list(kept.values))
                continue
            manager.bulk_create(
                write[start : start + batch], update_conflicts=True, unique_fields=unique, update_fields=list(kept.values)
            )
        changed = len(write)
    return changed


def differences(kept: Kept) -> dict[Cell, tuple[dict[str, int], dict[str, int]]]:
    """Every cell whose kept values differ from its live count: {cell: (kept, live)} (empty when all agree)."""
    live = {tuple(cell): {**kept.zeros(), **values} for cell, values in kept.count(None).items()}
    stored = {
        _row_key(kept, row): {field: row[field] for field in kept.values}
        for row in kept.model._default_manager.values(*kept.key, *kept.values)
    }
    out = {}
    for cell in live.keys() | stored.keys():
        have, want = stored.get(cell, kept.zeros()), live.get(cell, kept.zeros())
        if have != want:
            out[cell] = (have, want)
    return out


@daily("core.kept_figures")
def rebuild_all() -> int:
    """Recount every kept figure from its records (mends any write that bypassed the services)."""
    return sum(rebuild(kept) for kept in KEPT.values())
