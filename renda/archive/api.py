"""The duty archive's API: a deputy's archive of a year (the deputy themselves, staff within their scope; 404 for
anyone else), the yearly score lists, the scoring schemes (reads and writes), and the public report card.
Every endpoint goes through the same selectors and services as the pages."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.errors import DomainError
from renda.core.lifecycle import actions_payload
from renda.core.listing import MAX_YEAR, MIN_YEAR
from renda.core.requests import AuthedRequest
from renda.core.schemas import ERRORS, ActionOut, Count, ErrorOut, Id, Points, Year
from renda.org.models import Body, Deputy
from renda.org.scoping import Scope, scope_allowed, scope_for

from . import permissions, selectors, services
from .lifecycles import SCHEME
from .models import ScoreScheme

router = Router(tags=["archive"])
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}


class DeputyRef(Schema):
    id: int
    name: str
    congress_id: int
    congress: str
    region: str


class EntryOut(Schema):
    kind: str
    label: str
    date: datetime.date
    title: str
    detail: str
    points: int
    source_url: str
    public_url: str | None


class ArchiveOut(Schema):
    deputy: DeputyRef
    year: int
    score: int
    grade: str
    grade_label: str
    rule_version: str
    maximum: int
    entries: list[EntryOut]


class ScoreRowOut(Schema):
    deputy_id: int
    name: str
    region: str
    status: str
    score: int
    grade: str
    records: int


class ScoresOut(Schema):
    congress_id: int
    congress: str
    year: int
    rule_version: str
    final: bool
    rows: list[ScoreRowOut]


class AdviceOut(Schema):
    deputy_id: int
    name: str
    grades: dict[str, str]
    scores: dict[str, int]
    absences_without_leave: int
    flagged: bool
    advice: str


class ReelectionOut(Schema):
    congress_id: int
    term: int | None
    years: list[int]
    rows: list[AdviceOut]


class SchemeOut(Schema):
    id: int
    congress_id: int
    congress: str
    year: int
    version: str
    state: str
    base: int
    maximum: int
    good_from: int
    fair_from: int
    points: dict[str, int]
    caps: dict[str, int]
    actions: list[ActionOut]


class SchemeOpenIn(Schema):
    congress_id: Id
    year: Year


class SchemeIn(Schema):
    points: dict[str, Points]
    caps: dict[str, Points] = {}
    base: Points
    maximum: Count = 100
    good_from: Count
    fair_from: Count


class MetricOut(Schema):
    key: str
    label: str
    value: int
    median: float


class PublicEntryOut(Schema):
    kind: str
    label: str
    date: datetime.date
    title: str
    detail: str
    url: str


class PublicCardOut(Schema):
    deputy_id: int
    name: str
    congress: str
    year: int
    compared_with: int
    metrics: list[MetricOut]
    entries: list[PublicEntryOut]


def _year(year: int | None, default: int) -> int:
    if year is None:
        return default
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(_("Choose a year between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR})
    return year


def _deputy(d: Deputy) -> dict:
    return {"id": d.pk, "name": d.person.name, "congress_id": d.congress_id, "congress": d.congress.name, "region": d.region.name}


@router.get("/deputies/{deputy_id}/archive", response={200: ArchiveOut, **ERRORS},
            summary="A deputy's duty archive of a year, scored (the deputy, staff within their scope; 404 otherwise)")  # fmt: skip
def deputy_archive(request: AuthedRequest, deputy_id: Id, year: Year | None = None) -> dict:
    scope = scope_for(request.user)
    deputy = selectors.deputy_get(scope=scope, pk=deputy_id)
    archive = selectors.archive_of(deputy, _year(year, selectors.default_year(deputy)))
    return {
        "deputy": _deputy(deputy), "year": archive.year, "score": archive.score, "grade": archive.grade,
        "grade_label": archive.grade_label, "rule_version": archive.scheme.version, "maximum": archive.scheme.maximum,
        "entries": [
            {"kind": line.entry.kind, "label": line.label, "date": line.entry.date, "title": line.entry.title,
             "detail": line.entry.detail, "points": line.points, "source_url": line.entry.source_url,
             "public_url": line.entry.public_url or None}
            for line in archive.lines
        ],
    }  # fmt: skip


def _list_args(request: AuthedRequest, congress: int | None, year: int | None) -> tuple[Scope, Body, int]:
    scope = scope_allowed(request.user, permissions.can_view_lists)
    return scope, selectors.congress_get(scope=scope, pk=congress), _year(year, timezone.localdate().year)


def _row(r: selectors.ScoreRow) -> dict:
    return {"deputy_id": r.deputy.pk, "name": r.deputy.person.name, "region": r.deputy.region.name, "status": r.deputy.status,
            "score": r.score, "grade": r.grade, "records": r.records}  # fmt: skip


@router.get("/archive/scores", response={200: ScoresOut, **ERRORS},
            summary="The yearly scores of a congress's deputies the caller covers (best first)")  # fmt: skip
def scores(request: AuthedRequest, congress: Id | None = None, year: Year | None = None) -> dict:
    scope, body, year_ = _list_args(request, congress, year)
    scheme, rows = selectors.year_scores(scope=scope, congress=body, year=year_)
    final = scheme.row is not None and scheme.row.year == year_ and SCHEME.in_group(scheme.row, "final")
    return {"congress_id": body.pk, "congress": body.name, "year": year_, "rule_version": scheme.version, "final": final,
            "rows": [_row(r) for r in rows]}  # fmt: skip


@router.get("/archive/excellent", response={200: ScoresOut, **ERRORS},
            summary="Deputies proposed as excellent (履职先进) for a year")  # fmt: skip
def excellent(request: AuthedRequest, congress: Id | None = None, year: Year | None = None) -> dict:
    scope, body, year_ = _list_args(request, congress, year)
    scheme, rows, _places = selectors.excellent(scope=scope, congress=body, year=year_)
    final = scheme.row is not None and scheme.row.year == year_ and SCHEME.in_group(scheme.row, "final")
    return {"congress_id": body.pk, "congress": body.name, "year": year_, "rule_version": scheme.version, "final": final,
            "rows": [_row(r) for r in rows]}  # fmt: skip


@router.get("/archive/reelection", response={200: ReelectionOut, **ERRORS},
            summary="Re-election advice over a term: grades per year, absences without leave, advice")  # fmt: skip
def reelection(request: AuthedRequest, congress: Id | None = None, year: Year | None = None) -> dict:
    scope, body, year_ = _list_args(request, congress, year)
    term, years, rows = selectors.reelection(scope=scope, congress=body, year=year_)
    return {
        "congress_id": body.pk, "term": term.number if term else None, "years": years,
        "rows": [
            {"deputy_id": a.deputy.pk, "name": a.deputy.person.name, "grades": {str(y): g for y, g in a.grades.items()},
             "scores": {str(y): s for y, s in a.scores.items()}, "absences_without_leave": a.absences, "flagged": a.flagged,
             "advice": a.advice}
            for a in rows
        ],
    }  # fmt: skip


def _scheme(scope: Scope, row: ScoreScheme) -> dict:
    return {
        "id": row.pk, "congress_id": row.congress_id, "congress": row.congress.name, "year": row.year, "version": row.label,
        "state": row.state, "base": row.base, "maximum": row.maximum, "good_from": row.good_from, "fair_from": row.fair_from,
        "points": row.points, "caps": row.caps, "actions": actions_payload(SCHEME.available(row, scope)),
    }  # fmt: skip


@router.get("/archive/schemes", response={200: list[SchemeOut], **ERRORS}, summary="Scoring schemes the caller reads")
def schemes(request: AuthedRequest, congress: Id | None = None) -> list[dict]:
    scope = scope_for(request.user)
    return [_scheme(scope, row) for row in selectors.scheme_list(scope=scope, congress=congress)]


@router.post("/archive/schemes", response={200: SchemeOut, **WRITE_ERRORS},
             summary="Open a congress's scheme for a year (a copy of the one that year was scored with)")  # fmt: skip
def scheme_open(request: AuthedRequest, payload: SchemeOpenIn) -> dict:
    scope = scope_allowed(request.user, permissions.can_manage_schemes)
    congress = selectors.congress_get(scope=scope, pk=payload.congress_id)
    row = services.scheme_open(actor=request.user, scope=scope, congress=congress, year=_year(payload.year, payload.year))
    return _scheme(scope, selectors.scheme_get(scope=scope, pk=row.pk))


@router.get("/archive/schemes/{scheme_id}", response={200: SchemeOut, **ERRORS}, summary="One scoring scheme")
def scheme_detail(request: AuthedRequest, scheme_id: Id) -> dict:
    scope = scope_for(request.user)
    return _scheme(scope, selectors.scheme_get(scope=scope, pk=scheme_id))


@router.post("/archive/schemes/{scheme_id}", response={200: SchemeOut, **WRITE_ERRORS},
             summary="Change an open scheme (its version goes up; refused once frozen)")  # fmt: skip
def scheme_update(request: AuthedRequest, scheme_id: Id, payload: SchemeIn) -> dict:
    scope = scope_for(request.user)
    row = selectors.scheme_get(scope=scope, pk=scheme_id)
    row = services.scheme_update(actor=request.user, scope=scope, scheme=row, **payload.dict())
    return _scheme(scope, row)


@router.post("/archive/schemes/{scheme_id}/freeze", response={200: SchemeOut, **WRITE_ERRORS},
             summary="Freeze a scheme: the year's scores are final")  # fmt: skip
def scheme_freeze(request: AuthedRequest, scheme_id: Id) -> dict:
    scope = scope_for(request.user)
    row = selectors.scheme_get(scope=scope, pk=scheme_id)
    return _scheme(scope, services.scheme_freeze(actor=request.user, scope=scope, scheme=row))


@router.get("/archive/public/{deputy_id}", auth=None, response={200: PublicCardOut, 404: ErrorOut, 422: ErrorOut},
            summary="A deputy's public report card of a year: published records only, beside the congress's median")  # fmt: skip
def public_card(request: HttpRequest, deputy_id: Id, year: Year | None = None) -> dict:
    deputy = selectors.public_deputy_get(pk=deputy_id)
    card = selectors.public_card(pk=deputy.pk, year=_year(year, selectors.default_year(deputy)))
    return {
        "deputy_id": deputy.pk, "name": deputy.person.name, "congress": deputy.congress.name, "year": card.year,
        "compared_with": card.compared_with,
        "metrics": [{"key": m.key, "label": m.label, "value": m.value, "median": m.median} for m in card.metrics],
        "entries": [{"kind": e.kind, "label": label, "date": e.date, "title": e.title, "detail": e.detail, "url": e.public_url}
                    for e, label in card.entries],
    }  # fmt: skip
