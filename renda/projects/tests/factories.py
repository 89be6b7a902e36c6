"""factory-boy factories for the projects app: the few rows a service test needs, without the demo district.

    town = make_town()                                    # a town under a fresh district, with its congress
    cycle = CycleFactory(congress=town.congress)          # collecting proposals
    project = ProjectFactory(cycle=cycle)                 # adopted, with its candidate and responsible unit
    leaf = NodeFactory(project=project, code="3")
    deputy, login = deputy_with_login(cycle.congress)     # a serving deputy of the congress who can sign in

Built on `renda.org.tests.factories`; names carry a sequence number so they never collide with the demo district's
rows (the test database holds both). The ballot needs a session in progress with signed-in members: those tests
build it through the meetings services (`helpers.open_session`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from renda.core.models import User
from renda.org.models import Body, Deputy, Region, Role
from renda.org.tests.factories import (
    BodyFactory,
    CongressFactory,
    DeputyFactory,
    PersonFactory,
    RegionFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)
from renda.projects.models import Candidate, Cycle, Node, Project, Proposal, Status, SupervisionGroup
from renda.projects.services import ensure_statuses


@dataclass
class Town:
    """A town under its own district, with the town congress, a term and the congress's presidium."""

    district: Region
    region: Region
    congress: Body
    presidium: Body


def make_town() -> Town:
    district = RegionFactory.create()
    town = RegionFactory.create(parent=district)
    congress = CongressFactory.create(region=town)
    TermFactory.create(congress=congress)
    presidium = BodyFactory.create(congress=congress, kind=Body.Kind.PRESIDIUM)
    return Town(district, town, congress, presidium)


class CycleFactory(DjangoModelFactory):
    class Meta:
        model = Cycle

    congress = factory.SubFactory(CongressFactory)
    year = factory.Sequence(lambda n: 2020 + n % 80)
    places = 2
    state = Cycle.State.COLLECTING
    region = factory.SelfAttribute("congress.region")


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    cycle = factory.SubFactory(CycleFactory)
    source = Proposal.Source.PUBLIC
    title = factory.Sequence(lambda n: f"测试建议{n}")
    description = "测试"
    proposer_name = "测试"
    token = factory.Sequence(lambda n: f"test-proposal-{n}")
    region = factory.SelfAttribute("cycle.region")


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = Candidate

    cycle = factory.SubFactory(CycleFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"测试候选项目{n}")
    cost = Decimal(100)
    funding = "镇财政"
    unit = factory.SubFactory(UnitFactory, region=factory.SelfAttribute("..cycle.region"))
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.cycle.year, 12, 31))
    region = factory.SelfAttribute("cycle.region")


class ProjectFactory(DjangoModelFactory):
    """An adopted project (its cycle implementing), from a candidate of the cycle."""

    class Meta:
        model = Project

    cycle = factory.SubFactory(CycleFactory, state=Cycle.State.IMPLEMENTING)
    candidate = factory.SubFactory(CandidateFactory, cycle=factory.SelfAttribute("..cycle"))
    title = factory.SelfAttribute("candidate.title")
    unit = factory.SelfAttribute("candidate.unit")
    rank = factory.Sequence(lambda n: n + 1)
    deadline = factory.SelfAttribute("candidate.deadline")
    region = factory.SelfAttribute("cycle.region")


class NodeFactory(DjangoModelFactory):
    class Meta:
        model = Node

    project = factory.SubFactory(ProjectFactory)
    parent = None
    kind = Node.Kind.MILESTONE
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"测试成果{n}")
    weight = Decimal(1)
    order = factory.Sequence(lambda n: n)
    region = factory.SelfAttribute("project.region")


class SupervisionGroupFactory(DjangoModelFactory):
    """A supervision group of a cycle: `SupervisionGroupFactory(cycle=…, members=[deputy], projects=[project])`."""

    class Meta:
        model = SupervisionGroup
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"测试督查组{n}")
    region = factory.SelfAttribute("cycle.region")

    @factory.post_generation
    def members(self, create: bool, extracted: list[Deputy] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def projects(self, create: bool, extracted: list[Project] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.projects.set(extracted)


def deputy_with_login(congress: Body) -> tuple[Deputy, User]:
    """A serving deputy of the congress (its latest term) whose person signs in with a deputy grant."""
    user = UserFactory.create(grants=[(Role.DEPUTY, {})])
    term = congress.terms.order_by("-number").first() or TermFactory.create(congress=congress)
    deputy = DeputyFactory.create(term=term, person=PersonFactory.create(user=user))
    return deputy, user


def status(key: str) -> Status:
    """A result status of the rule `projects.statuses` ("in_progress", "done", …)."""
    return next(s for s in ensure_statuses() if s.key == key)
