"""Open data of the meetings workflow (renda/core/opendata.py): the published meetings with their attendance counts,
and their decisions with the results of their published polls — what the public meeting page shows (counts
only: never who voted how, nor who attended)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.opendata import Value, dataset

from . import selectors
from .lifecycles import POLL
from .models import AgendaItem, Meeting
from .results import poll_result

PUBLISHED_POLLS = sorted(POLL.group("published"))


def _meetings(year: int | None) -> QuerySet[Meeting]:
    qs = selectors.meeting_public_list().select_related("term").annotate(n_items=Count("items")).order_by("start_date", "pk")
    return qs.filter(start_date__year=year) if year else qs


def _years() -> list[int]:
    return sorted({d.year for d in selectors.meeting_public_list().values_list("start_date", flat=True)})


def _meeting_rows(batch: Sequence[Any]) -> list[dict[str, Value]]:
    rows: list[dict[str, Value]] = []
    for m in batch:
        board = selectors.attendance_board(meeting=m)
        rows.append({
            "title": m.title, "body": m.body.name, "body_kind": m.body.get_kind_display(), "sitting": m.number,
            "start_date": m.start_date, "end_date": m.end_date, "venue": m.venue, "members": board["base"],
            "present": board["present"], "on_leave": board["leave"], "quorum": board["has_quorum"],
            "agenda_items": m.n_items, "published_on": m.published_at.date() if m.published_at else None,
            "url": reverse("meetings:public_detail", args=[m.pk]),
        })  # fmt: skip
    return rows


def _decisions(year: int | None) -> list[dict[str, Value]]:
    """One row per option voted on in a published poll, and per decision without one, of the agenda items of
    published meetings (a few dozen a year: computed whole, so that the API pages through rows)."""
    items = (
        AgendaItem.objects.filter(meeting__in=_meetings(year).values("pk"))
        .filter(Q(decision__isnull=False) | Q(polls__state__in=PUBLISHED_POLLS))
        .distinct()
        .select_related("meeting", "decision")
        .order_by("meeting__start_date", "meeting_id", "order")
    )
    rows: list[dict[str, Value]] = []
    for item in items:
        decision = getattr(item, "decision", None)
        base: dict[str, Value] = {
            "meeting": item.meeting.title, "date": item.meeting.start_date, "order": item.order,
            "item": item.title, "item_kind": item.get_kind_display(), "decision": decision.text if decision else None,
        }  # fmt: skip
        polls = list(item.polls.filter(state__in=PUBLISHED_POLLS).prefetch_related("options").order_by("pk"))
        if not polls:
            rows.append({**base, "poll": None, "option": None})
        for poll in polls:
            result = poll_result(poll)
            for option in result.options:
                rows.append({
                    **base, "poll": poll.title, "method": poll.get_method_display(), "base": result.base,
                    "required": result.required, "cast": result.cast, "option": option.text,
                    "votes_for": option.counts.get("Y", option.counts.get("S")), "against": option.counts.get("N"),
                    "abstain": option.counts.get("A"), "passed": option.passed,
                })  # fmt: skip
    return rows


DATASETS = [
    dataset(
        "meetings", _("Published meetings"), records=_meetings, rows=_meeting_rows, years=_years,
        description=_("Congress sessions and meetings of the standing committee, directors and presidiums that have been published, with their attendance counted against the full membership."),
        columns="""
        title        | 会议名称     |      | the meeting
        body         | 机构         |      | the body that met
        body_kind    | 机构类别     |      | congress, standing committee, directors' meeting, presidium…
        sitting      | 次           | int  | sitting number within the term
        start_date   | 开始日期     | date | first day
        end_date     | 结束日期     | date | last day
        venue        | 地点         |      | venue
        members      | 应出席       | int  | the body's full membership on the day
        present      | 出席         | int  | members present
        on_leave     | 请假         | int  | members on leave of absence
        quorum       | 达到法定人数 | bool | whether the members present made the quorum
        agenda_items | 议题数       | int  | items on the agenda
        published_on | 公开日期     | date | date published
        url          | 网址         |      | its public page
        """,
    ),
    dataset(
        "meeting-decisions", _("Decisions and vote results of published meetings"), records=_decisions, years=_years,
        description=_("Every agenda item of a published meeting with a decision or a published vote: the decision's text and, per option voted on, the counts and whether it passed."),
        columns="""
        meeting   | 会议名称     |      | the meeting
        date      | 日期         | date | the meeting's first day
        order     | 议题序号     | int  | the item's place on the agenda
        item      | 议题         |      | the agenda item
        item_kind | 议题类别     |      | hear and review, examine and approve, decision, ballot…
        decision  | 决定         |      | the text of the decision made
        poll      | 表决事项     |      | the vote
        method    | 表决方式     |      | for/against/abstain, pick N, rank, satisfaction
        base      | 计票基数     | int  | the number the threshold counts against (the full membership, or those present)
        required  | 通过所需票数 | int  | votes needed to pass
        cast      | 投票数       | int  | ballots cast
        option    | 选项         |      | the motion or candidate voted on
        votes_for | 赞成         | int  | votes for (or picks, or satisfied votes)
        against   | 反对         | int  | votes against
        abstain   | 弃权         | int  | abstentions
        passed    | 通过         | bool | whether it passed
        """,
    ),
]
