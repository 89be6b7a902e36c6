"""The Excel templates of the ledgers: the Chinese headers (required ones marked), one example row, dropdowns for
the columns with fixed words and for the importer's stations, and a sheet of notes for every column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from renda.core.errors import NotPermitted
from renda.org.models import Body
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors

from .. import permissions
from ..formats import COLUMNS, DETAILS
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
    Kind.SUGGESTIONS: {
        "key": "JY-2019-001",
        "period": "闭会期间",
        "author": "张三",
        "cosigners": "李四",
        "cosigned_at": "2019-03-03 09:00",
        "title": "关于加快农村道路提档升级的建议",
        "category": "城乡建设",
        "text": "部分村主干道路面破损严重，建议列入年度计划加快提档升级。",
        "submitted_at": "2019-03-02 10:00",
        "reviewed_at": "2019-03-10 09:00",
        "assigned_at": "2019-03-15 09:00",
        "lead_unit": "区住房和城乡建设局",
        "unit_accepted_at": "2019-03-18 09:00",
        "answered_at": "2019-05-20 15:00",
        "outcome": "A",
        "answer": "已列入年度道路提档升级计划，9月底前完成。",
        "feedback_at": "2019-06-01 10:00",
        "process_rating": "满意",
        "result_rating": "满意",
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
    bodies = Body.objects.filter(kind=Body.Kind.CONGRESS)
    if not scope.everything:
        bodies = bodies.filter(region_id__in=scope.region_ids)
    congresses = list(bodies.order_by("name").values_list("name", flat=True))
    named = {"station": stations, "congress": congresses}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append([c.header for c in columns])
    example = dict(EXAMPLES[kind], station=stations[0] if stations else "", congress=congresses[0] if congresses else "")
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
        words = list(column.choices) or named.get(column.field, [])
        if not words:
            continue
        for row, word in enumerate(words, start=1):
            lists.cell(row=row, column=index, value=word)
        letter = lists.cell(row=1, column=index).column_letter
        validation = DataValidation(type="list", formula1=f"={_LISTS}!${letter}$1:${letter}${len(words)}", allow_blank=True)
        validation.error = "请从下拉列表中选择"
        sheet.add_data_validation(validation)
        validation.add(f"{cell.column_letter}2:{cell.column_letter}5001")
    if kind in DETAILS:
        _detail_sheet(workbook, lists, kind, offset=len(columns))
    notes = workbook.create_sheet("说明")
    notes.append(["列", "必填", "说明"])
    for column in [*columns, *DETAILS.get(kind, ("", []))[1]]:
        notes.append([column.header, "是" if column.required else "", column.note])
    notes.append([])
    notes.append(["时间写作 2019-08-15 09:30；不得晚于导入之时，且每一步不得早于上一步。一行示例："])
    notes.append([c.header for c in columns])
    notes.append([example.get(c.field, "") for c in columns])
    if kind in DETAILS:
        name, step_columns = DETAILS[kind]
        notes.append([])
        notes.append([f"“{name}”表：首次交办后的每一步（退回、改办、延期、再次答复、代表再次反馈、并案、转为来信等）一步一行，按先后顺序填写。示例："])  # noqa: E501
        notes.append([c.header for c in step_columns])
        for step in STEP_EXAMPLES:
            notes.append([step.get(c.field, "") for c in step_columns])
    sheet.freeze_panes = "A2"
    workbook.move_sheet("说明", offset=len(workbook.sheetnames))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The suggestions ledger's second sheet (办理过程): later rounds of the example, one row per step in order (notes).
STEP_EXAMPLES = [
    {"key": "JY-2019-001", "step": "代表反馈", "at": "2019-06-01 10:00", "process_rating": "不满意", "text": "进度太慢"},
    {"key": "JY-2019-001", "step": "答复", "at": "2019-06-25 15:00", "outcome": "A", "text": "已加快进度，八月底前完成。"},
    {"key": "JY-2019-001", "step": "代表反馈", "at": "2019-07-01 10:00", "process_rating": "满意"},
]


def _detail_sheet(workbook: Workbook, lists: Worksheet, kind: str, *, offset: int) -> None:
    """The ledger's second sheet with its headers, notes, dropdowns and example steps (matched by 台账编号)."""
    name, columns = DETAILS[kind]
    sheet = workbook.create_sheet(name, index=1)
    sheet.append([c.header for c in columns])  # no example row to import by mistake: they are on the notes sheet
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = _REQUIRED
        if column.note:
            cell.comment = Comment(column.note, "renda")
        sheet.column_dimensions[cell.column_letter].width = 18
        if not column.choices:
            continue
        for row, word in enumerate(column.choices, start=1):
            lists.cell(row=row, column=offset + index, value=word)
        letter = lists.cell(row=1, column=offset + index).column_letter
        validation = DataValidation(
            type="list", formula1=f"={_LISTS}!${letter}$1:${letter}${len(column.choices)}", allow_blank=True
        )
        validation.error = "请从下拉列表中选择"
        sheet.add_data_validation(validation)
        validation.add(f"{cell.column_letter}2:{cell.column_letter}5001")
    sheet.freeze_panes = "A2"
