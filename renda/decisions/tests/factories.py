"""Rows the decisions tests build for themselves: a town congress in session (deputies present, its presidium a body
of the congress) and a standing committee meeting in progress, with staff who run them.

    session, voters = congress_session(deputies=10, present=8)
    meeting, voters = committee_meeting(members=5)
"""

from __future__ import annotations

from renda.core.actors import system
from renda.core.models import User
from renda.meetings.models import Meeting
from renda.meetings.tests.factories import DAY, CommitteeFactory, open_meeting
from renda.org.models import Body, Role
from renda.org.scoping import Scope
from renda.org.tests.factories import BodyFactory, CongressFactory, DeputyFactory, RegionFactory, TermFactory, UserFactory

ADMIN = Scope.system("tests: decisions")
TEST = system("tests: decisions")


def congress_session(*, deputies: int = 10, present: int | None = None) -> tuple[Meeting, list[User], User]:
    """A town congress session in progress with `deputies` serving and `present` signed in; returns it, the
    deputies' logins (present first) and the town's staff member."""
    town = RegionFactory(parent=RegionFactory())
    congress = CongressFactory.create(region=town)
    term = TermFactory(congress=congress)
    DeputyFactory.create_batch(deputies, term=term)
    BodyFactory(congress=congress, kind=Body.Kind.PRESIDIUM, name=f"{congress.name}主席团")
    meeting, users = open_meeting(body=congress, day=DAY, present=present if present is not None else deputies)
    staff = UserFactory.create(grants=[(Role.TOWN, {"region": town})])
    return meeting, users, staff


def committee_meeting(*, members: int = 5, present: int | None = None) -> tuple[Meeting, list[User], User]:
    """A district standing-committee meeting in progress; returns it, its members' logins and an office user."""
    committee = CommitteeFactory.create(members=members)
    meeting, users = open_meeting(body=committee, day=DAY, present=present if present is not None else members)
    office = UserFactory.create(grants=[(Role.OFFICE, {"region": committee.region})])
    return meeting, users, office
