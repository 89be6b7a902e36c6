"""Helpers: a town congress session in progress with present deputies who have logins, and a reviewed cycle."""

from __future__ import annotations

import datetime
from decimal import Decimal

from renda.core.actors import system
from renda.core.models import User
from renda.meetings import services as meeting_services
from renda.meetings.models import Attendance, Meeting
from renda.org.models import Body, Role, RoleGrant, Unit
from renda.org.scoping import Scope
from renda.projects import services
from renda.projects.models import Cycle

ADMIN = Scope.system("projects tests")
TEST = system("projects tests")
DAY = datetime.date(2019, 1, 16)


def login_of(person) -> User:
    if person.user_id:
        return person.user
    user = User.objects.create_user(username=f"v{person.pk}", password="x", display_name=person.name)  # noqa: S106
    RoleGrant.objects.create(user=user, role=Role.DEPUTY)
    person.user = user
    person.save(update_fields=["user"])
    return user


def open_session(congress: Body, *, present: int, day: datetime.date = DAY) -> tuple[Meeting, list[User]]:
    """A congress session in progress; the first `present` members signed in — at least the quorum (two thirds of
    all deputies), without which the session neither opens nor votes. Returns it and all members' logins."""
    meeting = meeting_services.meeting_create(actor=TEST, scope=ADMIN, body=congress, start_date=day)
    meeting_services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="convene")
    rows = list(
        meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True)
        .select_related("person__user")
        .order_by("person_id")
    )
    quorum = meeting_services.quorum_of(body=congress, term=meeting.term, on=day).required
    for row in rows[: max(present, quorum)]:
        meeting_services.attendance_action(actor=TEST, scope=ADMIN, attendance=row, action="sign_in")
    meeting_services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="start")
    return meeting, [login_of(r.person) for r in rows]


def reviewed_cycle(congress: Body, *, places: int = 3, candidates: int = 5, year: int = 2019, costs=None) -> Cycle:
    cycle = services.cycle_create(actor=TEST, scope=ADMIN, congress=congress, year=year, places=places)
    unit = Unit.objects.filter(region=congress.region).order_by("pk").first() or Unit.objects.order_by("pk").first()
    assert unit is not None
    for i in range(candidates):
        services.candidate_add(
            actor=TEST,
            scope=ADMIN,
            cycle=cycle,
            title=f"候选项目{i + 1}",
            cost=Decimal((costs or [100] * candidates)[i]),
            funding="镇财政",
            unit=unit,
            deadline=datetime.date(year, 12, 31),
        )
    services.cycle_transition(actor=TEST, scope=ADMIN, cycle=cycle, action="close_proposals")
    review = Body.objects.filter(congress=congress, kind=Body.Kind.PRESIDIUM).first()
    return services.cycle_transition(
        actor=TEST, scope=ADMIN, cycle=cycle, action="review", review_body=review, note="同意提交票决", on=DAY
    )
