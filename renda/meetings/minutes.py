"""Minutes of a meeting as a Word document: attendance, agenda items, poll results and decisions."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document as WordDocument

from .lifecycles import POLL
from .models import Attendance, Meeting
from .results import poll_result
from .selectors import agenda, attendance, attendance_board


def minutes_docx(meeting: Meeting) -> bytes:
    doc = WordDocument()
    doc.add_heading(f"{meeting.title}{_('minutes')}", level=1)
    when = (
        meeting.start_date.isoformat() if meeting.start_date == meeting.end_date else f"{meeting.start_date} – {meeting.end_date}"
    )
    doc.add_paragraph(f"{_('Date')}: {when}    {_('Venue')}: {meeting.venue}")
    board = attendance_board(meeting=meeting)
    doc.add_heading(_("Attendance"), level=2)
    doc.add_paragraph(
        _("Full membership %(base)d, present %(present)d, on leave %(leave)d, absent %(absent)d; quorum %(quorum)d: %(ok)s.")
        % {**board, "absent": board["absent"] + board["invited"], "ok": _("reached") if board["has_quorum"] else _("not reached")}
    )
    rows = list(attendance(meeting=meeting))
    for role, label in Attendance.Role.choices:
        names = [
            a.person.name + (f"（{a.capacity}）" if a.capacity else "")
            for a in rows
            if a.role == role and a.status == Attendance.Status.PRESENT
        ]
        if names:
            doc.add_paragraph(f"{label}: {'、'.join(names)}")
    leave = [f"{a.person.name}（{a.leave_reason}）" for a in rows if a.status == Attendance.Status.LEAVE]
    if leave:
        doc.add_paragraph(f"{_('On leave')}: {'、'.join(leave)}")
    doc.add_heading(_("Agenda"), level=2)
    polls = list(meeting.polls.prefetch_related("options").order_by("pk"))
    for item in agenda(meeting=meeting):
        doc.add_paragraph(
            f"{item.order}. {item.title}" + (f"（{_('reported by')} {item.reporting_unit.name}）" if item.reporting_unit else "")
        )
        for poll in [p for p in polls if p.item_id == item.pk and POLL.in_group(p, "voting_over")]:
            result = poll_result(poll)
            for option in result.options:
                counts = "，".join(f"{k} {v}" for k, v in option.counts.items())
                doc.add_paragraph(
                    f"{poll.title} · {option.text}: {counts}; {_('base')} {result.base_label} {result.base}, "
                    f"{_('required')} {result.required} — {_('adopted') if option.passed else _('not adopted')}",
                    style="List Bullet",
                )
        decision = getattr(item, "decision", None)
        if decision is not None:
            doc.add_paragraph(f"{_('Decision')}: {decision.text}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
