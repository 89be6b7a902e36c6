"""factory-boy factories for the opinions app: an opinion at a station, and `Place`, the few rows a service test of
the opinions workflow needs (a district with a town and a village, the town's station and its officer, the
office, a district unit with its clerk), without the demo district.

    place = Place.build()
    opinion = OpinionFactory(station=place.station, region=place.village)     # registered, with a step-less history
"""

from __future__ import annotations

from dataclasses import dataclass

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from renda.core.models import User
from renda.org.models import Region, Role, Unit
from renda.org.tests.factories import RegionFactory, UnitFactory, UserFactory
from renda.stations.models import Station
from renda.stations.tests.factories import StationFactory

from ..models import Opinion, Status


class OpinionFactory(DjangoModelFactory):
    class Meta:
        model = Opinion

    station = factory.SubFactory(StationFactory)
    town = factory.SelfAttribute("station.town")
    region = factory.SelfAttribute("station.region")
    source = Opinion.Source.STATION
    category = "城乡建设"
    text = factory.Sequence(lambda n: f"测试意见{n}：村口道路破损，希望修缮。")
    contact_name = "张三"
    phone = "13900001111"
    tracking_code = factory.Sequence(lambda n: f"TEST{n:06d}")
    status = Status.REGISTERED
    registered_at = factory.LazyFunction(timezone.now)


@dataclass
class Place:
    district: Region
    town: Region
    village: Region
    station: Station
    liaison: User  # the station's officer
    office: User  # office staff of the district
    unit: Unit  # a district unit that answers routed opinions
    clerk: User  # its clerk

    @classmethod
    def build(cls):  # untyped: factory-boy's stubs type a factory call as the factory, not the model
        district = RegionFactory(kind=Region.Kind.DISTRICT)
        town = RegionFactory(parent=district, kind=Region.Kind.TOWN)
        village = RegionFactory(parent=town, kind=Region.Kind.VILLAGE)
        station = StationFactory(town=town)
        unit = UnitFactory(region=district)
        return cls(
            district=district,
            town=town,
            village=village,
            station=station,
            liaison=station.officer,
            office=UserFactory(grants=[(Role.OFFICE, {"region": district})]),
            unit=unit,
            clerk=UserFactory(grants=[(Role.UNIT_CLERK, {"unit": unit})]),
        )

    def other_unit(self):
        return UnitFactory(region=self.district)

    def clerk_of(self, unit):
        return UserFactory(grants=[(Role.UNIT_CLERK, {"unit": unit})])
