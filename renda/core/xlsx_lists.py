"""Import templates whose columns offer dropdowns of the valid values (regions, bodies, districts… read from the
database when the template is downloaded)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .xlsx import safe_cell

LISTS_SHEET = "可选值"
DATA_SHEET = "数据"
NOTES_SHEET = "说明"
ROWS_WITH_DROPDOWNS = 2000


def template_with_lists(
    headers: Sequence[str],
    examples: Sequence[Sequence[Any]],
    lists: Mapping[str, Sequence[str]],
    notes: Sequence[str] = (),
) -> bytes:
    """A template: bold headers, example rows, a dropdown on every column named in `lists` (its values on a sheet
    of their own, so a list of any length fits), and a sheet of notes. The data sheet comes first: it is the one
    an import reads."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in examples:
        sheet.append([safe_cell(v) for v in example])
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    values_sheet = workbook.create_sheet(LISTS_SHEET)
    list_column = 0
    for index, header in enumerate(headers, start=1):
        values = [v for v in lists.get(header, ()) if v]
        if not values:
            continue
        list_column += 1
        letter = get_column_letter(list_column)
        values_sheet.cell(row=1, column=list_column, value=header).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            values_sheet.cell(row=row, column=list_column, value=safe_cell(value))
        rule = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="无效的值",
            error=f"请从下拉列表中选择“{header}”。",
        )
        target = get_column_letter(index)
        rule.add(f"{target}2:{target}{ROWS_WITH_DROPDOWNS}")
        sheet.add_data_validation(rule)
    if notes:
        notes_sheet = workbook.create_sheet(NOTES_SHEET)
        for note in notes:
            notes_sheet.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
