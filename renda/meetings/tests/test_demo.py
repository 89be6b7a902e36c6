"""The demo's 2017 meetings: the seed's figures counted from records."""

import datetime

import pytest

from renda.meetings.demo import MIDYEAR_AGENDA
from renda.meetings.models import Decision, Meeting, Poll, ReviewOpinion
from renda.meetings.results import poll_result
from renda.org.models import Body

pytestmark = pytest.mark.django_db


def test_seed_meeting_figures(world):
    h1 = Meeting.objects.filter(start_date__year=2017, start_date__lte=datetime.date(2017, 6, 30))
    assert h1.filter(body__kind=Body.Kind.STANDING_COMMITTEE).count() == 4
    assert h1.filter(body__kind=Body.Kind.DIRECTORS_MEETING).count() == 6
    reports = h1.filter(body__kind=Body.Kind.STANDING_COMMITTEE, items__kind="hear_report").values_list("items__title", flat=True)
    assert len(reports) == 6
    for words in [
        "环境状况和环境保护目标完成情况",
        "学前教育",
        "农民建房确权发证",
        "半年度全区经济社会发展",
        "剿灭劣V类水",
        "未成年人刑事检察",
    ]:
        assert any(words in r for r in reports), words
    midyear = Meeting.objects.filter(start_date=datetime.date(2017, 8, 14), body__kind=Body.Kind.CONGRESS)
    assert midyear.count() == 5
    # one agenda rolled out to every town (a town may add business of its own after it: 王江泾镇's bill)
    rolled_out = {tuple(m.items.order_by("order").values_list("kind", "title")[: len(MIDYEAR_AGENDA)]) for m in midyear}
    assert len(rolled_out) == 1
    assert midyear.get(region__name="王江泾镇").title == "王江泾镇第十届人民代表大会第二次会议"
    assert Meeting.objects.get(body__kind=Body.Kind.STANDING_COMMITTEE, number=2).title == "秀洲区九届人大常委会第二次会议"


def test_dredging_decision_passed_by_named_vote(world):
    decision = Decision.objects.select_related("poll").get(text__contains="清淤")
    result = poll_result(decision.poll)
    assert decision.poll.kind == Poll.Kind.NAMED
    assert result.base == 27
    assert result.motion.passed
    assert ReviewOpinion.objects.filter(state="closed").count() == 1
