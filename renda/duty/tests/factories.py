"""Rows for the duty app's service tests, on org's factories, without the demo district.

    w = Setting.build()          # a district with a town, their congresses, a group of three deputies, logins
    topic = TopicFactory(congress=w.congress, groups=[w.group])
    activity = GroupActivityFactory(group=w.group)

Names carry a sequence number so that they never collide with the demo's rows (the test database holds both).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import factory
from factory.django import DjangoModelFactory

from renda.core.models import User
from renda.org.models import Body, ContactAssignment, Deputy, DeputyGroup, Membership, Region, Role
from renda.org.tests.factories import (
    BodyFactory,
    CongressFactory,
    DeputyFactory,
    ElectoralDistrictFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
    TermFactory,
    UserFactory,
)
from renda.stations.models import Station
from renda.stations.tests.factories import StationFactory

from ..models import GroupActivity, SelfReport, Topic, TrainingPlan, TrainingSession, VoterReport


class DeputyGroupFactory(DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"测试代表小组{n}")
    region = factory.SelfAttribute("congress.region")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True

    congress = factory.SubFactory(CongressFactory)
    region = factory.SelfAttribute("congress.region")
    year = 2017
    quarter = 1
    title = factory.Sequence(lambda n: f"测试季度主题{n}")

    @factory.post_generation
    def groups(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.set(extracted)


class GroupActivityFactory(DjangoModelFactory):
    class Meta:
        model = GroupActivity

    group = factory.SubFactory(DeputyGroupFactory)
    region = factory.SelfAttribute("group.region")
    title = factory.Sequence(lambda n: f"测试小组活动{n}")
    date = datetime.date(2017, 3, 30)


class TrainingPlanFactory(DjangoModelFactory):
    class Meta:
        model = TrainingPlan

    congress = factory.SubFactory(CongressFactory)
    region = factory.SelfAttribute("congress.region")
    year = 2017
    title = factory.Sequence(lambda n: f"测试培训计划{n}")


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    plan = factory.SubFactory(TrainingPlanFactory)
    region = factory.SelfAttribute("plan.region")
    title = factory.Sequence(lambda n: f"测试培训{n}")
    date = datetime.date(2017, 2, 16)


class VoterReportFactory(DjangoModelFactory):
    class Meta:
        model = VoterReport

    deputy = factory.SubFactory(DeputyFactory)
    station = factory.SubFactory(StationFactory)
    region = factory.SelfAttribute("station.region")
    date = datetime.date(2017, 6, 15)
    title = factory.Sequence(lambda n: f"测试述职{n}")


class SelfReportFactory(DjangoModelFactory):
    class Meta:
        model = SelfReport

    deputy = factory.SubFactory(DeputyFactory)
    region = factory.SelfAttribute("deputy.region")
    kind = SelfReport.Kind.VISIT
    date = datetime.date(2017, 5, 20)
    title = factory.Sequence(lambda n: f"测试自报活动{n}")
    text = "走访选民。"


@dataclass
class Setting:
    """A small district: a district congress with a town under it, a deputy group of three district deputies
    elected in the town (one of them with a login), a standing-committee member with a login assigned to two of
    them, a station in the town, and the office, the town's staff and another town's staff."""

    district: Region
    town: Region
    other_town: Region
    congress: Body
    town_congress: Body
    group: DeputyGroup
    deputies: list[Deputy]
    outsider: Deputy  # a deputy of the same congress in another group
    station: Station
    member: Membership
    assignments: list[ContactAssignment]
    office: User
    town_staff: User
    other_staff: User
    deputy_user: User
    member_user: User

    @classmethod
    def build(cls):  # untyped: factory-boy's classes stand for their models
        district = RegionFactory(kind=Region.Kind.DISTRICT)
        town, other = RegionFactory(parent=district), RegionFactory(parent=district)
        congress = CongressFactory(region=district, level=Body.Level.DISTRICT)
        town_congress = CongressFactory(region=town, level=Body.Level.TOWN)
        term = TermFactory(congress=congress, start_date=datetime.date(2016, 12, 28))
        TermFactory(congress=town_congress, start_date=datetime.date(2016, 12, 20))
        electoral = ElectoralDistrictFactory(term=term, region=town)
        group = DeputyGroupFactory(congress=congress, region=town)
        deputy_user = UserFactory(grants=[(Role.DEPUTY, {})])
        people = [PersonFactory(user=deputy_user), PersonFactory(), PersonFactory()]
        deputies = [
            DeputyFactory(person=p, term=term, electoral_district=electoral, group=group, is_reelected=(i == 2))
            for i, p in enumerate(people)
        ]
        outsider = DeputyFactory(term=term, electoral_district=ElectoralDistrictFactory(term=term, region=other))
        committee = BodyFactory(congress=congress)
        member_user = UserFactory(grants=[(Role.LEADER, {"region": district})])
        member = MembershipFactory(person=PersonFactory(user=member_user), body=committee, term=term)
        assignments = [ContactAssignment.objects.create(member=member, deputy=d) for d in deputies[:2]]
        return cls(
            district=district, town=town, other_town=other, congress=congress, town_congress=town_congress, group=group,
            deputies=deputies, outsider=outsider, station=StationFactory(town=town), member=member, assignments=assignments,
            office=UserFactory(grants=[(Role.OFFICE, {"region": district})]),
            town_staff=UserFactory(grants=[(Role.TOWN, {"region": town})]),
            other_staff=UserFactory(grants=[(Role.TOWN, {"region": other})]),
            deputy_user=deputy_user, member_user=member_user,
        )  # fmt: skip
