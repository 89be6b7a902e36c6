"""The set-up API: for every sheet, its records, a write of rows (as the page's form and the Excel file: the same
service, scope and audit), an Excel import with a dry run, and its template. Rows use English field names; a
sheet's fields and their meaning are the template's columns."""

from typing import Any

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, create_model

from renda.core.pages import download
from renda.core.requests import AuthedRequest
from renda.core.schemas import ERRORS, ErrorOut, Id, PageNumber, PageSize
from renda.core.xlsx import XLSX_TYPE, SheetRow
from renda.org.scoping import scope_for

from . import selectors, services
from .sheets import SHEETS, Sheet

router = Router(tags=["setup"])
MAX_ROWS = 1000


class SetupRowErrorOut(Schema):
    """A refused row: its number (the Excel row, or the position in `rows`) and every reason. (A 422 for a body out of
    its schema lists the validator's errors here instead, with their own fields.)"""

    row: int | None = None
    messages: list[str] = []


class SetupReportOut(Schema):
    """What a write did (or, for a dry run, would do). Refused (422): `ok` false, every bad row with its reasons."""

    detail: str
    ok: bool = False
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[SetupRowErrorOut] = []


WRITE_ERRORS: dict[int, Any] = {**ERRORS, 422: SetupReportOut}


def _out(report: services.Report) -> Status[dict[str, Any]]:
    body = {
        "detail": " ".join(report.messages) or "ok",
        "ok": report.ok,
        "dry_run": report.dry_run,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [{"row": e.row, "messages": e.messages} for e in report.errors],
    }
    return Status(200 if report.ok else 422, body)


def _register(sheet: Sheet) -> None:
    name = "".join(part.title() for part in sheet.key.split("_"))
    row_fields: dict[str, Any] = {c.field: (str, Field("", max_length=c.max_length, description=c.header)) for c in sheet.columns}
    row_in = create_model(f"Setup{name}RowIn", __base__=Schema, **row_fields)
    write_in = create_model(
        f"Setup{name}WriteIn",
        __base__=Schema,
        rows=(list[row_in], Field(..., min_length=1, max_length=MAX_ROWS)),  # type: ignore[valid-type]
        dry_run=(bool, False),
    )
    out_fields: dict[str, Any] = {"id": (int, ...), **{c.field: (str, "") for c in sheet.columns}}
    row_out = create_model(f"Setup{name}RowOut", __base__=Schema, **out_fields)
    columns = "、".join(f"{c.field}（{c.header}{'，必填' if c.required else ''}）" for c in sheet.columns)

    @router.get(f"/{sheet.key}", response={200: list[row_out], **ERRORS}, operation_id=f"setup_{sheet.key}_list",  # type: ignore[valid-type]
                summary=f"{sheet.title}: the records the caller manages")  # fmt: skip
    def rows(request: AuthedRequest, page: PageNumber = 1, page_size: PageSize = 100) -> list[dict[str, Any]]:
        records = selectors.sheet_rows(scope=scope_for(request.user), sheet=sheet)
        chunk = records[(page - 1) * page_size : page * page_size]
        return [
            {"id": obj.pk, **dict(zip([c.field for c in sheet.columns], cells, strict=True))} for obj, cells in sheet.table(chunk)
        ]

    @router.post(f"/{sheet.key}", response={200: SetupReportOut, **WRITE_ERRORS}, operation_id=f"setup_{sheet.key}_write",
                 summary=f"{sheet.title}: add or update rows by their natural keys (dry_run: check only)",
                 description=f"Fields: {columns}.")  # fmt: skip
    def write(request: AuthedRequest, payload: write_in) -> Status[dict[str, Any]]:  # type: ignore[valid-type]
        rows_in = [SheetRow(number, sheet.by_field(r.dict())) for number, r in enumerate(payload.rows, start=1)]  # type: ignore[attr-defined]
        report = services.sheet_apply(actor=request.user, scope=scope_for(request.user), sheet=sheet, rows=rows_in,
                                      source=services.API, dry_run=payload.dry_run)  # type: ignore[attr-defined]  # fmt: skip
        return _out(report)

    @router.post(f"/{sheet.key}/import", response={200: SetupReportOut, **WRITE_ERRORS}, operation_id=f"setup_{sheet.key}_import",
                 summary=f"{sheet.title}: import the Excel template (multipart `file`; dry_run=true to preview)")  # fmt: skip
    def import_file(request: AuthedRequest, file: UploadedFile = File(...), dry_run: bool = False) -> Status[dict[str, Any]]:  # noqa: B008
        data = file.read()
        report = services.sheet_import(actor=request.user, scope=scope_for(request.user), sheet=sheet, data=data,
                                       name=file.name or "", dry_run=dry_run)  # fmt: skip
        return _out(report)

    @router.get(f"/{sheet.key}/template", response={200: None, **ERRORS}, operation_id=f"setup_{sheet.key}_template",
                summary=f"{sheet.title}: the Excel template with dropdowns of the caller's valid values",
                openapi_extra={"responses": {"200": {"description": "An .xlsx file", "content": {XLSX_TYPE: {}}}}})  # fmt: skip
    def template(request: AuthedRequest) -> HttpResponse:
        data = services.sheet_template(scope=scope_for(request.user), sheet=sheet)
        return download(data, f"{sheet.title}导入模板.xlsx", XLSX_TYPE)


for _sheet in SHEETS.values():
    _register(_sheet)


@router.post("/grants/{grant_id}/revoke", response={204: None, 403: ErrorOut, 404: ErrorOut, 401: ErrorOut, 422: ErrorOut},
             summary="Take a role back (a grant within the caller's own scope; 404 outside it)")  # fmt: skip
def grant_revoke(request: AuthedRequest, grant_id: Id) -> Status[None]:
    scope = scope_for(request.user)
    services.grant_revoke(actor=request.user, scope=scope, grant=selectors.grant_get(scope=scope, pk=grant_id))
    return Status(204, None)


# The page writes these operations twin (tests/test_api_coverage.py): each sheet's form and Excel import, and taking a
# grant back.
PAGE_TWINS: dict[str, str | dict[str, str]] = {
    "setup:sheet": {key: f"POST /api/setup/{key}" for key in SHEETS},
    "setup:import": {key: f"POST /api/setup/{key}/import" for key in SHEETS},
    "setup:grant_revoke": "POST /api/setup/grants/{grant_id}/revoke",
}
