"""The import of one ledger: every row applied through the workflow's own services (with the events' real times)
inside one transaction, each row in its own savepoint so that a bad row is listed with its number and reason and
the next row is still checked. Nothing is kept unless every row passed and the caller asked to commit: a preview
is the same run, rolled back, so it finds exactly what the commit would refuse.

A row whose ledger number (per ledger and town) was imported before is left alone when its contents are the same,
and refused when they differ; importing a file twice therefore changes nothing. The records are created by a
system actor whose reason names the import and the file ("ledger import: 2019下半年意见台账.xlsx"), on behalf
of the importing user, so every audit event of every record says it came from that file; the batch's own event
says who imported which file (its SHA-256) when, and what it created."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from renda.core.actors import system
from renda.core.audit import audit_record
from renda.core.clock import past_events
from renda.core.errors import DomainError, NotPermitted
from renda.core.models import User
from renda.core.xlsx import XlsxReadError, read_rows
from renda.org.models import Region
from renda.org.scoping import Scope

from .. import permissions
from ..formats import COLUMNS, FIRST_SHEETS, FURTHER_SHEETS, OPTIONAL_SHEETS, Column, Row
from ..models import Batch, Entry, Kind
from . import activities, meetings, opinions, suggestions
from .context import Context
from .errors import RowError, RowsRefused

MAX_ROWS = 5000


@dataclass
class Outcome:
    kind: str
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False
    batch: Batch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


# Each ledger: the town whose numbering a row's ledger number belongs to, and how the row becomes its record.
LEDGERS: dict[str, tuple[Callable[[Context, Row], Region], Callable[[Context, Row], models.Model]]] = {
    Kind.ACTIVITIES: (activities.town_of, activities.apply_row),
    Kind.OPINIONS: (opinions.town_of, opinions.apply_row),
    Kind.SUGGESTIONS: (suggestions.town_of, suggestions.apply_row),
    Kind.MEETINGS: (meetings.town_of, meetings.apply_row),
}


class _Rollback(Exception):
    pass


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, NotPermitted):
        return [str(exc) or _("You may not record this station's ledger.")]
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]


def _fingerprint(row: Row, children: dict[str, dict[str, list[Row]]] | None = None) -> str:
    """The row's contents (with, for a ledger of several sheets, the further sheets' rows that name it)."""
    key = row.values.get("key", "")
    content: object = row.values
    if children:
        content = {"row": row.values, **{sheet: [r.values for r in rows.get(key, [])] for sheet, rows in children.items()}}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _common_region(regions: Sequence[Region]) -> Region:
    """The smallest region holding all of them (their deepest common ancestor)."""
    paths = [r.path.strip("/").split("/") for r in regions]
    common: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return Region.objects.get(path="/" + "/".join(common) + "/")


def ledger_import(
    *,
    actor: User,
    scope: Scope,
    kind: str,
    rows: Sequence[tuple[int, dict[str, str]]],
    file_name: str,
    sha256: str,
    commit: bool,
    source: str = Batch.Source.API,
    sheets: Mapping[str, Sequence[tuple[int, dict[str, str]]]] | None = None,
) -> Outcome:
    """Apply `rows` ((row number, {field: text})) of the ledger `kind`; keep them only when `commit` and every row
    passed. The outcome lists every bad row with its number and reasons, and what was (or would be) created.
    A ledger of several sheets (meetings; suggestions' later steps) gives the further sheets' rows in `sheets` (by
    sheet field), each naming its main row by the main row's key in its first column."""
    if not permissions.can_import(scope):
        raise NotPermitted()
    if kind not in LEDGERS:
        raise DomainError(_("Unknown ledger."))
    columns = COLUMNS[kind]
    outcome = Outcome(kind=kind, rows=len(rows))
    if not rows:
        outcome.file_error = _("The ledger has no rows.")
        return outcome
    if len(rows) > MAX_ROWS:
        outcome.file_error = _("The file has more than %(max)d rows.") % {"max": MAX_ROWS}
        return outcome
    name = file_name.strip()[:200] or "api"
    ctx = Context(scope=scope, user=actor, actor=system(f"ledger import: {name}", on_behalf_of=actor))
    orphans = _gather(ctx, kind, sheets or {}, {(values.get("key") or "").strip() for _n, values in rows})
    try:
        with past_events(f"ledger import: {name}"), transaction.atomic():  # the past's people were told then
            created: list[tuple[Row, Region, int]] = []
            for number, values in rows:
                row = Row(number, values, columns)
                try:
                    _check_lengths(row, columns)
                    key = row.required("key")
                    town_of, apply_row = LEDGERS[kind]
                    town = town_of(ctx, row)
                    earlier = Entry.objects.filter(kind=kind, region=town, key=key).select_related("batch").first()
                    if earlier is not None:
                        if earlier.fingerprint != _fingerprint(row, ctx.children):
                            raise DomainError(
                                _("Ledger number %(key)s was imported before with other contents (row %(row)d of %(file)s).")
                                % {"key": key, "row": earlier.row, "file": earlier.batch.file_name}
                            )
                        raise _Unchanged()
                    if any(t == town and r.values["key"] == key for r, t, _pk in created):
                        raise DomainError(_("Ledger number %(key)s appears twice in the file.") % {"key": key})
                    with transaction.atomic():
                        record = apply_row(ctx, row)
                    created.append((row, town, record.pk))
                except _Unchanged:
                    outcome.unchanged += 1
                except RowsRefused as exc:
                    outcome.errors.append(RowError(number, row.values.get("key", ""), [_("See the rows below.")]))
                    outcome.errors.extend(exc.errors)
                except (DomainError, NotPermitted) as exc:
                    outcome.errors.append(RowError(number, row.values.get("key", ""), _messages(exc)))
            outcome.errors.extend(orphans)
            outcome.created = len(created)
            if not (commit and outcome.ok):
                raise _Rollback()
            towns = [town for _row, town, _pk in created]
            batch = Batch.objects.create(
                kind=kind,
                source=source,
                region=_common_region(towns) if towns else _scope_region(scope),
                file_name=name,
                sha256=sha256,
                rows=len(rows),
                created=outcome.created,
                unchanged=outcome.unchanged,
                by=actor,
            )
            Entry.objects.bulk_create(
                Entry(
                    batch=batch,
                    kind=kind,
                    region=town,
                    key=row.values["key"],
                    object_id=pk,
                    row=row.number,
                    fingerprint=_fingerprint(row, ctx.children),
                )
                for row, town, pk in created
            )
            audit_record(
                actor=actor,
                action="ledger.import",
                obj=batch,
                after={
                    "kind": kind,
                    "file": name,
                    "sha256": sha256,
                    "source": source,
                    "rows": len(rows),
                    "created": outcome.created,
                    "unchanged": outcome.unchanged,
                },
                region_id=batch.region_id,
            )
            outcome.batch, outcome.committed = batch, True
    except _Rollback:
        pass
    return outcome


def _gather(
    ctx: Context, kind: str, sheets: Mapping[str, Sequence[tuple[int, dict[str, str]]]], keys: set[str]
) -> list[RowError]:
    """The further sheets' rows, by the main row they name (`ctx.children`); a row too long, or naming no main
    row, is listed at once."""
    errors: list[RowError] = []
    for field_name, (title, columns) in FURTHER_SHEETS.get(kind, {}).items():
        by_key: dict[str, list[Row]] = {}
        link = columns[0].field  # the first column names the main row by its 台账编号
        for number, values in sheets.get(field_name, []):
            row = Row(number, values, columns)
            try:
                _check_lengths(row, columns)
                key = row.required(link)
                if key not in keys:
                    raise DomainError(_("Ledger number %(key)s is not on the first sheet.") % {"key": key})
                by_key.setdefault(key, []).append(row)
            except DomainError as exc:
                errors.append(RowError(number, row.values.get(link, ""), _messages(exc), sheet=title))
        ctx.children[field_name] = by_key
    return errors


class _Unchanged(Exception):
    """The row was imported before with the same contents: rolled back to its savepoint, counted as unchanged."""


def _check_lengths(row: Row, columns: Sequence[Column]) -> None:
    for column in columns:
        value = row.values[column.field]
        if len(value) > column.max_length:
            raise DomainError(_("%(column)s: at most %(max)d characters") % {"column": column.header, "max": column.max_length})


def _scope_region(scope: Scope) -> Region:
    region = Region.objects.filter(pk__in=scope.region_ids).order_by("path").first()
    return region or Region.objects.order_by("path").first()  # type: ignore[return-value]


def ledger_import_file(*, actor: User, scope: Scope, kind: str, data: bytes, file_name: str, commit: bool) -> Outcome:
    """An Excel ledger (the template's first sheet): its rows read by their Chinese headers, then `ledger_import`."""
    if not permissions.can_import(scope):
        raise NotPermitted()
    columns = COLUMNS.get(kind)
    if columns is None:
        raise DomainError(_("Unknown ledger."))
    try:
        rows = _read_sheet(data, columns, FIRST_SHEETS.get(Kind(kind)))
    except XlsxReadError as exc:
        return Outcome(kind=kind, file_error=str(exc))
    sheets: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for field_name, (title, sheet_columns) in FURTHER_SHEETS.get(kind, {}).items():
        try:
            sheets[field_name] = _read_sheet(data, sheet_columns, title)
        except XlsxReadError as exc:  # the file's problem names the sheet it is in
            return Outcome(kind=kind, file_error=str(exc) if title in str(exc) else f"{title}：{exc}")
    return ledger_import(
        actor=actor,
        scope=scope,
        kind=kind,
        rows=rows,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        commit=commit,
        source=Batch.Source.EXCEL,
        sheets=sheets,
    )


def _read_sheet(data: bytes, columns: Sequence[Column], title: str | None) -> list[tuple[int, dict[str, str]]]:
    """A sheet's rows by their Chinese headers, as (row number, {field: text})."""
    sheet = read_rows(
        data,
        expected=[c.header for c in columns],
        required=[c.header for c in columns if c.required],
        max_rows=MAX_ROWS,
        sheet=title,
        optional=title in OPTIONAL_SHEETS,
    )
    by_header = {c.header: c.field for c in columns}
    return [(r.number, {by_header[h]: v for h, v in r.values.items() if h in by_header}) for r in sheet]
