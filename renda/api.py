"""The HTTP API: django-ninja, OpenAPI 3 at /api/openapi.json, docs at /api/docs."""

import datetime
from dataclasses import asdict

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError

from renda import overview
from renda.core.api import router as core_router
from renda.core.api_auth import API_AUTH
from renda.core.errors import DomainError, NotPermitted
from renda.meetings.api import router as meetings_router
from renda.opinions.api import router as opinions_router
from renda.org.api import router as org_router
from renda.org.scoping import scope_for
from renda.projects.api import router as projects_router
from renda.stations.api import router as stations_router
from renda.suggestions.api import router as suggestions_router
from renda.supervision.api import router as supervision_router


class FigureOut(Schema):
    section: str
    key: str
    label: str
    value: int
    url: str | None
    note: str


class OverviewOut(Schema):
    year: int
    half: int
    date_from: datetime.date
    date_to: datetime.date
    figures: list[FigureOut]


api = NinjaAPI(title="Renda API", version="1.0", auth=API_AUTH, urls_namespace="api")
api.add_router("/", org_router)
api.add_router("/accounts/", core_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/projects/", projects_router)
api.add_router("/stations/", stations_router)
api.add_router("/opinions/", opinions_router)
api.add_router("/suggestions/", suggestions_router)
api.add_router("/supervision/", supervision_router)


@api.exception_handler(NotPermitted)
def not_permitted(request, exc):
    if exc.hide:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)
    return api.create_response(request, {"detail": str(exc) or _("You do not have permission to do this.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(DomainError)
def domain_error(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": _("Invalid input."), "errors": exc.errors}, status=422)


@api.get("/overview", response=OverviewOut, summary="Headline figures of a half-year, each with the URL of its records")
def overview_figures(request, year: int | None = None, half: int | None = None):
    """The work overview's figures (as /overview/): half 1 or 2, 0 for the whole year; without year, the half-year
    of the latest station activity in the caller's scope. Staff and leaders only (403 for other roles)."""
    scope = scope_for(request.user)
    if not overview.can_view_overview(scope):
        raise NotPermitted()
    default_year, default_half = overview.default_period(scope)
    year = year if year is not None else default_year
    half = half if half is not None else default_half
    if not 2000 <= year <= 2100 or half not in (0, 1, 2):
        raise DomainError(_("Choose a year between 2000 and 2100 and a period."))
    period = overview.half_year(year, half)
    figures = [asdict(f) for f in overview.collect(scope, period)]
    return {"year": year, "half": half, "date_from": period.date_from, "date_to": period.date_to, "figures": figures}
