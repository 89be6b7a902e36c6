"""The exports API: ask for any exporting list by its URL name and filters (always written by the task worker),
read its state and download its file — the caller's own exports only; anyone else's are not found."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from . import exports
from .api import _me
from .errors import DomainError
from .lifecycles import EXPORT
from .models import Export
from .pages import download
from .schemas import ERRORS, ActionOut, ErrorOut, Id, PageNumber, PageSize
from .xlsx import XLSX_TYPE

router = Router(tags=["exports"])

FilterValue = Annotated[str, Field(max_length=200)]


class ExportIn(Schema):
    kind: str = Field(max_length=100, description="The list page's URL name (org:deputy_list, opinions:opinion_list) or its path (/setup/units/)")
    filters: dict[Annotated[str, Field(max_length=40)], FilterValue] = Field(
        default_factory=dict, description="The list's filters, as its page takes them in the query string"
    )


class ExportOut(Schema):
    id: int
    kind: str
    name: str
    filters: str
    state: str
    state_label: str
    rows: int
    size: int
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    file_url: str | None = Field(description="Where the file is downloaded, while it is ready")
    actions: list[ActionOut]


class ExportPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ExportOut]


def _out(export: Export) -> ExportOut:
    ready = EXPORT.in_group(export, "ready") and export.expires_at is not None and export.expires_at > timezone.now()
    return ExportOut(
        id=export.pk, kind=export.kind, name=export.name, filters=export.query, state=export.state,
        state_label=str(export.get_state_display()), rows=export.rows, size=export.size, error=export.error,
        created_at=export.created_at, finished_at=export.finished_at, expires_at=export.expires_at,
        file_url=f"/api/exports/{export.pk}/file" if ready else None, actions=[],
    )  # fmt: skip


@router.post("", response={202: ExportOut, **ERRORS, 409: ErrorOut},
             summary="Export a list (by its URL name and filters) in the task worker; the caller is told when it is ready")  # fmt: skip
def export_create(request: Any, payload: ExportIn) -> Status[ExportOut]:
    try:
        export = exports.export_request(actor=_me(request), kind=payload.kind, filters=payload.filters)
    except DomainError as exc:
        if exc.code == "too_many_exports":
            return Status(409, {"detail": " ".join(exc.messages)})  # type: ignore[arg-type]
        raise
    return Status(202, _out(export))


@router.get("", response={200: ExportPage, **ERRORS}, summary="The caller's exports, newest first")
def export_list(request: Any, page: PageNumber = 1, page_size: PageSize = 30) -> dict[str, Any]:
    qs = exports.export_list(user=_me(request))
    rows = list(qs[(page - 1) * page_size : page * page_size])
    return {"count": qs.count(), "page": page, "page_size": page_size, "items": [_out(e) for e in rows]}


@router.get("/{export_id}", response={200: ExportOut, **ERRORS}, summary="One of the caller's exports: its state and link")
def export_detail(request: Any, export_id: Id) -> ExportOut:
    return _out(exports.export_get(user=_me(request), pk=export_id))


@router.get("/{export_id}/file", response={200: None, **ERRORS, 409: ErrorOut},
            summary="The file of one of the caller's exports (while ready, and while the caller's scope covers it)",
            openapi_extra={"responses": {"200": {"description": "An .xlsx file", "content": {XLSX_TYPE: {}}}}})  # fmt: skip
def export_download(request: Any, export_id: Id) -> HttpResponse | Status[dict[str, str]]:
    try:
        export, data = exports.export_file(user=_me(request), pk=export_id)
    except DomainError as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    return download(data, exports.file_name(export), XLSX_TYPE)
