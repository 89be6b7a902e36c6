"""A streaming .xlsx writer for exports: one sheet of plain cells written straight into the zip, row by row.

openpyxl (even in write-only mode) builds an object per cell and serialises it through lxml: about 1 ms per row of
thirteen columns here, which made a province's export a matter of minutes. The exports need none of what it offers
beyond cells — text, numbers, dates and booleans under a header row — so this writer formats each row as one string
of SpreadsheetML (inline strings, no shared-string table to hold in memory) and streams it into the archive. Excel,
WPS, LibreOffice and openpyxl read the result; text that a spreadsheet would run as a formula is neutralised as in
`core.xlsx.safe_cell`, and characters XML cannot carry are dropped.
"""

from __future__ import annotations

import datetime
import decimal
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape

from django.utils import timezone

from .xlsx import FORMULA_TRIGGERS

EPOCH = datetime.datetime(1899, 12, 30)  # noqa: DTZ001 - a spreadsheet's day 0 has no time zone
EPOCH_DATE = EPOCH.date()
# Control characters XML 1.0 cannot carry (tab, newline and carriage return it can).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The cells of short texts that repeat down a column (a region, a party, 是/否) are formatted once per export.
SHORT_TEXT, CACHED_CELLS = 40, 20_000
_BAD_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
# Cell styles: 0 plain, 1 a date (yyyy-mm-dd), 2 a date and time (yyyy-mm-dd hh:mm), 3 the header row (bold).
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _text(value: str, style: str = "") -> str:
    if value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{escape(value)}</t></is></c>'


class _Cells(dict[Any, str]):
    """Formatted cells of short texts, remembered while one export is written (bounded)."""

    def text(self, value: str) -> str:
        found = self.get(value)
        if found is None:
            found = _text(value)
            if len(value) <= SHORT_TEXT and len(self) < CACHED_CELLS:
                self[value] = found
        return found


def cell(value: Any, cells: _Cells | None = None) -> str:
    """One cell as SpreadsheetML (no reference: cells follow each other)."""
    if value is None or value == "":
        return "<c/>"
    kind = type(value)
    if kind is str:
        return cells.text(value) if cells is not None else _text(value)
    if kind is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'
    if kind is int or kind is float or kind is decimal.Decimal:
        return f"<c><v>{value}</v></c>"
    if kind is datetime.datetime:
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        delta = value - EPOCH
        return f'<c s="2"><v>{delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400}</v></c>'
    if kind is datetime.date:
        return f'<c s="1"><v>{(value - EPOCH_DATE).days}</v></c>'
    return _text(str(value))


def write_xlsx(target: IO[bytes], headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet_title: str = "Sheet1") -> int:
    """Write one sheet (the header row in bold, then `rows`) to the open binary file `target`; returns the rows."""
    title = escape(str(sheet_title).translate(_BAD_TITLE)[:31] or "Sheet1", {'"': "&quot;"})
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(title=title))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.encode())
            sheet.write(("<row>" + "".join(_text(str(h), ' s="3"') for h in headers) + "</row>").encode())
            buffer: list[str] = []
            cells = _Cells()
            for row in rows:
                buffer.append("<row>" + "".join([cell(v, cells) for v in row]) + "</row>")
                count += 1
                if len(buffer) >= 500:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write(("".join(buffer) + SHEET_TAIL).encode())
    return count
