"""Word documents: the answer letter (答复函) and the annual handling report.

Like the column headers of Excel files, the wording of these documents is part of an official Chinese
document format and stays Chinese. Fonts are data (rule `suggestions.letter_fonts`): every run gets both a
Latin font and an East Asian one (`w:eastAsia`), so Word and LibreOffice render Chinese in the intended face.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from renda.core.word import set_font

from . import rules as srules

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fonts(region) -> dict[str, str]:
    return dict(srules.rule(srules.LETTER_FONTS, region))


def _document(fonts: dict[str, str]) -> DocxDocument:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = fonts["body"]
    style.font.size = Pt(16)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), fonts["body"])
    return doc


def _para(doc, text: str, font: str, size: float, *, bold=False, align=None, indent=True):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent and align is None:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def answer_letter(
    *,
    suggestion,
    unit,
    outcome_label: str,
    text: str,
    reason: str,
    answered_on: datetime.date,
    cosigner_names: list[str],
    follow_up_on: datetime.date | None,
    kind_label: str,
) -> bytes:
    """The answer letter, signed with the unit head's name, as .docx bytes."""
    fonts = _fonts(suggestion.region)
    doc = _document(fonts)
    _para(doc, unit.name, fonts["title"], 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = f"关于对{suggestion.congress.name}代表{suggestion.author_person.name}提出的第{suggestion.number}号建议的{kind_label}"
    _para(doc, title, fonts["title"], 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{suggestion.author_person.name}代表：", fonts["body"], 16, indent=False)
    _para(doc, f"您提出的《{suggestion.title}》的建议收悉。现答复如下：", fonts["body"], 16)
    for line in [line.strip() for line in text.splitlines() if line.strip()]:
        _para(doc, line, fonts["body"], 16)
    _para(doc, f"办理结果：{outcome_label}。", fonts["body"], 16)
    if reason:
        _para(doc, f"原因说明：{reason}", fonts["body"], 16)
    if follow_up_on:
        _para(doc, f"我单位将于{_cn_date(follow_up_on)}前再次书面答复办理进展。", fonts["body"], 16)
    _para(doc, "感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。", fonts["body"], 16)
    _para(doc, unit.name, fonts["body"], 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    head = f"{unit.head_title or '负责人'}：{unit.head_name}" if unit.head_name else ""
    if head:
        _para(doc, head, fonts["body"], 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _cn_date(answered_on), fonts["body"], 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if cosigner_names:
        _para(doc, "抄送：" + "、".join(f"{n}代表" for n in cosigner_names), fonts["body"], 14, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc, headers: list[str], rows: list[list], font: str) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(str(header)), font, 10.5, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(str(value)), font, 10.5)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def annual_report(
    *,
    region,
    title: str,
    year: int,
    totals: dict,
    units: list[dict],
    outcomes: list[tuple[str, str, int]],
    commended: list[str],
    criticised: list[str],
    key_rows: list[list[str]],
    meetings: Sequence[tuple[str, int]] = (),
) -> bytes:
    fonts = _fonts(region)
    doc = _document(fonts)
    _para(doc, title, fonts["title"], 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        doc,
        f"{year}年共收到代表建议{totals['submitted']}件，立案交办{totals['assigned']}件，不予立案{totals['not_accepted']}件，"
        f"并案处理{totals['merged']}件。已答复{totals['answered']}件，其中按期答复{totals['on_time']}件；"
        f"代表反馈满意{totals['satisfied']}件、基本满意{totals['basic']}件、不满意{totals['not']}件，"
        f"满意和基本满意率{_pct(totals['satisfaction_rate'])}；重新办理{totals['rehandled']}件；"
        f"逾期未答复{totals['overdue']}件；重点建议{totals['key']}件。",
        fonts["body"],
        16,
    )
    if meetings:
        _para(doc, "其中会议期间提出：" + "；".join(f"{title}{n}件" for title, n in meetings) + "。", fonts["body"], 16)
    _para(doc, "一、各承办单位办理情况", fonts["title"], 16, bold=True, indent=False)
    _table(
        doc,
        [
            "承办单位",
            "主办件数",
            "已答复",
            "按期答复",
            "按期率",
            "满意",
            "基本满意",
            "不满意",
            "满意率",
            "重新办理",
            "逾期未答复",
        ],
        [
            [
                u["unit"],
                u["total"],
                u["answered"],
                u["on_time"],
                _pct(u["on_time_rate"]),
                u["satisfied"],
                u["basic"],
                u["not"],
                _pct(u["satisfaction_rate"]),
                u["rehandled"],
                u["overdue"],
            ]
            for u in units
        ],
        fonts["body"],
    )
    _para(doc, "二、答复类别", fonts["title"], 16, bold=True, indent=False)
    _table(doc, ["类别", "说明", "件数"], [[c, label, n] for c, label, n in outcomes], fonts["body"])
    _para(doc, "三、重点建议", fonts["title"], 16, bold=True, indent=False)
    _table(doc, ["编号", "标题", "领办领导", "督办", "状态"], key_rows, fonts["body"])
    _para(doc, "四、表扬和批评", fonts["title"], 16, bold=True, indent=False)
    _para(doc, "予以表扬的承办单位：" + ("、".join(commended) or "无"), fonts["body"], 16)
    _para(doc, "予以通报批评的承办单位：" + ("、".join(criticised) or "无"), fonts["body"], 16)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
