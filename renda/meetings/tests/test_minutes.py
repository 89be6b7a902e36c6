"""A meeting of the past: every step at the time its minutes give (`at=`, checked by `core.clock.event_time`), and
its votes recorded from the minutes' counts (`poll_record_minutes`) — checked by the rules of live counting, never a
ballot per voter."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core.errors import DomainError
from renda.core.models import AuditEvent
from renda.meetings import services
from renda.meetings.models import Attendance, Meeting, Poll, PollBallot, PollVoter
from renda.meetings.results import poll_result
from renda.org.tests.factories import UserFactory

from .factories import ADMIN, TEST, CommitteeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 8, 28)


def moment(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def committee():
    return CommitteeFactory(members=5)  # quorum: more than half → 3; a motion passes with 3 of 5


def past_meeting(committee, present: int = 3) -> Meeting:
    meeting = services.meeting_create(
        actor=TEST, scope=ADMIN, body=committee, start_date=DAY, number=25, at=moment(9, 0, DAY - datetime.timedelta(days=7))
    )
    services.meeting_transition(
        actor=TEST, scope=ADMIN, meeting=meeting, action="convene", at=moment(10, 0, DAY - datetime.timedelta(days=7))
    )
    rows = list(meeting.attendances.order_by("person_id"))
    for i, row in enumerate(rows[:present]):
        services.attendance_action(actor=TEST, scope=ADMIN, attendance=row, action="sign_in", at=moment(8, 40 + i))
    return meeting


def test_a_past_meeting_keeps_the_minutes_times(committee):
    meeting = past_meeting(committee)
    meeting = services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="start", at=moment(9))
    assert meeting.notified_on == DAY - datetime.timedelta(days=7)
    assert Meeting.objects.get(pk=meeting.pk).created_at == moment(9, 0, DAY - datetime.timedelta(days=7))
    signed = sorted(meeting.attendances.filter(status=Attendance.Status.PRESENT).values_list("signed_in_at", flat=True))
    assert signed == [moment(8, 40), moment(8, 41), moment(8, 42)]
    absent = meeting.attendances.filter(status=Attendance.Status.INVITED).first()
    services.attendance_action(actor=TEST, scope=ADMIN, attendance=absent, action="absent", at=moment(9))
    closed = services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="close", at=moment(11, 30))
    assert closed.state == Meeting.State.CLOSED
    event = AuditEvent.objects.filter(action="meeting.close", object_id=str(meeting.pk)).get()
    assert event.after["at"] == moment(11, 30).isoformat()


def test_a_time_in_the_future_is_refused(committee):
    meeting = services.meeting_create(actor=TEST, scope=ADMIN, body=committee, start_date=DAY)
    with pytest.raises(DomainError):
        services.meeting_transition(
            actor=TEST, scope=ADMIN, meeting=meeting, action="convene", at=timezone.now() + datetime.timedelta(days=1)
        )
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.PLANNED


def test_live_entry_is_unchanged(committee):
    meeting = services.meeting_create(actor=TEST, scope=ADMIN, body=committee, start_date=timezone.localdate())
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="convene")
    row = meeting.attendances.first()
    services.attendance_action(actor=TEST, scope=ADMIN, attendance=row, action="sign_in")
    row.refresh_from_db()
    assert timezone.now() - row.signed_in_at < datetime.timedelta(minutes=1)
    event = AuditEvent.objects.filter(action="meeting.convene", object_id=str(meeting.pk)).get()
    assert "at" not in event.after


def started(committee, present: int = 3) -> Meeting:
    meeting = past_meeting(committee, present)
    return services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="start", at=moment(9))


def record(meeting, *lines, matter=Poll.Matter.RESOLUTION, title="关于批准2018年区级决算的决议"):
    return services.poll_record_minutes(
        actor=TEST,
        scope=ADMIN,
        recorded_by=UserFactory(),
        meeting=meeting,
        title=title,
        lines=list(lines),
        matter=matter,
        at=moment(10),
        source={"file": "2019会议台账.xlsx", "rows": [4]},
    )


def test_a_vote_from_the_minutes_is_its_counts_not_ballots(committee):
    meeting = started(committee, present=4)
    poll = record(meeting, services.MinutesCount("", yes=3, no=1, abstain=0, adopted=True))
    assert poll.state == Poll.State.PUBLISHED and poll.base_count == 5 and poll.present_count == 4
    result = poll_result(poll)
    assert result.motion is not None and result.motion.passed and result.motion.counts == {"Y": 3, "N": 1, "A": 0}
    assert not PollBallot.objects.filter(poll=poll).exists() and not PollVoter.objects.filter(poll=poll).exists()
    event = AuditEvent.objects.get(action="poll.record_minutes", object_id=str(poll.pk))
    assert event.after["recorded_from"] == "minutes" and event.after["file"] == "2019会议台账.xlsx"


def test_minutes_contradicting_the_rule_are_refused(committee):
    meeting = started(committee, present=4)
    with pytest.raises(DomainError, match="3"):  # 2 for of 5 members: not adopted by the rule
        record(meeting, services.MinutesCount("", yes=2, no=1, abstain=1, adopted=True))
    assert not Poll.objects.filter(meeting=meeting).exists()


def test_more_votes_than_members_present_are_refused(committee):
    meeting = started(committee, present=3)
    with pytest.raises(DomainError):
        record(meeting, services.MinutesCount("", yes=3, no=0, abstain=0, not_voting=1))
    with pytest.raises(DomainError):
        record(meeting, services.MinutesCount("", yes=-1, no=0, abstain=0))


def test_no_vote_without_the_quorum_in_the_imported_attendance(committee):
    meeting = started(committee, present=3)
    row = meeting.attendances.filter(status=Attendance.Status.PRESENT).first()
    Attendance.objects.filter(pk=row.pk).update(status=Attendance.Status.ABSENT)  # the minutes' attendance, corrected
    with pytest.raises(DomainError, match="法定人数|quorum"):
        record(meeting, services.MinutesCount("", yes=2, no=0, abstain=0))


def test_an_election_from_the_minutes(committee):
    meeting = started(committee, present=5)
    poll = record(
        meeting,
        services.MinutesCount("甲", yes=4, no=1, abstain=0, adopted=True),
        services.MinutesCount("乙", yes=2, no=2, abstain=1, adopted=False),
        matter=Poll.Matter.ELECTION,
        title="补选常委会委员",
    )
    result = poll_result(poll)
    assert [(o.text, o.passed) for o in result.options] == [("甲", True), ("乙", False)]
    assert poll.kind == Poll.Kind.PAPER and poll.seats == 1
