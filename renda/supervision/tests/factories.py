"""Factories of supervision: a small district of its own (the few rows a service test needs, without the demo).

    d = make_district()                         # district, town, congresses, standing committee (5 members),
                                                # presidium, deputies, units, logins: d.office, d.town_staff, d.clerk
    activity = ActivityFactory(organiser=d.sc)  # a planned inspection of the standing committee
    round_ = RoundFactory(organiser=d.presidium, units=d.stations)
    campaign = CampaignFactory(organiser=d.sc)

Built on `renda.org.tests.factories` and `renda.meetings.tests.factories`; names carry sequence numbers so they never
collide with the demo district's rows (the test database holds both).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import factory
from factory.django import DjangoModelFactory

from renda.core.actors import system
from renda.core.models import User
from renda.meetings.tests.factories import CommitteeFactory, term_of, voter_user
from renda.org.models import Body, Deputy, Membership, Person, Region, Role, Unit
from renda.org.scoping import Scope, build_scope
from renda.org.tests.factories import BodyFactory, CongressFactory, DeputyFactory, RegionFactory, UnitFactory, UserFactory
from renda.supervision.models import Activity, Campaign, EvaluatedUnit, EvaluationRound

TEST = system("tests: supervision")
D = datetime.date


@dataclass
class District:
    district: Region
    town: Region
    congress: Body  # the district congress
    sc: Body  # its standing committee (members seated)
    committee: Body  # a working committee
    town_congress: Body
    presidium: Body
    units: list[Unit]  # district departments
    stations: list[Unit]  # the town's stations
    deputies: list[Deputy]  # serving district deputies elected in the town
    town_deputies: list[Deputy]
    users: dict[str, User] = field(default_factory=dict)

    def scope(self, name: str) -> Scope:
        return build_scope(self.users[name])

    @property
    def office(self) -> User:
        return self.users["office"]

    def deputy_user(self, deputy: Deputy) -> User:
        return voter_user(deputy.person)


def make_district(*, deputies: int = 6, town_deputies: int = 6, members: int = 5) -> District:
    district = RegionFactory.create()
    town = RegionFactory.create(parent=district)
    congress = CongressFactory.create(region=district)
    sc = CommitteeFactory.create(congress=congress, members=members)
    term = term_of(sc)
    committee = BodyFactory.create(congress=congress, kind=Body.Kind.WORKING_COMMITTEE)
    town_congress = CongressFactory.create(region=town)
    town_term = term_of(town_congress)
    presidium = BodyFactory.create(congress=town_congress, kind=Body.Kind.PRESIDIUM)
    district_deputies = [DeputyFactory.create(term=term, electoral_district__region=town) for _ in range(deputies)]
    local = [DeputyFactory.create(term=town_term) for _ in range(town_deputies)]
    units = [UnitFactory.create(region=district) for _ in range(4)]
    stations = [UnitFactory.create(region=town, kind=Unit.Kind.STATION) for _ in range(4)]
    d = District(district, town, congress, sc, committee, town_congress, presidium, units, stations, district_deputies, local)
    d.users["office"] = UserFactory.create(grants=[(Role.OFFICE, {"region": district})])
    d.users["town"] = UserFactory.create(grants=[(Role.TOWN, {"region": town})])
    d.users["committee"] = UserFactory.create(grants=[(Role.COMMITTEE, {"body": committee})])
    d.users["clerk"] = UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": units[0]})])
    d.users["station_clerk"] = UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": stations[0]})])
    d.users["other_clerk"] = UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": stations[1]})])
    d.users["deputy"] = voter_user(district_deputies[0].person)
    d.users["town_deputy"] = voter_user(local[0].person)
    return d


def members(body: Body) -> list[Person]:
    return [m.person for m in Membership.objects.filter(body=body).select_related("person").order_by("pk")]


class ActivityFactory(DjangoModelFactory):
    """A planned inspection of a body."""

    class Meta:
        model = Activity

    kind = Activity.Kind.INSPECTION
    title = factory.Sequence(lambda n: f"测试视察{n}")
    organiser = factory.SubFactory(BodyFactory)
    region = factory.SelfAttribute("organiser.region")
    start_date = D(2017, 5, 3)
    end_date = factory.SelfAttribute("start_date")
    state = Activity.State.PLANNED


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"test{n}")
    title = factory.Sequence(lambda n: f"测试主题活动{n}")
    organiser = factory.SubFactory(BodyFactory)
    region = factory.SelfAttribute("organiser.region")
    start_date = D(2017, 3, 1)
    end_date = D(2017, 12, 31)
    state = Campaign.State.PLANNED
    town_lists = factory.LazyFunction(
        lambda: [
            {"code": "liaison", "label": "监督联络", "source": ""},
            {"code": "inspection", "label": "调研视察", "source": "activities"},
            {"code": "suggestion", "label": "建议意见", "source": "suggestions"},
        ]
    )
    checklist = factory.LazyFunction(lambda: [{"code": "research", "label": "一次调研"}, {"code": "forum", "label": "一次座谈"}])


def _add_units(round_: EvaluationRound, create: bool, extracted: list[Unit] | None, **kwargs: Any) -> None:
    if create and extracted:
        EvaluatedUnit.objects.bulk_create([EvaluatedUnit(round=round_, unit=u, region_id=round_.region_id) for u in extracted])


class RoundFactory(DjangoModelFactory):
    """An evaluation round collecting self-reports and opinions (`RoundFactory(organiser=…, units=[…])`)."""

    class Meta:
        model = EvaluationRound
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测试站所评议{n}")
    organiser = factory.SubFactory(BodyFactory)
    region = factory.SelfAttribute("organiser.region")
    year = 2017
    state = EvaluationRound.State.PREPARING

    units = factory.PostGeneration(_add_units)


__all__ = ["ActivityFactory", "CampaignFactory", "District", "RoundFactory", "TEST", "make_district", "members", "Scope"]
