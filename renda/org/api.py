"""Read endpoints of the org app, every one scoped to the caller through the same selectors as the pages."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from renda.core.schemas import ERRORS

from . import selectors
from .models import Deputy, Unit
from .scoping import scope_for

router = Router(tags=["org"])


class RegionOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    depth: int


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    region_id: int
    congress_id: int | None


class TermOut(Schema):
    id: int
    congress_id: int
    number: int
    start_date: datetime.date
    end_date: datetime.date | None


class DeputyOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: datetime.date
    ethnicity: str
    party: str
    congress_id: int
    congress: str
    level: str
    term_id: int
    term_number: int
    electoral_district: str
    region_id: int
    region: str
    group: str | None
    occupation: str
    is_reelected: bool
    status: str
    elected_date: datetime.date
    status_date: datetime.date | None


class DeputyPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DeputyOut]


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    region_id: int
    region: str
    head_name: str
    head_title: str
    phone: str
    is_active: bool


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]


class DeputyQuery(Schema, selectors.DeputyFilters):
    """The list's filters (as on the page) and the page wanted."""

    page: int = 1
    page_size: int = 50


def _deputy_out(d: Deputy) -> DeputyOut:
    return DeputyOut(
        id=d.pk,
        name=d.person.name,
        gender=d.person.gender,
        birth_date=d.person.birth_date,
        ethnicity=d.person.ethnicity,
        party=d.person.party,
        congress_id=d.congress_id,
        congress=d.congress.name,
        level=d.congress.level,
        term_id=d.term_id,
        term_number=d.term.number,
        electoral_district=d.electoral_district.name,
        region_id=d.region_id,
        region=d.region.name,
        group=d.group.name if d.group else None,
        occupation=d.occupation,
        is_reelected=d.is_reelected,
        status=d.status,
        elected_date=d.elected_date,
        status_date=d.status_date,
    )


def _unit_out(u: Unit) -> UnitOut:
    return UnitOut(
        id=u.pk,
        name=u.name,
        kind=u.kind,
        region_id=u.region_id,
        region=u.region.name,
        head_name=u.head_name,
        head_title=u.head_title,
        phone=u.phone,
        is_active=u.is_active,
    )


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The caller and their roles")
def me(request: HttpRequest) -> MeOut:
    scope = scope_for(request.user)
    return MeOut(username=request.user.username, display_name=str(request.user), roles=sorted(scope.roles))


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, summary="Regions the caller covers")
def regions(request: HttpRequest) -> list[RegionOut]:
    return [
        RegionOut(id=r.pk, name=r.name, kind=r.kind, parent_id=r.parent_id, depth=r.depth)
        for r in selectors.region_list(scope=scope_for(request.user))
    ]


@router.get("/bodies", response={200: list[BodyOut], **ERRORS}, summary="Congress bodies the caller covers")
def bodies(request: HttpRequest, kind: str | None = None) -> list[BodyOut]:
    return [
        BodyOut(id=b.pk, name=b.name, kind=b.kind, level=b.level, region_id=b.region_id, congress_id=b.congress_id)
        for b in selectors.body_list(scope=scope_for(request.user), kind=kind)
    ]


@router.get("/terms", response={200: list[TermOut], **ERRORS}, summary="Terms of the congresses the caller covers")
def terms(request: HttpRequest, congress: int | None = None) -> list[TermOut]:
    return [
        TermOut(id=t.pk, congress_id=t.congress_id, number=t.number, start_date=t.start_date, end_date=t.end_date)
        for t in selectors.term_list(scope=scope_for(request.user), congress=congress)
    ]


@router.get("/deputies", response={200: DeputyPage, **ERRORS}, summary="Deputies the caller may see, filtered and paginated")
def deputies(request: HttpRequest, filters: Query[DeputyQuery]) -> DeputyPage:
    scope = scope_for(request.user)
    page_size = max(1, min(filters.page_size, 500))
    page = max(1, filters.page)
    qs = selectors.deputy_list(scope=scope, filters=filters)
    count = qs.count()
    items = [_deputy_out(d) for d in qs[(page - 1) * page_size : page * page_size]]
    return DeputyPage(count=count, page=page, page_size=page_size, items=items)


@router.get("/deputies/{deputy_id}", response={200: DeputyOut, **ERRORS}, summary="One deputy (404 outside the caller's scope)")
def deputy(request: HttpRequest, deputy_id: int) -> DeputyOut:
    return _deputy_out(selectors.deputy_get(scope=scope_for(request.user), pk=deputy_id))


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="Handling units the caller may see")
def units(request: HttpRequest, kind: str | None = None, region: int | None = None, q: str = "") -> list[UnitOut]:
    return [_unit_out(u) for u in selectors.unit_list(scope=scope_for(request.user), kind=kind, region=region, q=q)]


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="One handling unit")
def unit(request: HttpRequest, unit_id: int) -> UnitOut:
    return _unit_out(selectors.unit_get(scope=scope_for(request.user), pk=unit_id))
