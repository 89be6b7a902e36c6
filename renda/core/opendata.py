"""Open data (公开数据): the public records of every workflow as CSV and JSON downloads and through the public API.

Each app declares its datasets in `<app>/opendata.py` (`DATASETS`, each one `dataset(...)` call with its columns as a
table; named in its AppConfig as `opendata`) — only what its public pages already show: published suggestions and
their answers, livelihood projects and their progress, published meetings and their decisions, the stations and
their figures. Nothing unpublished, nothing personal (no phone, no ID number, no voter's name: deputies and units by
name only). This module turns a dataset into:

- CSV: UTF-8 with a byte-order mark, so that Excel and WPS open the Chinese text as it is; every cell goes through
  `core.xlsx.safe_cell` (text a spreadsheet would run as a formula starts with an apostrophe);
- JSON: {"dataset", "title", "year", "columns", "count", "rows"};
- the API: GET /api/open-data/ (the catalogue) and GET /api/open-data/<key> (paged rows, typed in OpenAPI).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.functional import Promise

from . import registry
from .pages import download
from .xlsx import safe_cell

CHUNK = 500
Value = str | int | float | bool | datetime.date | None


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the CSV header, in Chinese (part of the file format, as for imports and exports)
    description: str  # for the API's documentation and docs/open-data.md
    type: type = str  # str, int, float, bool or datetime.date (None is always allowed)


@dataclass(frozen=True)
class Dataset:
    """One public dataset: `records(year)` gives the records (a QuerySet or a list, already in order) and
    `rows(batch)` turns a batch of them into dicts keyed by the columns' keys. `years()` lists the years with data."""

    key: str
    title: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    records: Callable[[int | None], Any]  # the API pages through these: one record, one row
    rows: Callable[[Sequence[Any]], list[dict[str, Value]]]
    years: Callable[[], list[int]]

    @property
    def filename(self) -> str:
        return f"renda-{self.key}"


TYPES: dict[str, type] = {"": str, "int": int, "float": float, "bool": bool, "date": datetime.date}


def table_columns(table: str) -> tuple[Column, ...]:
    """A dataset's columns from a table, one a line: `key | header | type | description` (the type is one of
    `TYPES`: int, float, bool, date, or blank for text)."""
    parsed = []
    for line in table.strip().splitlines():
        key, header, kind, description = (cell.strip() for cell in line.split("|", 3))
        parsed.append(Column(key, header, description, TYPES[kind]))
    return tuple(parsed)


def no_years() -> list[int]:
    return []


def dataset(
    key: str,
    title: str | Promise,
    *,
    records: Callable[[int | None], Any],
    rows: Callable[[Sequence[Any]], list[dict[str, Value]]] = list,
    years: Callable[[], list[int]] = no_years,
    description: str | Promise,
    columns: str,
) -> Dataset:
    """A dataset declared in one call, its columns as a table (`table_columns`); `rows` left out where `records`
    already gives the rows (a list of dicts computed whole), `years` where it has none (a directory)."""
    return Dataset(key, title, description, table_columns(columns), records, rows, years)


def datasets() -> list[Dataset]:
    """Every app's datasets, in INSTALLED_APPS order."""
    return [d for module in registry.contributions("opendata") for d in getattr(module, "DATASETS", [])]


def dataset_get(key: str) -> Dataset:
    for dataset in datasets():
        if dataset.key == key:
            return dataset
    raise Http404


def count(records: Any) -> int:
    return int(records.count()) if hasattr(records, "count") and not isinstance(records, list) else len(records)


def iter_rows(dataset: Dataset, year: int | None) -> Iterator[dict[str, Value]]:
    records = dataset.records(year)
    total = count(records)
    for start in range(0, total, CHUNK):
        yield from dataset.rows(list(records[start : start + CHUNK]))


def page_rows(dataset: Dataset, year: int | None, page: int, page_size: int) -> tuple[int, list[dict[str, Value]]]:
    records = dataset.records(year)
    start = (page - 1) * page_size
    return count(records), dataset.rows(list(records[start : start + page_size]))


# --- files ------------------------------------------------------------------------------------------------------
def csv_cell(value: Value) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(dataset: Dataset, rows: Iterable[dict[str, Value]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()  # the BOM: Excel reads the file as UTF-8
    yield writer.writerow([c.header for c in dataset.columns]).encode()
    for row in rows:
        yield writer.writerow([csv_cell(row.get(c.key)) for c in dataset.columns]).encode()



def _name(dataset: Dataset, year: int | None, ext: str) -> str:
    return f"{dataset.filename}{'-' + str(year) if year else ''}.{ext}"


def csv_response(dataset: Dataset, year: int | None) -> HttpResponse:
    with translation.override("zh-hans"):  # labels in the rows (states, kinds) read in Chinese, as the headers
        data = b"".join(csv_lines(dataset, iter_rows(dataset, year)))
    return download(data, _name(dataset, year, "csv"), "text/csv; charset=utf-8")


def jsonable(value: Value) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def catalogue_entry(dataset: Dataset) -> dict[str, Any]:
    return {
        "key": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "columns": [{"key": c.key, "header": c.header, "description": c.description} for c in dataset.columns],
        "years": dataset.years(),
    }


def json_response(dataset: Dataset, year: int | None) -> HttpResponse:
    with translation.override("zh-hans"):
        rows = [{k: jsonable(v) for k, v in row.items()} for row in iter_rows(dataset, year)]
        head = catalogue_entry(dataset)
    body = {"dataset": dataset.key, "title": head["title"], "year": year, "columns": head["columns"], "count": len(rows), "rows": rows}
    return download(json.dumps(body, ensure_ascii=False).encode(), _name(dataset, year, "json"), "application/json; charset=utf-8")
