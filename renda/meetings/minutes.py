"""Minutes of a meeting as a Word document (会议纪要): attendance, agenda items, poll results and decisions.

A record the office files and hands on: in Chinese whatever the reader's language (its fixed words are written
here in the office's words; the body's own words, 代表 or 委员, come from `wording` under zh-hans), with a Chinese
font for every run (`w:eastAsia`)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from docx import Document as WordDocument
from docx.oxml.ns import qn

from .lifecycles import POLL
from .models import Attendance, Meeting
from .results import poll_result
from .selectors import agenda, attendance, attendance_board
from .wording import words

#: a ballot's values as the minutes say them
VALUE_WORDS = {
    "Y": "赞成",
    "N": "反对",
    "A": "弃权",
    "S": "满意",
    "B": "基本满意",
    "U": "不满意",
    "ticks": "得票",
    "ranked": "得票",
}


def set_east_asian_font(doc: Any, face: str = "宋体") -> None:
    """`face` for the document's text, Chinese characters included (w:eastAsia)."""
    style = doc.styles["Normal"]
    style.font.name = face
    style.element.rPr.rFonts.set(qn("w:eastAsia"), face)


def _day(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _counts(counts: dict[str, int]) -> str:
    return "，".join(f"{VALUE_WORDS.get(k, '第' + k + '位' if k.isdigit() else '票数')}{v}票" for k, v in counts.items())


def minutes_docx(meeting: Meeting) -> bytes:
    with translation.override("zh-hans"):
        return _minutes(meeting)


def _minutes(meeting: Meeting) -> bytes:
    w = words(meeting.body)
    doc = WordDocument()
    set_east_asian_font(doc)
    doc.add_heading(f"{meeting.title}纪要", level=1)
    when = (
        _day(meeting.start_date)
        if meeting.start_date == meeting.end_date
        else f"{_day(meeting.start_date)}至{_day(meeting.end_date)}"
    )
    doc.add_paragraph(f"时间：{when}　　地点：{meeting.venue or '—'}")
    board = attendance_board(meeting=meeting)
    doc.add_heading("出席情况", level=2)
    absent = board["absent"] + board["invited"]
    doc.add_paragraph(
        f"{w.all_members}{board['base']}人，{w.present}{board['present']}人，请假{board['leave']}人，缺席{absent}人；"
        f"法定人数{board['quorum']}人，{'已达到' if board['has_quorum'] else '未达到'}。"
    )
    rows = list(attendance(meeting=meeting))
    for role in (Attendance.Role.MEMBER, Attendance.Role.NON_VOTING):
        names = [
            a.person.name + (f"（{a.capacity}）" if a.capacity else "")
            for a in rows
            if a.role == role and a.status == Attendance.Status.PRESENT
        ]
        if names:
            label = f"出席{w.member}" if role == Attendance.Role.MEMBER else "列席人员"
            doc.add_paragraph(f"{label}：{'、'.join(names)}")
    leave = [
        f"{a.person.name}（{a.leave_reason}）" if a.leave_reason else a.person.name
        for a in rows
        if a.status == Attendance.Status.LEAVE
    ]
    if leave:
        doc.add_paragraph(f"请假：{'、'.join(leave)}")
    doc.add_heading("议程", level=2)
    polls = list(meeting.polls.prefetch_related("options").order_by("pk"))
    for item in agenda(meeting=meeting):
        doc.add_paragraph(f"{item.order}. {item.title}" + (f"（{item.reporting_unit.name}报告）" if item.reporting_unit else ""))
        for poll in [p for p in polls if p.item_id == item.pk and POLL.in_group(p, "voting_over")]:
            result = poll_result(poll)
            for option in result.options:
                doc.add_paragraph(
                    f"{poll.title}·{option.text}：{_counts(option.counts)}；以{result.base_label}{result.base}人计，"
                    f"须{result.required}票——{'通过' if option.passed else '未通过'}",
                    style="List Bullet",
                )
            for written in result.write_ins:
                doc.add_paragraph(
                    f"{poll.title}·另选他人{written.name}：{written.votes}票——{'当选' if written.passed else '未当选'}",
                    style="List Bullet",
                )
        decision = getattr(item, "decision", None)
        if decision is not None:
            doc.add_paragraph(f"决定：{decision.text}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
