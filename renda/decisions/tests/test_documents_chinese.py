"""Generated documents of the sessions pillar read in Chinese only (issue #14): the minutes of every meeting in the
demo (a congress session, a preparatory meeting, the standing committee, the directors' meeting, committees), the
appointment letters and the numbered decisions — written while the reader's interface is in English, so nothing in
them may depend on the interface language. A Latin word anywhere in their text fails the test."""

from __future__ import annotations

import io
import re

from django.utils import translation
from docx import Document as WordDocument

from renda.decisions import services
from renda.decisions.lifecycles import MATTER
from renda.decisions.models import Matter, Nomination
from renda.meetings.minutes import minutes_docx
from renda.meetings.models import Meeting

LATIN = re.compile(r"[A-Za-z]{2,}")  # a word, not a class numeral (劣V类 is how the office writes it)


def _text(data: bytes) -> str:
    doc = WordDocument(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _english(data: bytes) -> list[str]:
    return LATIN.findall(_text(data))


def test_every_generated_document_reads_in_chinese_only(world):
    documents: dict[str, bytes] = {}
    with translation.override("en"):
        # one meeting of every kind of body and sort (with polls, decisions, leave where the demo has them)
        seen = set()
        for meeting in Meeting.objects.select_related("body", "term", "region").order_by("pk"):
            key = (meeting.body.kind, meeting.preparatory_for_id is not None, meeting.polls.exists())
            if key not in seen:
                seen.add(key)
                documents[f"minutes {meeting.title}"] = minutes_docx(meeting)
        for nomination in Nomination.objects.filter(state=Nomination.State.APPOINTED, action=Nomination.Action.APPOINT):
            documents[f"letter {nomination.name}"] = services.appointment_letter_docx(nomination)
        for matter in Matter.objects.all():
            if MATTER.in_group(matter, "decided"):
                documents[f"decision {matter.pk}"] = services.decision_docx(matter)
    assert any(k.startswith("minutes") for k in documents) and any(k.startswith("letter") for k in documents)
    assert any(k.startswith("decision") for k in documents)
    english = {name: found for name, data in documents.items() if (found := _english(data))}
    assert not english, f"English in generated documents: {english}"
    minutes = _text(next(v for k, v in documents.items() if k.startswith("minutes")))
    assert "出席情况" in minutes and "议程" in minutes


def test_the_minutes_say_deputies_at_a_session_and_members_on_the_standing_committee(world):
    session = Meeting.objects.filter(body__kind="congress", preparatory_for__isnull=True, polls__isnull=False).first()
    standing = Meeting.objects.filter(body__kind="standing_committee", polls__isnull=False).first()
    with translation.override("en"):
        session_text, standing_text = _text(minutes_docx(session)), _text(minutes_docx(standing))
    assert "全体代表" in session_text and "全体组成人员" not in session_text
    assert "全体组成人员" in standing_text
