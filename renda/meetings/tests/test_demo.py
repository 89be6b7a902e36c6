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
    midyear = Meeting.objects.filter(
        start_date=datetime.date(2017, 8, 14), body__kind=Body.Kind.CONGRESS, preparatory_for__isnull=True
    )
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


def test_every_held_congress_session_opened_with_its_preparatory_meeting(world):
    """预备会议: the session presidium (and at the district congress its secretary-general) elected from the draft
    list and the agenda adopted, each by a show of hands; shown on the session page; the figures count the session
    once (the preparatory meeting shares its number and is part of it)."""
    from django.urls import reverse

    from renda.meetings.lifecycles import MEETING
    from renda.meetings.selectors import presidium_names, session_secretary_general
    from renda.meetings.services import preparatory_state

    sessions = Meeting.objects.filter(
        body__kind=Body.Kind.CONGRESS, preparatory_for__isnull=True, state__in=MEETING.group("held")
    ).select_related("body")
    assert sessions.count() == 12  # the district's first, each town's first and mid-year, 王江泾镇's third (under way)
    for session in sessions:
        state = preparatory_state(session)
        assert state.meeting is not None and state.closed, session.title
        assert state.presidium_elected and state.agenda_adopted, session.title
        assert state.meeting.title == f"{session.title}预备会议" and state.meeting.number == session.number
        assert state.meeting.start_date <= session.start_date
        for poll in state.meeting.polls.all():
            assert poll.kind == Poll.Kind.HANDS
            assert poll_result(poll).options[0].passed
        names = presidium_names(meeting=session)
        general = session_secretary_general(meeting=session)
        if session.body.level == Body.Level.DISTRICT:
            assert len(names) == 25 and general and general not in names
        else:
            assert len(names) == 11 and not general
    district = sessions.get(body__level=Body.Level.DISTRICT)
    page = world.client("office").get(reverse("meetings:detail", args=[district.pk])).content.decode()
    assert "预备会议" in page and session_secretary_general(meeting=district) in page
    assert all(name in page for name in presidium_names(meeting=district))
    # counted once: the overview's congress sessions of 2017 (the five mid-year sessions), drilling down to them
    answer = world.client("office").get("/api/overview?year=2017&half=0").json()
    figure = next(f for f in answer["figures"] if f["key"] == "meetings_congress")
    held_2017 = sessions.filter(start_date__year=2017)
    assert figure["value"] == held_2017.count() == 5
    listed = world.client("office").get(figure["url"]).content.decode()
    assert "预备会议" not in listed


def test_every_demo_sitting_answers_the_quorum_of_its_body(world):
    """Issue #11, done when: for every congress session of the demo (and its preparatory meeting) the attendance
    API gives a quorum of two thirds of all deputies, rounded up; for every standing-committee meeting more than
    half of all members; the base is the full membership on the day."""
    from renda.meetings.membership import member_person_ids

    client = world.client("admin")
    sittings = Meeting.objects.filter(
        body__kind__in=[Body.Kind.CONGRESS, Body.Kind.STANDING_COMMITTEE], start_date__year__lte=2018
    ).select_related("body", "term")
    kinds = {Body.Kind.CONGRESS: 0, Body.Kind.STANDING_COMMITTEE: 0}
    for meeting in sittings:
        answer = client.get(f"/api/meetings/{meeting.pk}/attendance")
        assert answer.status_code == 200, meeting.title
        board = answer.json()
        base = member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date).count()
        assert board["base"] == base > 0, meeting.title
        if meeting.body.kind == Body.Kind.CONGRESS:
            assert board["quorum"] == -(-2 * base // 3), meeting.title  # ⌈2/3 × all deputies⌉
        else:
            assert board["quorum"] == base // 2 + 1, meeting.title  # more than half of all members
        kinds[meeting.body.kind] += 1
    assert kinds[Body.Kind.CONGRESS] == 24 and kinds[Body.Kind.STANDING_COMMITTEE] >= 4
