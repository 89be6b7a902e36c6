"""The shape every set-up sheet shares: its columns (Chinese headers, the file format), the dropdown values a
scope may pick, and one `upsert(row)` that checks a row and writes it by its natural key. A page form, an API call
and an Excel file are all lists of rows through the same `upsert`, so they share the rules, the scope and the
audit trail."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record, changed, snapshot
from renda.org.models import Body, Region
from renda.org.naming import parse_term_number
from renda.org.scoping import Scope

from .. import permissions

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class RowProblem(Exception):
    """The row's reasons for refusal (in the user's language); nothing of the file is written."""

    def __init__(self, messages: Sequence[str]):
        super().__init__("；".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class Column:
    field: str  # the API's name
    header: str  # the file's and the form's name (Chinese: part of the file format)
    required: bool = False
    max_length: int = 100
    choices: Callable[[Scope], list[str]] | None = None  # the dropdown's values for a scope
    help: str = ""


def columns(table: str, **choices: Callable[[Scope], list[str]]) -> list[Column]:
    """A sheet's columns from a table, one a line: `field | header | required (or blank) | longest text (blank: 100)
    | help` (the last cells may be left out); the dropdown of a column, by its field, in `choices`."""
    parsed = []
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")] + ["", "", ""]
        field_, header, required, longest, help_ = cells[:5]
        if required not in ("", "required"):
            raise ValueError(f"{field_}: {required!r} is not 'required'")
        parsed.append(Column(field_, header, required == "required", int(longest or 100), choices.pop(field_, None), help_))
    if choices:
        raise ValueError(f"choices for no column: {sorted(choices)}")
    return parsed


@dataclass
class RowContext:
    actor: Actor
    scope: Scope
    source: str  # "表单", "接口" or the file's name: kept in every audit event of the row


@dataclass
class Sheet:
    key: str
    title: StrOrPromise
    noun: StrOrPromise
    columns: list[Column]
    upsert: Callable[[RowContext, dict[str, str]], str]
    rows: Callable[[Scope], QuerySet[Any]]
    as_row: Callable[[Any, set[str]], dict[str, str]]
    example: Callable[[Scope], dict[str, str]]
    notes: list[StrOrPromise] = field(default_factory=list)
    may: Callable[[Scope], bool] = permissions.can_set_up

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    def by_field(self, values: dict[str, Any]) -> dict[str, str]:
        """An API row (English field names) as a sheet row (headers)."""
        out = {}
        for column in self.columns:
            value = values.get(column.field)
            out[column.header] = "" if value is None else str(value).strip()
        return out

    def table(self, rows: Iterable[Any]) -> list[tuple[Any, list[str]]]:
        """Each record with its cells in the file's column order (the same text an import reads back)."""
        ambiguous = ambiguous_region_names()
        return [(obj, [self.as_row(obj, ambiguous).get(h, "") for h in self.headers]) for obj in rows]

    def to_fields(self, row: dict[str, str]) -> dict[str, str]:
        return {c.field: row.get(c.header, "") for c in self.columns}


# --- Helpers the sheets share -------------------------------------------------------------------------------


class Problems:
    """Collects a row's reasons; `check()` raises them all at once."""

    def __init__(self, sheet: Sheet, values: dict[str, str]):
        self.values = values
        self.messages: list[str] = []
        for column in sheet.columns:
            value = values.get(column.header, "")
            if not _storable(value):
                self.add(_("“%(column)s” holds a character that cannot be stored") % {"column": column.header})
                values[column.header] = ""
            elif column.required and not value:
                self.add(_("“%(column)s” is required") % {"column": column.header})
            elif len(value) > column.max_length:
                self.add(
                    _("“%(column)s” may be at most %(max)d characters long (%(length)d given)")
                    % {"column": column.header, "max": column.max_length, "length": len(value)}
                )

    def add(self, message: str) -> None:
        self.messages.append(message)

    def check(self) -> None:
        if self.messages:
            raise RowProblem(self.messages)


def _storable(value: str) -> bool:
    """No control character (a NUL cannot be stored by PostgreSQL) and no lone surrogate (not UTF-8)."""
    if any(ord(ch) < 32 for ch in value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def choice(problems: Problems, header: str, mapping: Mapping[str, str]) -> str | None:
    value = problems.values.get(header, "")
    if not value:
        return None
    if value not in mapping:
        problems.add(
            _("“%(column)s” must be one of %(values)s (“%(value)s” given)")
            % {"column": header, "values": "、".join(mapping), "value": value}
        )
        return None
    return str(mapping[value])


def number(problems: Problems, header: str, low: int, high: int) -> int | None:
    value = problems.values.get(header, "")
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        n = None
    if n is None or not low <= n <= high:
        problems.add(
            _("“%(column)s” must be a whole number from %(low)d to %(high)d") % {"column": header, "low": low, "high": high}
        )
        return None
    return n


def term_number(problems: Problems, header: str) -> int | None:
    """A term as a sheet may write it (9, 第9届, 第九届), 1 to 99."""
    value = problems.values.get(header, "")
    if not value:
        return None
    n = parse_term_number(value)
    if n is None or not 1 <= n <= 99:
        problems.add(_("“%(column)s” must be a term such as 第九届 or 9") % {"column": header})
        return None
    return n


def day(problems: Problems, header: str) -> datetime.date | None:
    value = problems.values.get(header, "")
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            parsed = datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2100:
            return parsed
    problems.add(_("“%(column)s” “%(value)s” is not a date (YYYY-MM-DD)") % {"column": header, "value": value})
    return None


def clock(problems: Problems, header: str) -> datetime.time | None:
    value = problems.values.get(header, "").replace("：", ":")
    if not value:
        return None
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, fmt).time()  # noqa: DTZ007 - a time of day
        except ValueError:
            continue
    problems.add(_("“%(column)s” “%(value)s” is not a time (HH:MM)") % {"column": header, "value": value})
    return None


def region_label(region: Region, ambiguous: set[str]) -> str:
    """A region as a file names it: its name, or "parent/name" when the name is not unique."""
    if region.name in ambiguous and region.parent is not None:
        return f"{region.parent.name}/{region.name}"
    return region.name


def ambiguous_region_names() -> set[str]:
    from django.db.models import Count

    return set(Region.objects.values("name").annotate(n=Count("id")).filter(n__gt=1).values_list("name", flat=True))


M = TypeVar("M", bound=Model)


def managed_rows(scope: Scope, rows: QuerySet[M], region_field: str = "region_id") -> QuerySet[M]:
    """The rows whose `region_field` lies in a region the scope manages (every row for the system administrator)."""
    ids = permissions.managed_region_ids(scope)
    return rows if ids is None else rows.filter(**{f"{region_field}__in": ids})


def managed_regions(scope: Scope) -> QuerySet[Region]:
    return managed_rows(scope, Region.objects.select_related("parent").order_by("path"), "pk")


def region_choices(scope: Scope) -> list[str]:
    ambiguous = ambiguous_region_names()
    return [region_label(r, ambiguous) for r in managed_regions(scope)]


def find_region(problems: Problems, header: str, *, managed: Scope | None = None) -> Region | None:
    """The region a cell names ("name" or "parent/name"); with `managed`, one the scope manages."""
    text = problems.values.get(header, "")
    if not text:
        return None
    parts = [p.strip() for p in text.replace("／", "/").split("/") if p.strip()]
    candidates = Region.objects.filter(name=parts[-1]).select_related("parent") if parts else Region.objects.none()
    if len(parts) > 1:
        candidates = candidates.filter(parent__name=parts[-2])
    found = list(candidates[:2])
    if not found:
        problems.add(_("unknown region “%(name)s”") % {"name": text})
        return None
    if len(found) > 1:
        problems.add(_("region “%(name)s” is ambiguous; write it as town/village") % {"name": text})
        return None
    region = found[0]
    if managed is not None and not permissions.can_manage_region(managed, region):
        problems.add(_("region %(region)s is outside your scope") % {"region": region.name})
        return None
    return region


def congress_choices(scope: Scope) -> list[str]:
    return [b.name for b in managed_bodies(scope).filter(kind=Body.Kind.CONGRESS)]


def managed_bodies(scope: Scope) -> QuerySet[Body]:
    return managed_rows(scope, Body.objects.select_related("region", "congress").order_by("region__path", "sort_order", "pk"))


def find_congress(problems: Problems, header: str, scope: Scope) -> Body | None:
    name = problems.values.get(header, "")
    if not name:
        return None
    found = list(Body.objects.filter(kind=Body.Kind.CONGRESS, name=name).select_related("region")[:2])
    if not found:
        problems.add(_("unknown congress “%(value)s”") % {"value": name})
        return None
    if len(found) > 1:
        problems.add(_("congress name “%(value)s” is ambiguous") % {"value": name})
        return None
    if not permissions.can_manage_region(scope, found[0].region):
        problems.add(_("%(congress)s is outside your scope") % {"congress": name})
        return None
    return found[0]


def save_by_key(
    ctx: RowContext,
    model: type[Model],
    key: dict[str, Any],
    values: dict[str, Any],
    *,
    action: str,
    region_id: Callable[[Any], int | None],
    after_create: Callable[[Any], None] | None = None,
) -> tuple[Any, str]:
    """Create the record with this natural key, or update the fields that differ, or change nothing; each change
    audited with the row's source (the file's name)."""
    existing = model._default_manager.select_for_update().filter(**key).first()
    fields = list(values)
    if existing is None:
        obj = model(**key, **values)
        obj.save()
        if after_create is not None:
            after_create(obj)
        after = {**snapshot(obj), "source": ctx.source}
        audit_record(actor=ctx.actor, action=f"{action}.create", obj=obj, after=after, region_id=region_id(obj))
        return obj, CREATED
    before = snapshot(existing, fields)
    for name, value in values.items():
        setattr(existing, name, value)
    old, new = changed(before, snapshot(existing, fields))
    if not new:
        return existing, UNCHANGED
    existing.save(update_fields=list(new))
    audit_record(
        actor=ctx.actor, action=f"{action}.update", obj=existing, before=old, after={**new, "source": ctx.source},
        region_id=region_id(existing),
    )  # fmt: skip
    return existing, UPDATED


def labels(mapping: Mapping[str, str]) -> dict[str, str]:
    """A value → Chinese label map turned round (for a record's row); the first label of a value wins."""
    return {str(v): k for k, v in reversed(list(mapping.items()))}


def fixed(values: Iterable[str]) -> Callable[[Scope], list[str]]:
    frozen = list(values)
    return lambda scope: frozen
