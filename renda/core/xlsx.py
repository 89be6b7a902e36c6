"""Excel in and out: a streaming .xlsx writer for any list, and a reader that names rows for error messages."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from .pages import download

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell starting with one of these is read as a formula by Excel, LibreOffice and WPS (or, for tab and
# carriage return, shifts into one): "=HYPERLINK(…)" typed by an anonymous voter would become a live link in
# the office's export. Such text is written with a leading apostrophe, the spreadsheet convention for "text".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value as an export cell: None as empty, text that a spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet_title: str = "Sheet1") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([safe_cell(str(h)) for h in headers])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], **kwargs: Any) -> HttpResponse:
    return download(xlsx_bytes(headers, rows, **kwargs), filename, XLSX_TYPE)


def template_bytes(headers: Sequence[str], example: Sequence[Any], notes: Sequence[str] = ()) -> bytes:
    """An import template: bold headers, one example row, and a sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("data")
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([safe_cell(v) for v in example])
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 16
    if notes:
        notes_sheet = workbook.create_sheet(_("notes"))
        for note in notes:
            notes_sheet.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class XlsxReadError(Exception):
    pass


@dataclass
class SheetRow:
    number: int  # the row number a user sees in Excel
    values: dict[str, str]


def read_rows(
    data: bytes,
    *,
    expected: Sequence[str],
    required: Sequence[str],
    max_rows: int,
    sheet: str | None = None,
    optional: bool = False,
) -> list[SheetRow]:
    """Rows of the first sheet (or of the sheet titled `sheet`) as {header: text}. Raises XlsxReadError with a
    message a user can act on. An `optional` sheet that is missing or empty has no rows."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise XlsxReadError(_("The file is not a readable .xlsx workbook.")) from exc
    if sheet is not None and sheet not in workbook.sheetnames:
        workbook.close()
        if optional:
            return []
        raise XlsxReadError(_("The sheet %(sheet)s is missing.") % {"sheet": sheet})
    worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    try:
        header = [str(v).strip() if v is not None else "" for v in next(rows)]
    except StopIteration:
        if optional:  # an optional sheet left empty
            return []
        raise XlsxReadError(_("The file is empty.")) from None
    missing = [h for h in required if h not in header]
    if missing:
        raise XlsxReadError(_("Missing columns: %(columns)s") % {"columns": "、".join(missing)})
    unknown = [h for h in header if h and h not in expected]
    if unknown:
        raise XlsxReadError(_("Unknown columns: %(columns)s") % {"columns": "、".join(unknown)})
    out: list[SheetRow] = []
    for number, raw in enumerate(rows, start=2):
        values = {h: _cell_text(v) for h, v in zip(header, raw, strict=False) if h}
        if not any(values.values()):
            continue
        out.append(SheetRow(number, values))
        if len(out) > max_rows:
            raise XlsxReadError(_("The file has more than %(max)d rows.") % {"max": max_rows})
    workbook.close()
    return out


def _cell_text(value: object) -> str:
    import datetime

    if value is None:
        return ""
    if isinstance(value, datetime.datetime):  # a date cell; with its time of day when it has one (a ledger's steps)
        return value.date().isoformat() if value.time() == datetime.time() else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
