"""The named cast of the demo district, for tests: users per role and records inside and outside scopes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.test import Client

from renda.core.models import User

from .models import Body, Deputy, Region, Unit

T = TypeVar("T")


def _found(row: T | None, what: str) -> T:
    if row is None:
        raise LookupError(f"the demo district has no {what}")
    return row


@dataclass
class World:
    users: dict[str, User]
    district: Region
    wjj: Region  # 王江泾镇
    xc: Region  # 新塍镇
    wjj_town_deputy: Deputy  # a deputy of 王江泾镇's own congress
    xc_town_deputy: Deputy  # a deputy of 新塍镇's own congress
    wjj_district_deputy: Deputy  # a district deputy elected in 王江泾镇
    xc_district_deputy: Deputy
    own_deputy: Deputy  # the mandate of the "deputy" login
    edu_unit: Unit  # 区教育局, the unit clerk's unit
    other_district_unit: Unit
    wjj_station: Unit
    xc_station: Unit
    standing_committee: Body
    xc_congress: Body

    @classmethod
    def load(cls) -> World:
        users = {u.username: u for u in User.objects.all()}
        district = Region.objects.get(name="秀洲区", parent=None)
        wjj = Region.objects.get(name="王江泾镇")
        xc = Region.objects.get(name="新塍镇")
        serving = Deputy.objects.filter(status=Deputy.Status.SERVING).select_related("person").order_by("pk")
        own = _found(serving.filter(person__user=users["deputy"], congress__level=Body.Level.DISTRICT).first(), "own mandate")

        def first(**kwargs: Any) -> Deputy:
            return _found(serving.filter(**kwargs).exclude(person=own.person).first(), f"deputy {kwargs}")

        return cls(
            users=users,
            district=district,
            wjj=wjj,
            xc=xc,
            wjj_town_deputy=first(congress__region=wjj, congress__kind=Body.Kind.CONGRESS),
            xc_town_deputy=first(congress__region=xc),
            wjj_district_deputy=first(congress__region=district, region__path__startswith=wjj.path),
            xc_district_deputy=first(congress__region=district, region__path__startswith=xc.path),
            own_deputy=own,
            edu_unit=Unit.objects.get(name="区教育局"),
            other_district_unit=Unit.objects.get(name="区水利局"),
            wjj_station=_found(Unit.objects.filter(region=wjj).order_by("pk").first(), "unit in 王江泾镇"),
            xc_station=_found(Unit.objects.filter(region=xc).order_by("pk").first(), "unit in 新塍镇"),
            standing_committee=Body.objects.get(kind=Body.Kind.STANDING_COMMITTEE, region=district),
            xc_congress=Body.objects.get(kind=Body.Kind.CONGRESS, region=xc),
        )

    def client(self, username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(self.users[username])
        return client


ROLES = ["anonymous", "admin", "office", "committee", "wjj_staff", "wjj_liaison", "edu_clerk", "leader", "deputy"]
