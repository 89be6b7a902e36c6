"""Read endpoints of the org app, every one scoped to the caller through the same selectors as the pages."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from renda.core.errors import DomainError, NotPermitted
from renda.core.requests import AuthedRequest
from renda.core.routes import Record
from renda.core.schemas import ERRORS, Day, ErrorOut, Id, PageNumber, PageSize

from . import imports, permissions, selectors, services
from .models import Body, Deputy, Region, Term, Unit
from .scoping import Scope, scope_for

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
    """A mandate, read from the record: a field with an `alias` comes from that attribute path."""

    id: int
    name: str = Field(alias="person.name")
    gender: str = Field(alias="person.gender")
    birth_date: datetime.date = Field(alias="person.birth_date")
    ethnicity: str = Field(alias="person.ethnicity")
    party: str = Field(alias="person.party")
    congress_id: int
    congress: str = Field(alias="congress.name")
    level: str = Field(alias="congress.level")
    term_id: int
    term_number: int = Field(alias="term.number")
    electoral_district: str = Field(alias="electoral_district.name")
    region_id: int
    region: str = Field(alias="region.name")
    group: str | None
    occupation: str
    is_reelected: bool
    status: str
    elected_date: datetime.date
    status_date: datetime.date | None

    @staticmethod
    def resolve_group(deputy: Deputy) -> str | None:
        return deputy.group.name if deputy.group else None


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
    region: str = Field(alias="region.name")
    head_name: str
    head_title: str
    phone: str
    is_active: bool


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]


class DeputyQuery(Schema, selectors.DeputyFilters):
    """The list's filters (as on the page) and the page wanted; ids within what a database column holds."""

    congress: Id | None = None
    term: Id | None = None
    region: Id | None = None
    group: Id | None = None
    page: PageNumber = 1
    page_size: PageSize = 50


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The caller and their roles")
def me(request: HttpRequest) -> MeOut:
    scope = scope_for(request.user)
    return MeOut(username=request.user.username, display_name=str(request.user), roles=sorted(scope.roles))


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, summary="Regions the caller covers")
def regions(request: HttpRequest) -> QuerySet[Region]:
    return selectors.region_list(scope=scope_for(request.user))


@router.get("/bodies", response={200: list[BodyOut], **ERRORS}, summary="Congress bodies the caller covers")
def bodies(request: HttpRequest, kind: str | None = None) -> QuerySet[Body]:
    return selectors.body_list(scope=scope_for(request.user), kind=kind)


@router.get("/terms", response={200: list[TermOut], **ERRORS}, summary="Terms of the congresses the caller covers")
def terms(request: HttpRequest, congress: Id | None = None) -> QuerySet[Term]:
    return selectors.term_list(scope=scope_for(request.user), congress=congress)


@router.get("/deputies", response={200: DeputyPage, **ERRORS}, summary="Deputies the caller may see, filtered and paginated")
def deputies(request: HttpRequest, filters: Query[DeputyQuery]) -> dict[str, object]:
    scope = scope_for(request.user)
    page_size = max(1, min(filters.page_size, 500))
    page = max(1, filters.page)
    qs = selectors.deputy_list(scope=scope, filters=filters)
    count = qs.count()
    items = list(qs[(page - 1) * page_size : page * page_size])  # read as DeputyOut by the response's schema
    return {"count": count, "page": page, "page_size": page_size, "items": items}


@router.get("/deputies/{deputy_id}", response={200: DeputyOut, **ERRORS}, summary="One deputy (404 outside the caller's scope)")
def deputy(request: HttpRequest, deputy_id: Id) -> Deputy:
    return selectors.deputy_get(scope=scope_for(request.user), pk=deputy_id)


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="Handling units the caller may see")
def units(request: HttpRequest, kind: str | None = None, region: Id | None = None, q: str = "") -> QuerySet[Unit]:
    return selectors.unit_list(scope=scope_for(request.user), kind=kind, region=region, q=q)


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="One handling unit")
def unit(request: HttpRequest, unit_id: Id) -> Unit:
    return selectors.unit_get(scope=scope_for(request.user), pk=unit_id)


# The page writes these operations twin (tests/test_api_coverage.py).
PAGE_TWINS: dict[str, str | dict[str, str]] = {
    "org:deputy_personal": "POST /api/deputies/{deputy_id}/personal",
    "org:deputy_status": "POST /api/deputies/{deputy_id}/status",
    "org:deputy_resume": "POST /api/deputies/{deputy_id}/resume",
    "org:deputy_import": "POST /api/rosters/deputies/import",  # the rosters' Excel imports (below)
    "org:unit_import": "POST /api/rosters/units/import",
}


class PersonalOut(Schema):
    phone: str
    id_number: str


