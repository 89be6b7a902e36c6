"""Voters' opinions for the suggestion tests and the permission matrix, registered through the opinions service."""

from __future__ import annotations

from renda.opinions import services as opinion_services
from renda.opinions.models import Opinion
from renda.org.scoping import build_scope
from renda.stations.models import Station

TEXT = "村口路灯损坏多时，夜间出行不安全，希望尽快修复路灯并增设照明。"


def register(world, station: Station, text: str = TEXT) -> Opinion:
    office = world.users["office"]
    category = opinion_services.categories(station.region)[0]
    return opinion_services.opinion_register(
        actor=office, scope=build_scope(office), station=station, region=station.region, category=category, text=text
    )


def my_station(world) -> Station:
    """A station the "deputy" login is attached to (四定)."""
    return Station.objects.filter(deputies=world.own_deputy).exclude(kind=Station.Kind.ONLINE).order_by("pk")[:1].get()


def other_station(world) -> Station:
    """A station none of the "deputy" login's mandates is attached to."""
    person = world.own_deputy.person_id
    return Station.objects.exclude(deputies__person_id=person).exclude(kind=Station.Kind.ONLINE).order_by("pk")[:1].get()
