"""Open data for everyone, without a login: the page /open-data/, the downloads, and the public API
(/api/open-data/), all built from the datasets the apps declare (renda/core/opendata.py, docs/open-data.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import create_model

from . import opendata
from .listing import MAX_YEAR, MIN_YEAR, year_param
from .schemas import ErrorOut


def _year(request: HttpRequest) -> tuple[bool, int | None]:
    raw = request.GET.get("year", "")
    year = year_param(raw)
    return (not raw or year is not None), year


def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/open_data.html", {"datasets": [opendata.catalogue_entry(d) for d in opendata.datasets()]})


def open_data_download(request: HttpRequest, key: str, fmt: str) -> HttpResponseBase:
    dataset = opendata.dataset_get(key)
    ok, year = _year(request)
    if not ok:
        return HttpResponseBadRequest(_("Choose a year between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR})
    return opendata.csv_response(dataset, year) if fmt == "csv" else opendata.json_response(dataset, year)


# --- API ---------------------------------------------------------------------------------------------------------
router = Router(tags=["open data"])


class ColumnOut(Schema):
    key: str
    header: str
    description: str


class DatasetOut(Schema):
    key: str
    title: str
    description: str
    columns: list[ColumnOut]
    years: list[int]
    csv_url: str
    json_url: str
    api_url: str


@router.get("/", auth=None, response={200: list[DatasetOut]}, summary="The open datasets (no login)")
def catalogue(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {**opendata.catalogue_entry(d), "csv_url": f"/open-data/{d.key}.csv", "json_url": f"/open-data/{d.key}.json",
         "api_url": f"/api/open-data/{d.key}"}
        for d in opendata.datasets()
    ]  # fmt: skip


def _row_schema(dataset: opendata.Dataset) -> type[Schema]:
    fields: dict[str, Any] = {
        c.key: (c.type | None, Field(None, description=f"{c.header}: {c.description}")) for c in dataset.columns
    }
    name = "".join(part.capitalize() for part in dataset.key.split("-"))
    return create_model(f"Open{name}Row", __base__=Schema, **fields)


def _operation(dataset: opendata.Dataset) -> None:
    row = _row_schema(dataset)
    page = create_model(
        f"{row.__name__}Page", __base__=Schema, count=(int, ...), page=(int, ...), page_size=(int, ...),
        year=(int | None, None), items=(list[row], ...),  # type: ignore[valid-type]
    )  # fmt: skip

    def rows(request: HttpRequest, year: int | None = None, page: int = 1, page_size: int = 100) -> Any:
        if year is not None and year_param(year) is None:
            return Status(422, {"detail": _("Choose a year between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR}})
        size, number = max(1, min(page_size, 500)), max(1, min(page, 100_000))
        total, items = opendata.page_rows(dataset, year, number, size)
        return {"count": total, "page": number, "page_size": size, "year": year, "items": items}

    router.add_api_operation(
        f"/{dataset.key}",
        ["GET"],
        rows,
        auth=None,
        response={200: page, 422: ErrorOut},
        summary=f"{dataset.title} (open data, no login)",
        description=f"{dataset.description} Paged; `year` limits it to one year. The same rows as /open-data/{dataset.key}.csv.",
        operation_id=f"open_data_{dataset.key.replace('-', '_')}",
    )


for _dataset in opendata.datasets():
    _operation(_dataset)


