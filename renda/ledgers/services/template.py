"""The Excel templates of the ledgers: the Chinese headers (required ones marked), one example row, dropdowns for
the columns with fixed words and for the importer's stations, and a sheet of notes for every column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from renda.core.errors import NotPermitted
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors

from .. import permissions
from ..formats import COLUMNS
from ..models import Kind

EXAMPLES: dict[str, dict[str, str]] = {
    Kind.ACTIVITIES: {
        "key": "HD-2019-001",
        "kind": "接待日",
        "topic": "选民接待日",
        "date": "2019-08-15",
        "start_time": "09:00",
        "end_time": "11:30",
        "voters_received": "12",
        "discussion": "听取选民对道路修缮的意见",
        "deputies": "张三、李四",
    },
    Kind.OPINIONS: {
        "key": "YJ-2019-001",
        "activity": "HD-2019-001",
        "category": "城乡建设",
        "text": "村主干道路面破损，雨天积水，希望尽快修缮。",
        "contact_name": "王先生",
        "registered_at": "2019-08-15 09:30",
        "handling": "交办单位",
        "unit": "区住房和城乡建设局",
        "routed_at": "2019-08-16 10:00",
        "answered_at": "2019-08-30 15:00",
        "answer": "已列入年度修缮计划，9月完成。",
        "told_at": "2019-08-31 09:00",
        "solved": "是",
        "feedback_at": "2019-09-20 10:00",
    },
}

_LISTS = "lists"
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")


def ledger_template(*, scope: Scope, kind: str) -> bytes:
    if not permissions.can_import(scope):
        raise NotPermitted()
    columns = COLUMNS[Kind(kind)]
    stations = list(
        station_selectors.station_queryset(scope).filter(is_active=True).order_by("name").values_list("name", flat=True)
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append([c.header for c in columns])
    example = dict(EXAMPLES[kind], station=stations[0] if stations else "")
    lists = workbook.create_sheet(_LISTS)
    lists.sheet_state = "hidden"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = _REQUIRED
        if column.note:
            cell.comment = Comment(column.note, "renda")
        sheet.column_dimensions[cell.column_letter].width = 18
        words = list(column.choices) or (stations if column.field == "station" else [])
        if not words:
            continue
        for row, word in enumerate(words, start=1):
            lists.cell(row=row, column=index, value=word)
        letter = lists.cell(row=1, column=index).column_letter
        validation = DataValidation(type="list", formula1=f"={_LISTS}!${letter}$1:${letter}${len(words)}", allow_blank=True)
        validation.error = "请从下拉列表中选择"
        sheet.add_data_validation(validation)
        validation.add(f"{cell.column_letter}2:{cell.column_letter}5001")
    notes = workbook.create_sheet("说明")
    notes.append(["列", "必填", "说明"])
    for column in columns:
        notes.append([column.header, "是" if column.required else "", column.note])
    notes.append([])
    notes.append(["时间写作 2019-08-15 09:30；不得晚于导入之时，且每一步不得早于上一步。一行示例："])
    notes.append([c.header for c in columns])
    notes.append([example.get(c.field, "") for c in columns])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
