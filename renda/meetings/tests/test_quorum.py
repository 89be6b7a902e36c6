"""Rules per kind of body (issue #11 item 1): a congress session is held with two thirds or more of all deputies
(⌈2N/3⌉), a standing-committee meeting with more than half of all members (⌊N/2⌋+1); a meeting without its quorum
does not open and takes no vote (page message, API 409 with the reason); pass thresholds per matter; the rules
are data, overridable per region; counted polls (paper, show of hands) and the discard of counts that disagree."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from renda.core.errors import InvalidTransition
from renda.core.models import AuditEvent, Rule
from renda.meetings import services
from renda.meetings.membership import fraction_required
from renda.meetings.models import Meeting, PaperCount, Poll
from renda.meetings.results import poll_result
from renda.org.models import Role
from renda.org.tests.factories import CongressFactory, DeputyFactory, RegionFactory, TermFactory, UserFactory

from .factories import ADMIN, DAY, TEST, CommitteeFactory, MeetingFactory, PollFactory, open_meeting, sign_in, started_poll

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rule", "base", "required"),
    [
        ({"num": 2, "den": 3, "strict": False}, 56, 38),  # the town congress: 38 of 56, not 29
        ({"num": 2, "den": 3, "strict": False}, 9, 6),
        ({"num": 2, "den": 3, "strict": False}, 10, 7),
        ({"num": 1, "den": 2, "strict": True}, 27, 14),
        ({"num": 1, "den": 2, "strict": True}, 28, 15),
        ({"num": 1, "den": 2, "strict": False}, 28, 14),
        ({"num": 2, "den": 3, "strict": True}, 9, 7),
    ],
)
def test_fractions_of_the_full_membership(rule, base, required):
    assert fraction_required(rule, base) == required


@pytest.fixture
def congress():
    """A town congress of 10 serving deputies."""
    town = RegionFactory(parent=RegionFactory())
    body = CongressFactory(region=town)
    DeputyFactory.create_batch(10, term=TermFactory(congress=body))
    return body


def test_a_congress_session_needs_two_thirds_of_all_deputies(congress):
    office = UserFactory(grants=[(Role.TOWN, {"region": congress.region})])
    meeting, users = open_meeting(body=congress, present=6)  # 6 of 10: below ⌈20/3⌉ = 7
    assert meeting.state == Meeting.State.CONVENED
    board = services.quorum_of(body=congress, term=meeting.term, on=DAY)
    assert (board.base, board.required) == (10, 7)
    client = Client()
    client.force_login(office)
    page = client.post(reverse("meetings:transition", args=[meeting.pk]), {"action": "start"})
    assert page.status_code == 400
    assert "7" in page.content.decode() and "6" in page.content.decode()
    api = client.post(f"/api/meetings/{meeting.pk}/actions", json.dumps({"action": "start"}), content_type="application/json")
    assert api.status_code == 409 and "7" in api.json()["detail"]
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CONVENED
    assert not AuditEvent.objects.filter(action="meeting.start", object_id=str(meeting.pk)).exists()
    sign_in(meeting, 1)
    ok = client.post(f"/api/meetings/{meeting.pk}/actions", json.dumps({"action": "start"}), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "in_progress"
    attendance = client.get(f"/api/meetings/{meeting.pk}/attendance").json()
    assert (attendance["base"], attendance["quorum"], attendance["present"], attendance["has_quorum"]) == (10, 7, 7, True)


def test_no_poll_opens_without_a_quorum(congress):
    """A meeting in progress (e.g. entered in progress) with nobody signed in: no poll opens — 0 of 27 is refused."""
    committee = CommitteeFactory(members=27)
    office = UserFactory(grants=[(Role.OFFICE, {"region": committee.region})])
    meeting = MeetingFactory(body=committee, state=Meeting.State.IN_PROGRESS)
    from renda.meetings.services.meetings import _invite_members

    _invite_members(meeting)
    poll = PollFactory(meeting=meeting)
    client = Client()
    client.force_login(office)
    api = client.post(f"/api/meetings/polls/{poll.pk}/actions", json.dumps({"action": "start"}), content_type="application/json")
    assert api.status_code == 409
    assert "14" in api.json()["detail"]  # more than half of 27
    page = client.post(reverse("meetings:poll_transition", args=[poll.pk]), {"action": "start"})
    assert page.status_code == 400
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.CREATED
    sign_in(meeting)
    assert client.post(reverse("meetings:poll_transition", args=[poll.pk]), {"action": "start"}).status_code == 302
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.STARTED


def test_the_quorum_rule_is_data_per_region(congress):
    committee = CommitteeFactory(members=27)
    Rule.objects.create(
        key="meetings.quorum.standing_committee", region_id=committee.region_id, value={"num": 2, "den": 3, "strict": False}
    )
    meeting, _users = open_meeting(body=committee, present=14)  # enough elsewhere, not here: 18 needed
    assert meeting.state == Meeting.State.CONVENED
    assert services.quorum_of(body=committee, term=meeting.term, on=DAY).required == 18


def test_thresholds_follow_the_body_and_the_matter():
    committee = CommitteeFactory(members=27)
    Rule.objects.create(
        key="meetings.threshold.standing_committee.appointment", region_id=committee.region_id, value="two_thirds_members"
    )
    meeting, _users = open_meeting(body=committee)
    ordinary = services.poll_create(actor=TEST, scope=ADMIN, meeting=meeting, title="决议", kind=Poll.Kind.NAMED)
    appointment = services.poll_create(
        actor=TEST, scope=ADMIN, meeting=meeting, title="任命", kind=Poll.Kind.NAMED, matter=Poll.Matter.APPOINTMENT
    )
    assert (ordinary.threshold, appointment.threshold) == (Poll.Threshold.HALF_MEMBERS, Poll.Threshold.TWO_THIRDS_MEMBERS)
    services.poll_update(actor=TEST, scope=ADMIN, poll=ordinary, matter=Poll.Matter.APPOINTMENT)
    assert Poll.objects.get(pk=ordinary.pk).threshold == Poll.Threshold.TWO_THIRDS_MEMBERS


def test_a_congress_result_speaks_of_all_deputies(congress):
    meeting, users = open_meeting(body=congress, present=8)
    poll = started_poll(meeting)
    result = poll_result(poll)
    assert result.base_label == gettext("all deputies") and (result.base, result.required) == (10, 6)


# --- counted polls: show of hands, paper, discarding counts ---------------------------------------------


def test_a_show_of_hands_is_counted_once_and_published(congress):
    meeting, users = open_meeting(body=congress, present=8)
    poll = started_poll(meeting, kind=Poll.Kind.HANDS)
    option = str(poll.options.get().pk)
    with pytest.raises(InvalidTransition):
        services.poll_vote(actor=users[0], poll_id=poll.pk, choices={option: "Y"})
    services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="finish")
    counter = UserFactory()
    services.paper_count_enter(
        actor=counter, scope=ADMIN, poll=poll, ballots_total=8, invalid=0, counts={option: {"Y": 7, "N": 0, "A": 1}}
    )
    published = services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="publish")
    result = poll_result(published)
    assert published.state == Poll.State.PUBLISHED and result.motion.counts == {"Y": 7, "N": 0, "A": 1} and result.motion.passed


def test_staff_discard_counts_that_disagree_on_the_page_and_in_the_api():
    committee = CommitteeFactory(members=27)
    office = UserFactory(grants=[(Role.OFFICE, {"region": committee.region})])
    second = UserFactory(grants=[(Role.OFFICE, {"region": committee.region})])
    meeting, _users = open_meeting(body=committee, present=20)
    poll = started_poll(meeting, kind=Poll.Kind.PAPER)
    services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="finish")
    option = str(poll.options.get().pk)
    services.paper_count_enter(
        actor=office, scope=ADMIN, poll=poll, ballots_total=20, invalid=0, counts={option: {"Y": 18, "N": 1, "A": 1}}
    )
    services.paper_count_enter(
        actor=second, scope=ADMIN, poll=poll, ballots_total=20, invalid=0, counts={option: {"Y": 17, "N": 2, "A": 1}}
    )
    client = Client()
    client.force_login(office)
    page = client.get(reverse("meetings:poll_detail", args=[poll.pk])).content.decode()
    assert 'data-testid="discard-counts"' in page
    publish = client.post(
        f"/api/meetings/polls/{poll.pk}/actions", json.dumps({"action": "publish"}), content_type="application/json"
    )
    assert publish.status_code == 409
    assert client.post(reverse("meetings:paper_discard", args=[poll.pk])).status_code == 302
    assert not PaperCount.objects.filter(poll=poll).exists()
    assert AuditEvent.objects.filter(action="poll.paper_count_discard", object_id=str(poll.pk)).exists()
    body = {"ballots_total": 20, "invalid": 0, "counts": {option: {"Y": 18, "N": 1, "A": 1}}}
    for user in (office, second):
        client.force_login(user)
        assert (
            client.post(
                f"/api/meetings/polls/{poll.pk}/paper-counts", json.dumps(body), content_type="application/json"
            ).status_code
            == 200
        )
    api = client.post(f"/api/meetings/polls/{poll.pk}/paper-counts/discard", content_type="application/json")
    assert api.status_code == 200 and api.json()["counts_entered"] == 0
    for user in (office, second):
        client.force_login(user)
        client.post(f"/api/meetings/polls/{poll.pk}/paper-counts", json.dumps(body), content_type="application/json")
    done = client.post(
        f"/api/meetings/polls/{poll.pk}/actions", json.dumps({"action": "publish"}), content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["state"] == "published"
    late = client.post(f"/api/meetings/polls/{poll.pk}/paper-counts/discard", content_type="application/json")
    assert late.status_code == 409 and PaperCount.objects.filter(poll=poll).count() == 2


def test_the_notice_is_recorded_against_the_rule():
    committee = CommitteeFactory(members=3)
    meeting = services.meeting_create(actor=TEST, scope=ADMIN, body=committee, start_date=datetime.date(2017, 9, 1))
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="convene")
    from renda.meetings.selectors import notice

    n = notice(meeting=Meeting.objects.get(pk=meeting.pk))
    assert n.required == 7 and n.days_before == 0 and n.late


def test_staff_enter_a_show_of_hands_on_the_count_page(congress):
    office = UserFactory(grants=[(Role.TOWN, {"region": congress.region})])
    meeting, users = open_meeting(body=congress, present=8)
    poll = started_poll(meeting, kind=Poll.Kind.HANDS)
    client = Client()
    client.force_login(users[0])
    page = client.get(reverse("meetings:poll_detail", args=[poll.pk])).content.decode()
    assert 'data-testid="vote-form"' not in page  # nobody votes on a phone in a show of hands
    services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="finish")
    client.force_login(office)
    option = poll.options.get().pk
    url = reverse("meetings:paper_count", args=[poll.pk])
    assert client.get(url).status_code == 200
    data = {"ballots_total": "8", "invalid": "0", f"count-{option}-Y": "8", f"count-{option}-N": "0", f"count-{option}-A": "0"}
    assert client.post(url, data).status_code == 302
    assert services.paper_reconciliation(poll).ok  # one count is enough for a show of hands
