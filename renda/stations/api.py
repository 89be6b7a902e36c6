"""Read endpoints of the stations app, scoped through the same selectors as the pages."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from renda.core.schemas import ERRORS
from renda.org.scoping import scope_for

from . import selectors

router = Router(tags=["stations"])


class StationOut(Schema):
    id: int
    name: str
    kind: str
    town_id: int
    town: str
    region_id: int
    address: str
    officer: str | None
    deputies: int


class ActivityOut(Schema):
    id: int
    station_id: int
    station: str
    kind: str
    topic: str
    date: datetime.date
    status: str
    deputy_visits: int
    voters_received: int


@router.get("/", response={200: list[StationOut], **ERRORS}, summary="Stations, rooms and online stations the caller may see")
def stations(request, kind: str = "", q: str = ""):
    return [
        StationOut(
            id=s.pk,
            name=s.name,
            kind=s.kind,
            town_id=s.town_id,
            town=s.town.name,
            region_id=s.region_id,
            address=s.address,
            officer=str(s.officer) if s.officer else None,
            deputies=s.deputy_count,  # type: ignore[attr-defined]  # annotated by the selector
        )
        for s in selectors.station_list(scope=scope_for(request.user), kind=kind, q=q)
    ]


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
    return [
        ActivityOut(
            id=a.pk,
            station_id=a.station_id,
            station=a.station.name,
            kind=a.kind,
            topic=a.topic,
            date=a.date,
            status=a.status,
            deputy_visits=a.signin_count,  # type: ignore[attr-defined]  # annotated by the selector
            voters_received=a.voters_received,
        )
        for a in qs[:500]
    ]
