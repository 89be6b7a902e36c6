"""Factories of the meetings workflow (the few rows a service test needs, without the demo district), and helpers
that open a meeting in progress with members who can vote.

    committee = CommitteeFactory(members=5)            # a district standing committee with five seated members
    meeting, users = open_meeting(body=committee, present=3)
    poll = started_poll(meeting)
    opinion = ReviewOpinionFactory()                    # a draft on a report heard at a standing-committee meeting

Built on `renda/org/tests/factories.py`; names carry sequence numbers so they never collide with the demo's rows.
Without `body=`, `open_meeting` uses the demo district's standing committee (27 members).
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from renda.core.actors import system
from renda.core.models import User
from renda.meetings import services
from renda.meetings.membership import meeting_title
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, PollOption, ReviewOpinion
from renda.org.models import Body, Membership, Person, Role, RoleGrant, Term
from renda.org.scoping import Scope
from renda.org.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    UnitFactory,
)

ADMIN = Scope.system("tests: meetings")
TEST = system("tests: meetings")
DAY = datetime.date(2017, 9, 21)


# --- factories ----------------------------------------------------------------------------------------


def term_of(body: Body) -> Term:
    """The current term of the body's congress (created by the factory when it has none)."""
    congress = body.congress or body
    return Term.objects.filter(congress=congress).order_by("-start_date").first() or TermFactory.create(congress=congress)


def _seat_members(body: Body, create: bool, extracted: int | None, **kwargs: Any) -> None:
    if create and extracted:
        MembershipFactory.create_batch(extracted, body=body, term=term_of(body))


class CommitteeFactory(BodyFactory):
    """A district standing committee (its congress and region come along) with `members` people seated for its
    congress's term: `CommitteeFactory(members=5)`."""

    class Meta:
        model = Body
        skip_postgeneration_save = True

    kind = Body.Kind.STANDING_COMMITTEE

    members = factory.PostGeneration(_seat_members)


class DirectorsMeetingFactory(BodyFactory):
    """The directors' meeting (主任会议) of a congress: it approves the standing committee's review opinions."""

    kind = Body.Kind.DIRECTORS_MEETING


class MeetingFactory(DjangoModelFactory):
    """A planned meeting of a body (nobody invited: use `services.meeting_create` for that)."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    term = factory.LazyAttribute(lambda o: term_of(o.body))
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: meeting_title(o.body, o.term, o.number))
    start_date = DAY
    end_date = factory.SelfAttribute("start_date")
    region = factory.SelfAttribute("body.region")
    state = Meeting.State.PLANNED


class AgendaItemFactory(DjangoModelFactory):
    """A report heard (with its reporting unit) on a meeting's agenda."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.HEAR_REPORT
    title = factory.Sequence(lambda n: f"听取和审议测试报告{n}")
    reporting_unit = factory.SubFactory(UnitFactory, region=factory.SelfAttribute("..meeting.region"))


class AttendanceFactory(DjangoModelFactory):
    """A voting member invited to a meeting."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = Attendance.Role.MEMBER
    entitled = True
    status = Attendance.Status.INVITED
    region = factory.SelfAttribute("meeting.region")


def _add_options(poll: Poll, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
    """The poll's options (`PollFactory(options=["甲", "乙"])`); without any, the motion itself."""
    if create:
        texts = extracted or [poll.title]
        PollOption.objects.bulk_create(PollOption(poll=poll, order=i, text=t) for i, t in enumerate(texts, start=1))


class PollFactory(DjangoModelFactory):
    """A poll not yet started, on the motion itself (one option)."""

    class Meta:
        model = Poll
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"测试表决{n}")
    kind = Poll.Kind.NAMED
    method = Poll.Method.YNA
    threshold = Poll.Threshold.HALF_MEMBERS
    state = Poll.State.CREATED
    region = factory.SelfAttribute("meeting.region")

    options = factory.PostGeneration(_add_options)


class ReviewOpinionFactory(DjangoModelFactory):
    """Draft review opinions on a report heard at a standing-committee meeting, for the reporting unit."""

    class Meta:
        model = ReviewOpinion

    item = factory.SubFactory(
        AgendaItemFactory, meeting=factory.SubFactory(MeetingFactory, body=factory.SubFactory(CommitteeFactory))
    )
    unit = factory.SelfAttribute("item.reporting_unit")
    text = factory.Sequence(lambda n: f"一、加强统筹；二、落实责任。（{n}）")
    state = ReviewOpinion.State.DRAFT
    region = factory.SelfAttribute("item.meeting.region")


# --- helpers ------------------------------------------------------------------------------------------


def voter_user(person: Person) -> User:
    """The person's login (created with a deputy grant when missing)."""
    if person.user_id:
        assert person.user is not None
        return person.user
    user = User.objects.create_user(username=f"p{person.pk}", password="x", display_name=person.name)  # noqa: S106
    RoleGrant.objects.create(user=user, role=Role.DEPUTY)
    person.user = user
    person.save(update_fields=["user"])
    return user


def open_meeting(*, body: Body | None = None, day: datetime.date = DAY, present: int | None = None) -> tuple[Meeting, list[User]]:
    """A meeting in progress with `present` members signed in by staff (by default just the quorum: no meeting
    opens without it). Returns it and its members' users (the present ones first).

    With fewer than the quorum present the meeting is convened but cannot open: it stays convened (sign-in is
    open, polls cannot start)."""
    body = body or Body.objects.get(kind=Body.Kind.STANDING_COMMITTEE, level=Body.Level.DISTRICT, name="秀洲区人大常委会")
    meeting = services.meeting_create(actor=TEST, scope=ADMIN, body=body, start_date=day)
    services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="convene")
    rows = list(
        meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True)
        .select_related("person__user")
        .order_by("person_id")
    )
    quorum = services.quorum_of(body=body, term=meeting.term, on=day)
    present = quorum.required if present is None else present
    for row in rows[:present]:
        services.attendance_action(actor=TEST, scope=ADMIN, attendance=row, action="sign_in")
    if present >= quorum.required:
        services.meeting_transition(actor=TEST, scope=ADMIN, meeting=meeting, action="start")
    meeting.refresh_from_db()
    return meeting, [voter_user(r.person) for r in rows]


def sign_in(meeting: Meeting, n: int | None = None) -> None:
    """Staff sign in the first `n` invited voting members (by default the quorum), so the meeting may open."""
    if n is None:
        n = services.quorum_of(body=meeting.body, term=meeting.term, on=meeting.start_date).required
    rows = meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True, status=Attendance.Status.INVITED)
    for row in rows.order_by("person_id")[:n]:
        services.attendance_action(actor=TEST, scope=ADMIN, attendance=row, action="sign_in")


def started_poll(meeting: Meeting, **kwargs: Any) -> Poll:
    kwargs.setdefault("title", "测试表决")
    kwargs.setdefault("kind", Poll.Kind.NAMED)
    poll = services.poll_create(actor=TEST, scope=ADMIN, meeting=meeting, **kwargs)
    return services.poll_transition(actor=TEST, scope=ADMIN, poll=poll, action="start")


def motion(poll: Poll) -> int:
    return poll.options.get().pk


def end_seat(person: Person, day: datetime.date) -> None:
    Membership.objects.filter(person=person, body__kind=Body.Kind.STANDING_COMMITTEE).update(end_date=day)
