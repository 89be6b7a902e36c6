"""The activity's report as a Word document (视察报告 / 调研报告 / 执法检查报告), in Chinese only.

Like the answer letters of the suggestions app, the wording is part of an official Chinese document and stays
Chinese whatever language the page is shown in: the document is rendered under `translation.override("zh-hans")`
and its fixed words are written here. Every run gets a Latin and an East Asian font (`w:eastAsia`), from the
suggestions app's font rule, so Word and LibreOffice render the Chinese in the intended face.
"""

from __future__ import annotations

import datetime
import io

from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from renda.core.word import set_font
from renda.suggestions import rules as suggestion_rules

from .models import Activity, Participation

KIND_CN = {
    Activity.Kind.INSPECTION: "视察",
    Activity.Kind.RESEARCH: "调研",
    Activity.Kind.LAW_CHECK: "执法检查",
    Activity.Kind.UNANNOUNCED: "暗访",
    Activity.Kind.FORUM: "座谈",
}
ROLE_CN = {
    Participation.Role.LEADER: "组长",
    Participation.Role.MEMBER: "成员",
    Participation.Role.DEPUTY: "代表",
    Participation.Role.OTHER: "其他人员",
}
CN_DIGITS = "一二三四五六七八九十"


def _cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fonts(activity: Activity) -> dict[str, str]:
    return dict(suggestion_rules.rule(suggestion_rules.LETTER_FONTS, activity.region))


def report_filename(activity: Activity) -> str:
    return f"{activity.title[:40]}{KIND_CN[Activity.Kind(activity.kind)]}报告.docx"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def activity_report_docx(activity: Activity) -> bytes:
    """The adopted report with the group, the places visited, the articles checked, the findings and the opinions."""
    with translation.override("zh-hans"):
        return _report(activity)


def _report(activity: Activity) -> bytes:
    fonts = _fonts(activity)
    doc = Document()
    kind = KIND_CN[Activity.Kind(activity.kind)]

    def para(text: str, *, size: float = 16, bold: bool = False, title: bool = False, center: bool = False) -> None:
        paragraph = doc.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Pt(size * 2)
        set_font(paragraph.add_run(text), fonts["title" if title else "body"], size, bold)

    para(activity.organiser.name, size=18, bold=True, title=True, center=True)
    para(f"关于{activity.title}的{kind}报告", size=22, bold=True, title=True, center=True)
    period = (
        _cn_date(activity.start_date)
        if activity.end_date == activity.start_date
        else f"{_cn_date(activity.start_date)}至{_cn_date(activity.end_date)}"
    )
    para(f"{period}，{activity.organiser.name}组织开展{activity.title}{kind}。")
    group = list(Participation.objects.filter(activity=activity).select_related("person").order_by("role", "pk"))
    if group:
        leaders = "、".join(p.person.name for p in group if p.role == Participation.Role.LEADER)
        deputies = sum(1 for p in group if p.deputy_id)
        line = f"参加人员共{len(group)}人次，其中人大代表{deputies}人次"
        para(line + (f"，{ROLE_CN[Participation.Role.LEADER]}：{leaders}。" if leaders else "。"))
    places = list(activity.places.all())
    if places:
        para("实地察看：" + "、".join(f"{p.kind}{p.count}个" + (f"（{p.names}）" if p.names else "") for p in places) + "。")
    if activity.kind == Activity.Kind.LAW_CHECK:
        para(f"检查的法律：《{activity.law}》。", bold=True)
        for article in activity.articles.all():
            para(f"{article.number}：{article.provision}" if article.provision else article.number)
            if article.finding:
                para(f"检查情况：{article.finding}")
    para("一、基本情况", bold=True)
    for line in [x.strip() for x in activity.report_text.splitlines() if x.strip()]:
        para(line)
    findings = list(activity.findings.order_by("on", "pk"))
    problems = [f for f in findings if f.kind == "problem"]
    suggestions = [f for f in findings if f.kind == "suggestion"]
    if problems:
        para("二、存在的问题", bold=True)
        for i, f in enumerate(problems, start=1):
            para(f"{i}. {f.text}" + (f"（{f.place}）" if f.place else ""))
    if suggestions:
        para(f"{'三' if problems else '二'}、意见和建议", bold=True)
        for i, f in enumerate(suggestions, start=1):
            para(f"{i}. {f.text}")
    opinions = list(activity.opinions.select_related("unit").order_by("pk"))
    if opinions:
        para("送交单位研究处理的意见：" + "、".join(o.unit.name for o in opinions) + "。")
    para(activity.organiser.name, center=False)
    if activity.reported_on:
        para(_cn_date(activity.reported_on))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
