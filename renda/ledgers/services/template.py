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
from renda.meetings import permissions as meeting_permissions
from renda.org.models import Body
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors

from .. import permissions
from ..formats import COLUMNS, FIRST_SHEETS, FURTHER_SHEETS, MEETING_KINDS, Column
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
    Kind.MEETINGS: {
        "key": "HY-2019-001",
        "kind": "常委会会议",
        "number": "25",
        "start_at": "2019-08-28 09:00",
        "end_at": "2019-08-28 11:30",
        "venue": "区人大常委会会议室",
        "notified_at": "2019-08-21 10:00",
    },
}
#: one example row of each further sheet of the meetings ledger
SHEET_EXAMPLES: dict[str, list[dict[str, str]]] = {
    "attendance": [{
        "meeting": "HY-2019-001",
        "name": "张三",
        "status": "出席",
        "signed_in_at": "2019-08-28 08:50",
    }],
    "agenda": [{
        "meeting": "HY-2019-001",
        "order": "1",
        "item_kind": "听取和审议报告",
        "item_title": "听取和审议区人民政府关于上半年国民经济和社会发展计划执行情况的报告",
        "vote": "",
    }],
    "steps": [  # a suggestion's later steps: not satisfied, answered again, satisfied
        {"key": "JY-2019-001", "step": "代表反馈", "at": "2019-06-01 10:00", "process_rating": "不满意", "text": "进度太慢"},
        {"key": "JY-2019-001", "step": "答复", "at": "2019-06-25 15:00", "outcome": "A", "text": "已加快进度，八月底前完成。"},
        {"key": "JY-2019-001", "step": "代表反馈", "at": "2019-07-01 10:00", "process_rating": "满意"},
    ],
}

_LISTS = "lists"
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")


def _bodies(scope: Scope) -> list[str]:
    """The bodies whose sittings the importer runs (the meetings ledger's dropdown)."""
    bodies = Body.objects.filter(kind__in=MEETING_KINDS.values()).select_related("region").order_by("name")
    if not scope.everything:
        bodies = bodies.filter(region_id__in=scope.region_ids)
    return [b.name for b in bodies if meeting_permissions.can_create_meeting_for(scope, b)]


def _fill(sheet: Worksheet, lists: Worksheet, first_list: int, columns: list[Column], named: dict[str, list[str]]) -> int:
    """Headers (required ones marked, notes as comments) and dropdowns; the dropdowns' words go into the hidden
    lists sheet, column `first_list` + the column's index (the first sheet: the same letter). Returns the next
    free column there."""
    sheet.append([c.header for c in columns])
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
        at = first_list + index - 1
        for row, word in enumerate(words, start=1):
            lists.cell(row=row, column=at, value=word)
        letter = lists.cell(row=1, column=at).column_letter
        validation = DataValidation(type="list", formula1=f"={_LISTS}!${letter}$1:${letter}${len(words)}", allow_blank=True)
        validation.error = "请从下拉列表中选择"
        sheet.add_data_validation(validation)
        validation.add(f"{cell.column_letter}2:{cell.column_letter}5001")
    sheet.freeze_panes = "A2"
    return first_list + len(columns)


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
    meeting_bodies = _bodies(scope) if kind == Kind.MEETINGS else []
    named = {"station": stations, "congress": congresses, "body": meeting_bodies}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = FIRST_SHEETS.get(Kind(kind), "台账")
    example = dict(
        EXAMPLES[kind],
        station=stations[0] if stations else "",
        congress=congresses[0] if congresses else "",
        body=meeting_bodies[0] if meeting_bodies else "",
    )
    lists = workbook.create_sheet(_LISTS)
    lists.sheet_state = "hidden"
    next_list = _fill(sheet, lists, 1, columns, named)
    further = FURTHER_SHEETS.get(kind, {})
    for title, sheet_columns in further.values():
        next_list = _fill(
            workbook.create_sheet(title, index=len(workbook.sheetnames) - 1), lists, next_list, sheet_columns, named
        )
    notes = workbook.create_sheet("说明")
    notes.append(["表", "列", "必填", "说明"])
    for title, sheet_columns in [(sheet.title, columns), *further.values()]:
        for column in sheet_columns:
            notes.append([title, column.header, "是" if column.required else "", column.note])
    notes.append([])
    notes.append(["时间写作 2019-08-15 09:30；不得晚于导入之时，且每一步不得早于上一步。示例："])
    notes.append([sheet.title, *[c.header for c in columns]])
    notes.append(["", *[example.get(c.field, "") for c in columns]])
    for field_name, (title, sheet_columns) in further.items():
        notes.append([title, *[c.header for c in sheet_columns]])
        for example_row in SHEET_EXAMPLES[field_name]:
            notes.append(["", *[example_row.get(c.field, "") for c in sheet_columns]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The suggestions ledger's second sheet (办理过程): later rounds of the example, one row per step in order (notes).


