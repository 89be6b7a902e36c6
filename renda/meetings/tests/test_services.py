"""The meetings services on a few rows built with the factories: the lifecycles of meetings, attendance and review
opinions, the actions each scope is offered, and the API outputs that carry them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent, Notice
from renda.meetings import services
from renda.meetings.lifecycles import ATTENDANCE, MEETING, OPINION, OWN_ATTENDANCE_ACTIONS, POLL, meeting_actions
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, ReviewOpinion
from renda.org.models import Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import PersonFactory, RegionFactory, UnitFactory, UserFactory, scope_of

from .factories import (
    ADMIN,
    TEST,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    DirectorsMeetingFactory,
    MeetingFactory,
    PollFactory,
    ReviewOpinionFactory,
    open_meeting,
    sign_in,
    started_poll,
    voter_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return CommitteeFactory(members=3)


def actions(lifecycle, obj, scope, only=None):
    return [a.action for a in lifecycle.available(obj, scope, only=only)]


# --- meetings -----------------------------------------------------------------------------------------


def test_meeting_states_move_forward_and_refuse_illegal_steps(committee, office):
    for membership in committee.memberships.select_related("person"):
        voter_user(membership.person)  # members with a login are told the meeting is convened
    s = build_scope(office)
    meeting = services.meeting_create(actor=office, scope=s, body=committee, start_date=datetime.date(2017, 9, 1))
    with pytest.raises(InvalidTransition):
        services.meeting_transition(actor=office, scope=s, meeting=meeting, action="close")
    assert Meeting.objects.get(pk=meeting.pk).state == "planned"
    services.meeting_transition(actor=office, scope=s, meeting=meeting, action="convene")
    assert Notice.objects.filter(kind="meeting.convened", url__endswith=f"/{meeting.pk}/").exists()
    services.meeting_transition(actor=office, scope=s, meeting=meeting, action="convene")  # retried: no second notice
    assert (
        Notice.objects.filter(kind="meeting.convened", url__endswith=f"/{meeting.pk}/").count()
        == Notice.objects.filter(kind="meeting.convened", url__endswith=f"/{meeting.pk}/").values("user").distinct().count()
    )
    with pytest.raises(services.QuorumNotReached):  # nobody signed in yet: the meeting does not open
        services.meeting_transition(actor=office, scope=s, meeting=meeting, action="start")
    sign_in(meeting)
    services.meeting_transition(actor=office, scope=s, meeting=meeting, action="start")
    poll = started_poll(meeting)
    with pytest.raises(InvalidTransition):
        services.meeting_transition(actor=office, scope=s, meeting=meeting, action="close")  # a poll is open
    services.poll_transition(actor=office, scope=s, poll=poll, action="finish")
    services.meeting_transition(actor=office, scope=s, meeting=meeting, action="close")
    with pytest.raises(InvalidTransition):
        services.agenda_item_add(actor=office, scope=s, meeting=meeting, kind="other", title="太晚了")


def test_meeting_moves_are_audited_with_the_state_before_and_after(committee, office):
    s = build_scope(office)
    meeting = services.meeting_create(actor=office, scope=s, body=committee, start_date=datetime.date(2017, 9, 1))
    for action in ["convene", "start", "close"]:
        if action == "start":
            sign_in(meeting)
        services.meeting_transition(actor=office, scope=s, meeting=meeting, action=action)
    events = AuditEvent.objects.filter(object_type="meetings.meeting", object_id=str(meeting.pk)).order_by("id")
    assert [(e.action, e.before, e.after) for e in events] == [
        ("meeting.create", None, events[0].after),
        ("meeting.convene", {"state": "planned", "notified_on": None}, {"state": "convened", "notified_on": "2017-09-01"}),
        ("meeting.start", {"state": "convened"}, {"state": "in_progress"}),
        ("meeting.close", {"state": "in_progress"}, {"state": "closed"}),
    ]
    with pytest.raises(InvalidTransition):
        services.meeting_transition(actor=office, scope=s, meeting=meeting, action="adjourn")


def test_the_meeting_page_offers_what_the_scope_may_do_now(committee, office):
    s = build_scope(office)
    leader = scope_of(UserFactory(grants=[(Role.LEADER, {"region": committee.region})]))
    meeting = MeetingFactory(body=committee)
    assert [a.action for a in meeting_actions(meeting, s)] == ["convene"]
    assert meeting_actions(meeting, leader) == []
    meeting.state = Meeting.State.CONVENED
    assert [a.action for a in meeting_actions(meeting, s)] == ["start", "publish"]  # publishable once convened
    meeting.state, meeting.is_published = Meeting.State.CLOSED, True
    assert meeting_actions(meeting, s) == []
    services.meeting_transition(
        actor=TEST, scope=ADMIN, meeting=MeetingFactory(body=committee, state="convened"), action="publish"
    )
    assert Meeting.objects.filter(body=committee, is_published=True).count() == 1
    with pytest.raises(InvalidTransition):
        services.meeting_publish(actor=TEST, scope=ADMIN, meeting=MeetingFactory(body=committee))  # still planned


def test_the_meeting_api_carries_the_actions(committee, office):
    meeting, _users = open_meeting(body=committee)
    PollFactory(meeting=meeting)
    client = Client()
    client.force_login(office)
    detail = client.get(f"/api/meetings/{meeting.pk}").json()
    assert [a["action"] for a in detail["actions"]] == ["close", "publish"]
    assert detail["actions"][0] == {"action": "close", "label": str(MEETING.transition("close").label), "target": "closed"}
    assert [a["action"] for a in detail["polls"][0]["actions"]] == ["start"]
    poll = client.get(f"/api/meetings/polls/{detail['polls'][0]['id']}").json()
    assert poll["actions"] == [{"action": "start", "label": str(POLL.transition("start").label), "target": "started"}]
    board = client.get(f"/api/meetings/{meeting.pk}/attendance").json()
    invited = next(a for a in board["attendees"] if a["status"] == "invited")
    assert [a["action"] for a in invited["actions"]] == ["sign_in", "absent"]


# --- attendance ---------------------------------------------------------------------------------------


def test_leave_is_asked_amended_and_decided_along_the_attendance_lifecycle(committee, office):
    meeting = MeetingFactory(body=committee, state=Meeting.State.CONVENED)
    row = AttendanceFactory(meeting=meeting)
    member = voter_user(row.person)
    own, staff = scope_of(member), scope_of(office)
    assert actions(ATTENDANCE, row, own) == ["sign_in", "request_leave"]
    assert actions(ATTENDANCE, row, staff) == ["sign_in"]  # absences are marked once the meeting is in progress
    with pytest.raises(DomainError):
        services.leave_request(actor=member, scope=own, meeting=meeting, reason=" ")
    services.leave_request(actor=member, scope=own, meeting=meeting, reason="出差")
    services.leave_request(actor=member, scope=own, meeting=meeting, reason="出差")  # retried: nothing new
    services.leave_request(actor=member, scope=own, meeting=meeting, reason="出差开会")  # a new reason while it waits
    row.refresh_from_db()
    assert (row.status, row.leave_reason) == ("leave_requested", "出差开会")
    events = AuditEvent.objects.filter(action="attendance.leave_request", object_id=str(row.pk))
    assert [e.after for e in events.order_by("id")] == [{"reason": "出差"}, {"reason": "出差开会"}]
    assert actions(ATTENDANCE, row, own, only=OWN_ATTENDANCE_ACTIONS) == ["sign_in"]  # the page offers no second request
    assert actions(ATTENDANCE, row, own) == ["sign_in", "amend_leave"]
    assert actions(ATTENDANCE, row, staff) == ["sign_in", "approve_leave", "refuse_leave"]
    services.attendance_action(actor=office, scope=staff, attendance=row, action="refuse_leave")
    assert Attendance.objects.get(pk=row.pk).status == "invited"
    with pytest.raises(InvalidTransition):
        services.attendance_action(actor=office, scope=staff, attendance=row, action="approve_leave")
    with pytest.raises(InvalidTransition):
        services.attendance_action(actor=office, scope=staff, attendance=row, action="request_leave")  # not staff's
    with pytest.raises(NotPermitted):
        services.attendance_action(actor=member, scope=own, attendance=row, action="sign_in")
    with pytest.raises(InvalidTransition):
        services.attendance_action(actor=office, scope=staff, attendance=row, action="absent")  # not yet in progress
    event = AuditEvent.objects.get(action="attendance.refuse_leave", object_id=str(row.pk))
    assert (event.before, event.after) == ({"status": "leave_requested"}, {"status": "invited"})


def test_sign_in_is_open_only_while_the_meeting_is_convened_or_in_progress(committee):
    meeting = MeetingFactory(body=committee, state=Meeting.State.CLOSED)
    row = AttendanceFactory(meeting=meeting)
    member = voter_user(row.person)
    with pytest.raises(InvalidTransition):
        services.sign_in_self(actor=member, scope=scope_of(member), meeting=meeting)
    assert actions(ATTENDANCE, row, scope_of(member)) == []
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.IN_PROGRESS)
    signed = services.sign_in_self(actor=member, scope=scope_of(member), meeting=meeting)
    assert signed.status == "present" and signed.signin_method == "qr"
    assert services.sign_in_self(actor=member, scope=scope_of(member), meeting=meeting).signed_in_at == signed.signed_in_at
    event = AuditEvent.objects.get(action="attendance.sign_in", object_id=str(row.pk))
    assert (event.before, event.after) == ({"status": "invited"}, {"status": "present", "method": "qr"})
    stranger = voter_user(PersonFactory())
    with pytest.raises(NotPermitted):
        services.sign_in_self(actor=stranger, scope=scope_of(stranger), meeting=meeting)


# --- polls ----------------------------------------------------------------------------------------------


def test_poll_moves_are_audited_as_before(committee):
    meeting, users = open_meeting(body=committee, present=2)
    poll = started_poll(meeting)
    start = AuditEvent.objects.get(action="poll.start", object_id=str(poll.pk))
    assert (start.before, start.after) == (None, {"state": "started", "base_count": 3, "present_count": 2})
    services.poll_vote(actor=users[0], poll_id=poll.pk, choices={str(poll.options.get().pk): "Y"})
    services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="finish")
    published = services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="publish")
    assert published.published_at and published.finished_at
    event = AuditEvent.objects.get(action="poll.publish", object_id=str(poll.pk))
    assert event.after["state"] == "published" and event.after["cast"] == 1 and event.after["required"] == 2
    assert POLL.available(published, ADMIN) == []
    with pytest.raises(InvalidTransition):
        services.poll_transition(actor=TEST, scope=ADMIN, poll=published, action="recount")


# --- review opinions ------------------------------------------------------------------------------------


def test_review_opinion_followed_up_to_closure(committee, office):
    s = build_scope(office)
    heard = MeetingFactory(body=committee, start_date=datetime.date(2017, 6, 29), state=Meeting.State.CLOSED)
    item = AgendaItemFactory(meeting=heard)
    opinion = services.opinion_create(actor=office, scope=s, item=item, text="一、加强统筹；二、落实责任。")
    assert services.opinion_create(actor=office, scope=s, item=item, text="一、加强统筹；二、落实责任。").pk == opinion.pk
    with pytest.raises(InvalidTransition):
        services.opinion_transition(actor=office, scope=s, opinion=opinion, action="send")
    assert ReviewOpinion.objects.get(pk=opinion.pk).state == "draft"
    directors = MeetingFactory(body=DirectorsMeetingFactory(congress=committee.congress), start_date=datetime.date(2017, 7, 3))
    with pytest.raises(DomainError):
        services.opinion_transition(actor=office, scope=s, opinion=opinion, action="approve", meeting=heard)
    services.opinion_transition(actor=office, scope=s, opinion=opinion, action="approve", meeting=directors)
    sent = services.opinion_transition(actor=office, scope=s, opinion=opinion, action="send", on=datetime.date(2017, 7, 5))
    assert sent.deadline == datetime.date(2017, 9, 5)  # two months by the default rule
    other_clerk = UserFactory(grants=[(Role.UNIT_CLERK, {"unit": UnitFactory(region=committee.region)})])
    with pytest.raises(NotPermitted):
        services.opinion_report(actor=other_clerk, scope=build_scope(other_clerk), opinion=sent, text="x")
    reported = services.opinion_report(actor=office, scope=s, opinion=sent, text="已研究处理。", on=datetime.date(2017, 8, 30))
    later = services.meeting_create(actor=office, scope=s, body=committee, start_date=datetime.date(2017, 10, 20))
    scheduled = services.opinion_transition(actor=office, scope=s, opinion=reported, action="schedule", meeting=later)
    assert scheduled.followup_item.meeting_id == later.pk and scheduled.followup_item.kind == AgendaItem.Kind.HANDLING_REPORT
    closed = services.opinion_transition(actor=office, scope=s, opinion=scheduled, action="close")
    assert closed.state == "closed"
    actions = list(
        AuditEvent.objects.filter(object_type="meetings.reviewopinion", object_id=str(opinion.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["opinion.create", "opinion.approve", "opinion.send", "opinion.report", "opinion.schedule", "opinion.close"]
    approve = AuditEvent.objects.get(action="opinion.approve", object_id=str(opinion.pk))
    assert (approve.before, approve.after) == ({"state": "draft"}, {"state": "approved", "approved_at_meeting": directors.pk})


def test_review_opinions_offer_each_role_its_next_step(committee, office):
    opinion = ReviewOpinionFactory(item=AgendaItemFactory(meeting=MeetingFactory(body=committee)))
    clerk = UserFactory(grants=[(Role.UNIT_CLERK, {"unit": opinion.unit})])
    staff, unit = scope_of(office), scope_of(clerk)
    assert actions(OPINION, opinion, staff) == ["approve"] and actions(OPINION, opinion, unit) == []
    opinion.state = ReviewOpinion.State.SENT
    assert actions(OPINION, opinion, unit) == ["report"]
    assert actions(OPINION, opinion, staff) == ["report"]  # staff may file the unit's report for it
    with pytest.raises(InvalidTransition):  # the report carries its text: not a routing step
        services.opinion_transition(actor=office, scope=staff, opinion=opinion, action="report")
    ReviewOpinion.objects.filter(pk=opinion.pk).update(state="sent", deadline=datetime.date(2017, 9, 5))
    client = Client()
    client.force_login(clerk)
    out = client.get(f"/api/meetings/opinions/{opinion.pk}").json()
    assert out["state"] == "sent" and out["unit_id"] == opinion.unit_id
    assert out["actions"] == [{"action": "report", "label": str(OPINION.transition("report").label), "target": "reported"}]
    outsider = Client()
    outsider.force_login(UserFactory(grants=[(Role.UNIT_CLERK, {"unit": UnitFactory()})]))
    assert outsider.get(f"/api/meetings/opinions/{opinion.pk}").status_code == 404
    stranger = Client()  # another district's office does not see it either
    stranger.force_login(UserFactory(grants=[(Role.OFFICE, {"region": RegionFactory()})]))
    assert stranger.get(f"/api/meetings/opinions/{opinion.pk}").status_code == 404


def test_the_poll_lifecycle_offers_staff_the_next_move_only(committee, office):
    poll = PollFactory(meeting=MeetingFactory(body=committee))
    staff = scope_of(office)
    assert actions(POLL, poll, staff) == ["start"]
    assert actions(POLL, poll, scope_of(UserFactory(grants=[(Role.LEADER, {"region": committee.region})]))) == []
    poll.state = Poll.State.FINISHED
    assert actions(POLL, poll, staff) == ["publish"]
