"""Open data of the suggestions workflow (renda/core/opendata.py): the published suggestions and their answers —
exactly what the public pages show (deputies' and units' names; never a phone, an address or a letter's file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.opendata import Value, dataset

from . import selectors
from .lifecycles import COSIGNER
from .models import Answer, CoSigner, Suggestion


def _published(year: int | None) -> QuerySet[Suggestion]:
    qs = selectors.public_list().select_related("meeting").order_by("submitted_on", "pk")
    return qs.filter(submitted_on__year=year) if year else qs


def _years() -> list[int]:
    days = selectors.public_list().exclude(submitted_on=None).values_list("submitted_on", flat=True)
    return sorted({d.year for d in days if d is not None})


def _suggestions(year: int | None) -> QuerySet[Suggestion]:
    confirmed = CoSigner.objects.filter(status__in=COSIGNER.group("confirmed")).select_related("person").order_by("pk")
    return _published(year).prefetch_related(
        Prefetch("cosigners", queryset=confirmed, to_attr="confirmed"),
        Prefetch("answers", queryset=Answer.objects.order_by("round"), to_attr="answer_list"),
    )


def _suggestion_rows(batch: Sequence[Any]) -> list[dict[str, Value]]:
    rows: list[dict[str, Value]] = []
    for s in batch:
        answers = s.answer_list
        last = answers[-1] if answers else None
        rows.append({
            "number": s.number, "title": s.title, "category": s.category, "congress": s.congress.name,
            "period": s.get_period_display(), "meeting": s.meeting.title if s.meeting_id else s.meeting_name,
            "deputy": s.author_person.name, "cosigners": "、".join(c.person.name for c in s.confirmed),
            "submitted_on": s.submitted_on, "lead_unit": s.lead_unit.name if s.lead_unit else None, "text": s.text,
            "answers": len(answers), "answered_on": answers[0].answered_on if answers else None,
            "outcome": last.outcome if last else None, "published_on": s.published_on,
            "url": reverse("suggestions:public_detail", args=[s.pk]),
        })  # fmt: skip
    return rows


def _answers(year: int | None) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(suggestion__in=_published(year).values("pk"))
        .select_related("suggestion", "unit")
        .order_by("suggestion__submitted_on", "suggestion_id", "round")
    )


def _answer_rows(batch: Sequence[Any]) -> list[dict[str, Value]]:
    return [
        {"number": a.suggestion.number, "title": a.suggestion.title, "round": a.round, "kind": a.get_kind_display(),
         "unit": a.unit.name, "outcome": a.outcome, "answered_on": a.answered_on, "due_on": a.due_on,
         "on_time": a.answered_on <= a.due_on, "text": a.text}
        for a in batch
    ]  # fmt: skip


DATASETS = [
    dataset(
        "suggestions", _("Deputies' suggestions (published)"), records=_suggestions, rows=_suggestion_rows, years=_years,
        description=_("Every suggestion the office has published, with its deputy and co-signers, the lead unit and its answers' summary."),
        columns="""
        number       | 编号         |      | the suggestion's number
        title        | 标题         |      | title
        category     | 类别         |      | category
        congress     | 人大         |      | the congress it was made to
        period       | 提出时间     |      | during a congress session or in recess
        meeting      | 会议         |      | the congress session it was made at
        deputy       | 领衔代表     |      | the deputy who made it
        cosigners    | 附议代表     |      | deputies who co-signed it
        submitted_on | 提交日期     | date | date submitted
        lead_unit    | 主办单位     |      | the lead handling unit
        text         | 内容         |      | the suggestion's text
        answers      | 答复次数     | int  | answers given so far
        answered_on  | 首次答复日期 | date | date of the first answer
        outcome      | 答复类别     |      | the latest answer's outcome (A solved or adopted, B planned, C cannot be solved now)
        published_on | 公开日期     | date | date published
        url          | 网址         |      | its public page
        """,
    ),
    dataset(
        "suggestion-answers", _("Answers to published suggestions"), records=_answers, rows=_answer_rows, years=_years,
        description=_("Every answer a unit gave to a published suggestion: its round, outcome, dates and text."),
        columns="""
        number      | 建议编号   |      | the suggestion's number
        title       | 建议标题   |      | the suggestion's title
        round       | 答复轮次   | int  | 1 for the first answer, then re-handled and follow-up answers
        kind        | 答复类型   |      | answer, re-handled answer or follow-up answer
        unit        | 答复单位   |      | the unit that answered
        outcome     | 答复类别   |      | A solved or adopted, B planned, C cannot be solved now
        answered_on | 答复日期   | date | date answered
        due_on      | 应答复日期 | date | date due
        on_time     | 按时答复   | bool | answered by the date due
        text        | 答复内容   |      | the answer's text
        """,
    ),
]
