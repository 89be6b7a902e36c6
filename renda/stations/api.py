"""Read endpoints of the stations app, scoped through the same selectors as the pages."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema

from renda.core.schemas import ERRORS
from renda.org.scoping import scope_for

from . import selectors
from .models import Station

router = Router(tags=["stations"])


class StationOut(Schema):
    """A station, read from the record: a field with an `alias` comes from that attribute path."""

    id: int
    name: str
    kind: str
    town_id: int
    town: str = Field(alias="town.name")
    region_id: int
    address: str
    officer: str | None
    deputies: int = Field(alias="deputy_count")  # annotated by the selector

    @staticmethod
    def resolve_officer(station: Station) -> str | None:
        return str(station.officer) if station.officer else None


class ActivityOut(Schema):
    """An activity, read from the record (as `StationOut`)."""

    id: int
    station_id: int
    station: str = Field(alias="station.name")
    kind: str
    topic: str
    date: datetime.date
    status: str
    deputy_visits: int = Field(alias="signin_count")  # annotated by the selector
    voters_received: int


@router.get("/", response={200: list[StationOut], **ERRORS}, summary="Stations, rooms and online stations the caller may see")
def stations(request, kind: str = "", q: str = ""):
    return selectors.station_list(scope=scope_for(request.user), kind=kind, q=q)


@router.get(
    "/activities", response={200: list[ActivityOut], **ERRORS}, summary="Activities of the caller's stations (at most 500)"
)
def activities(
    request,
    station: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    kind: str = "",
):
    qs = selectors.activity_list(scope=scope_for(request.user), station=station, date_from=date_from, date_to=date_to, kind=kind)
    return qs[:500]