@router.post(
    "/deputies/{deputy_id}/personal",
    response={200: PersonalOut, **ERRORS},
    summary="Reveal a deputy's phone and ID number (audited; the offices and the deputy themself)",
)
def deputy_personal(request: AuthedRequest, deputy_id: Id) -> dict[str, str]:
    """Each reveal is an audit event (who saw whose data, when); 403 for those who see the deputy but may not."""
    scope = scope_for(request.user)
    deputy = selectors.deputy_get(scope=scope, pk=deputy_id)
    return services.personal_data_reveal(actor=request.user, scope=scope, deputy=deputy)


# --- a deputy's status (暂停执行代表职务, 辞职, 代表资格终止, 恢复) -------------------------------------------------


class DeputyStatusIn(Schema):
    status: Annotated[str, Field(max_length=16)]
    date: Day
    ground: Annotated[str, Field(max_length=200)] = ""
    note: Annotated[str, Field(max_length=100)] = ""


class DeputyResumeIn(Schema):
    date: Day


STATUS_ERRORS = {**ERRORS, 409: ErrorOut}


# A deputy's status writes (core.routes): the mandate in the caller's scope, 409 for a mandate already ended.
DEPUTIES = Record(scope=scope_for, get=selectors.deputy_get, detail=lambda scope, d: d, name="deputy", conflicts=True)


@router.post("/deputies/{deputy_id}/status", response={200: DeputyOut, **STATUS_ERRORS},
             summary="Suspend the deputy's duties or end the mandate (suspended | resigned | terminated) on a legal ground "
                     "(the rules org.deputy.suspension_grounds / termination_grounds); 409 for a mandate already ended")  # fmt: skip
def deputy_status(request: AuthedRequest, deputy_id: Id, payload: DeputyStatusIn) -> Deputy:
    def record(scope: Scope, d: Deputy, actor: Any) -> Deputy:
        if payload.status not in {Deputy.Status.SUSPENDED, Deputy.Status.RESIGNED, Deputy.Status.TERMINATED}:
            raise DomainError(_("Unknown status."))
        return services.deputy_status_record(actor=actor, scope=scope, deputy=d, **payload.model_dump())

    return DEPUTIES.write(request, deputy_id, record)


@router.post("/deputies/{deputy_id}/resume", response={200: DeputyOut, **STATUS_ERRORS},
             summary="End the suspension of a deputy's duties; 409 when they are not suspended")  # fmt: skip
def deputy_resume(request: AuthedRequest, deputy_id: Id, payload: DeputyResumeIn) -> Deputy:
    return DEPUTIES.call(request, deputy_id, services.deputy_resume, date=payload.date)


# The rosters' Excel imports (the twins of the deputies' and the units' import pages): the same service, scope and
# audit; `dry_run=true` previews (the report, nothing kept).


class RosterRowErrorOut(Schema):
    row: int
    messages: list[str]


class RosterReportOut(Schema):
    """What the import did (or, for a dry run, would do). Refused (422): `ok` false, every bad row with its reasons."""

    detail: str
    ok: bool
    dry_run: bool
    created: int
    updated: int
    errors: list[RosterRowErrorOut]


def _roster(request: AuthedRequest, roster: str, file: UploadedFile, dry_run: bool) -> Status[dict[str, object]]:
    scope = scope_for(request.user)
    allowed, run = {
        "deputies": (permissions.can_import_deputies, imports.deputies_import),
        "units": (permissions.can_import_units, imports.units_import),
    }[roster]
    if not allowed(scope):
        raise NotPermitted()
    report = imports.roster_import(run, actor=request.user, scope=scope, data=file.read(), dry_run=dry_run)
    detail = report.file_error or (
        _("%(n)d rows have problems; nothing was imported.") % {"n": len(report.errors)} if report.errors else "ok"
    )
    body = {
        "detail": detail,
        "ok": report.ok,
        "dry_run": dry_run,
        "created": report.created,
        "updated": report.updated,
        "errors": [{"row": e.row, "messages": e.messages} for e in report.errors],
    }
    return Status(200 if report.ok else 422, body)


@router.post(
    "/rosters/deputies/import",
    response={200: RosterReportOut, **ERRORS, 422: RosterReportOut},
    summary="Import the deputies' roster (the Excel template, multipart `file`; dry_run=true to preview)",
)
def deputies_import(request: AuthedRequest, file: UploadedFile = File(...), dry_run: bool = False) -> Status[dict[str, object]]:  # noqa: B008
    return _roster(request, "deputies", file, dry_run)


@router.post(
    "/rosters/units/import",
    response={200: RosterReportOut, **ERRORS, 422: RosterReportOut},
    summary="Import the units' roster (the Excel template, multipart `file`; dry_run=true to preview)",
)
def units_import(request: AuthedRequest, file: UploadedFile = File(...), dry_run: bool = False) -> Status[dict[str, object]]:  # noqa: B008
    return _roster(request, "units", file, dry_run)

