"""The yearly report card of a deputy's archive as a Word document and a PDF.

Like the column headers of Excel files and the suggestions' answer letters, the wording of the card is part of an
official Chinese document and stays Chinese whatever the page language: the labels below are the card's own,
the entries' titles and details are the records' own words, and the rest is rendered under
`translation.override("zh-hans")`. Fonts are data (rule `archive.card_fonts`): every run gets a Latin and an East
Asian font (`w:eastAsia`). The PDF is the same card as HTML (`archive/card_print.html`) set by WeasyPrint.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from renda.core.word import set_font

from . import rules as arules
from .scoring import GRADES_ZH
from .selectors import Archive

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"

#: the card's names of the archive's kinds of entry (a kind it does not know is "其他履职活动")
KINDS_ZH = {
    "session_present": "出席人民代表大会会议",
    "session_leave": "请假未出席人民代表大会会议",
    "session_absent": "未经批准缺席人民代表大会会议",
    "meeting_present": "出席或列席会议",
    "meeting_leave": "请假未出席会议",
    "meeting_absent": "未经批准缺席会议",
    "poll_voted": "参加表决",
    "station_signin": "进站履职",
    "station_missed": "排班未到站",
    "opinion_registered": "收集选民意见建议",
    "suggestion_led": "领衔提出建议",
    "suggestion_cosigned": "联名提出建议",
    "project_inspection": "视察民生实事项目",
    "project_suggestion": "对民生实事项目提出意见",
    "supervision": "参加视察、调研、执法检查等监督活动",
    "group_activity": "参加代表小组活动",
    "training": "参加代表培训",
    "training_absent": "无故缺席代表培训",
    "voter_report": "向选民述职",
    "contact": "向联系的常委会组成人员反映意见",
    "self_reported": "自行申报并经确认的履职活动",
}
OTHER_ZH = "其他履职活动"


def kind_zh(kind: str) -> str:
    return KINDS_ZH.get(kind, OTHER_ZH)


def _cn_date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def context(archive: Archive) -> dict[str, Any]:
    """What the card shows, in the card's words."""
    d = archive.deputy
    facts = [
        ("姓名", d.person.name),
        ("所属人大", d.congress.name),
        ("届次", d.term.ordinal),
        ("选区", d.electoral_district.name),
        ("代表小组", d.group.name if d.group is not None else "—"),
        ("年度", f"{archive.year}年"),
        ("履职积分", f"{archive.score}分（满分{archive.scheme.maximum}分）"),
        ("评定等次", GRADES_ZH.get(archive.grade, "")),
        ("评分规则", f"{archive.scheme.version}版" if archive.scheme.row is not None else "默认规则"),
    ]
    kinds = [(kind_zh(k.kind), k.count, k.points) for k in archive.kinds]
    lines = [
        (_cn_date(line.entry.date), kind_zh(line.entry.kind), line.entry.title, line.entry.detail, line.points)
        for line in archive.lines
    ]
    return {
        "title": f"{d.congress.name}代表履职档案",
        "subtitle": f"{archive.year}年度 · {d.person.name}",
        "facts": facts,
        "kinds": kinds,
        "lines": lines,
        "bands": f"{archive.scheme.good_from}分以上为优秀，{archive.scheme.fair_from}分至{archive.scheme.good_from - 1}分为合格，"
        f"{archive.scheme.fair_from}分以下为较差。",
        "fonts": dict(arules.value(arules.CARD_FONTS, d.congress.region)),
        "note": "本档案根据会议签到、联络站签到、建议办理、代表小组活动、培训、述职等工作记录自动汇集，不另行填报。",
    }


def _table(doc: Any, headers: list[str], rows: list[tuple[Any, ...]], font: str) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        set_font(cell.paragraphs[0].add_run(header), font, 10.5, bold=True)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            set_font(cell.paragraphs[0].add_run(str(value)), font, 10.5)


def docx_bytes(archive: Archive) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    with translation.override("zh-hans"):
        data = context(archive)
    fonts = data["fonts"]
    doc = Document()
    for text, size in ((data["title"], 20), (data["subtitle"], 14)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(text), fonts["title"], size, bold=True)
    _table(doc, ["项目", "内容"], data["facts"], fonts["body"])
    paragraph = doc.add_paragraph()
    set_font(paragraph.add_run("履职情况汇总"), fonts["title"], 14, bold=True)
    _table(doc, ["类别", "次数", "积分"], data["kinds"] or [("—", 0, 0)], fonts["body"])
    paragraph = doc.add_paragraph()
    set_font(paragraph.add_run("履职记录明细"), fonts["title"], 14, bold=True)
    _table(doc, ["日期", "类别", "内容", "情况", "积分"], data["lines"] or [("—", "—", "本年度暂无记录", "", 0)], fonts["body"])
    for text in (data["bands"], data["note"]):
        set_font(doc.add_paragraph().add_run(text), fonts["body"], 10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def html(archive: Archive) -> str:
    with translation.override("zh-hans"):
        return render_to_string("archive/card_print.html", context(archive))


def pdf_bytes(archive: Archive) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=html(archive)).write_pdf()
    return data
