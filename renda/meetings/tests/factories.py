"""Helpers that open a fresh standing-committee meeting of the demo district and seat members who can vote."""

from __future__ import annotations

import datetime

from renda.core.models import User
from renda.meetings import services
from renda.meetings.models import Attendance, Meeting, Poll
from renda.org.models import Body, Membership, Role, RoleGrant
from renda.org.scoping import Scope

ADMIN = Scope(user_id=None, everything=True)
DAY = datetime.date(2017, 9, 21)


def voter_user(person) -> User:
    """The person's login (created with a deputy grant when missing)."""
    if person.user_id:
        return person.user
    user = User.objects.create_user(username=f"p{person.pk}", password="x", display_name=person.name)  # noqa: S106
    RoleGrant.objects.create(user=user, role=Role.DEPUTY)
    person.user = user
    person.save(update_fields=["user"])
    return user


def open_meeting(*, body: Body | None = None, day: datetime.date = DAY, present: int = 0) -> tuple[Meeting, list]:
    """A meeting in progress with `present` members signed in (by staff). Returns it and its members' users
    (the present ones first)."""
    body = body or Body.objects.get(kind=Body.Kind.STANDING_COMMITTEE, level=Body.Level.DISTRICT)
    meeting = services.meeting_create(actor="test", scope=ADMIN, body=body, start_date=day)
    services.meeting_transition(actor="test", scope=ADMIN, meeting=meeting, action="convene")
    services.meeting_transition(actor="test", scope=ADMIN, meeting=meeting, action="start")
    rows = list(
        meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True)
        .select_related("person__user")
        .order_by("person_id")
    )
    for row in rows[:present]:
        services.attendance_action(actor="test", scope=ADMIN, attendance=row, action="sign_in")
    meeting.refresh_from_db()
    return meeting, [voter_user(r.person) for r in rows]


def started_poll(meeting: Meeting, **kwargs) -> Poll:
    kwargs.setdefault("title", "测试表决")
    kwargs.setdefault("kind", Poll.Kind.NAMED)
    poll = services.poll_create(actor="test", scope=ADMIN, meeting=meeting, **kwargs)
    return services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="start")


def motion(poll: Poll) -> int:
    return poll.options.get().pk


def end_seat(person, day: datetime.date) -> None:
    Membership.objects.filter(person=person, body__kind=Body.Kind.STANDING_COMMITTEE).update(end_date=day)
