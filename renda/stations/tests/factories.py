"""factory-boy factories for the stations app: a station (with its officer), its schedule and activities, without
the demo district.

    town = RegionFactory(parent=RegionFactory())
    station = StationFactory(town=town)                   # a liaison station of the town, run by a new officer
    activity = ActivityFactory(station=station)           # a themed activity today, planned
    StationFactory(town=town, kind="online", officer=station.officer)

The officer is a user with a liaison grant on the town (as the demo's officers). Names carry a sequence number so
that they never collide with the demo's rows (the test database holds both).
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from renda.org.models import Role
from renda.org.tests.factories import RegionFactory, UserFactory

from ..models import Activity, ReceptionSchedule, Station


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试联络站{n}")
    kind = Station.Kind.STATION
    town = factory.SubFactory(RegionFactory, parent=factory.SubFactory(RegionFactory))
    region = factory.SelfAttribute("town")
    officer = factory.LazyAttribute(lambda o: UserFactory(grants=[(Role.LIAISON, {"region": o.town})]))
    is_active = True

    @factory.post_generation
    def deputies(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.deputies.add(*extracted)


class ReceptionScheduleFactory(DjangoModelFactory):
    class Meta:
        model = ReceptionSchedule

    station = factory.SubFactory(StationFactory)
    day_of_month = 15
    start_time = datetime.time(9, 0)
    end_time = datetime.time(11, 30)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    station = factory.SubFactory(StationFactory)
    region = factory.SelfAttribute("station.region")
    kind = Activity.Kind.THEMED
    topic = factory.Sequence(lambda n: f"测试活动{n}")
    date = factory.LazyFunction(timezone.localdate)
    status = Activity.Status.PLANNED
