"""The HTTP API: django-ninja, OpenAPI 3 at /api/openapi.json, docs at /api/docs."""

import datetime
from dataclasses import asdict
from typing import Any

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from renda import overview
from renda.archive.api import router as archive_router
from renda.core import todo
from renda.core.api import notices_router
from renda.core.api import router as core_router
from renda.core.api_auth import API_AUTH
from renda.core.errors import DomainError, NotPermitted
from renda.core.export_api import router as exports_router
from renda.core.opendata_views import router as opendata_router
from renda.core.schemas import ERRORS, ErrorOut, Year
from renda.decisions.api import router as decisions_router
from renda.duty.api import router as duty_router
from renda.ledgers.api import router as ledgers_router
from renda.meetings.api import router as meetings_router
from renda.opinions.api import router as opinions_router
from renda.org.api import router as org_router
from renda.org.choices_api import router as choices_router
from renda.org.scoping import scope_for
from renda.org.sms_views import router as sms_router
from renda.projects.api import router as projects_router
from renda.search.api import router as search_router
from renda.setup.api import router as setup_router
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


class TodoItemOut(Schema):
    kind: str
    title: str
    url: str
    due: datetime.date | None
    count: int | None
    severity: str


class OverviewOut(Schema):
    year: int
    half: int
    date_from: datetime.date
    date_to: datetime.date
    figures: list[FigureOut]


# The answers the framework itself gives, whatever the operation: 400 for a body that cannot be read (not JSON, not
# UTF-8, multipart without a boundary), 422 for a parameter or field out of its type or range, 401 without a login
# or token where one is needed, and 403 for a write in a browser session that fails the CSRF check. Each operation
# declares its own answers (403, 404, 409, 429 …) in its app's api.py; tests/test_bad_input.py checks both.
FRAMEWORK_ERRORS = {
    "400": "Bad Request: the request body cannot be read",
    "422": "Unprocessable Content: a parameter or field is missing, malformed or out of range",
}
UNAUTHENTICATED = {"401": "Unauthorized: a login session or an API token is needed"}
CSRF = {"403": "Forbidden: a write in a browser session without its CSRF token (or a role that may not)"}


class RendaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                answers = dict(FRAMEWORK_ERRORS)
                if operation.get("security"):
                    answers.update(UNAUTHENTICATED)
                    if method != "get":
                        answers.update(CSRF)
                responses = operation.setdefault("responses", {})
                for status, description in answers.items():
                    responses.setdefault(status, {"description": description, "content": error})
        return schema


api = RendaAPI(title="Renda API", version="1.0", auth=API_AUTH, urls_namespace="api")
api.add_router("/", org_router)
api.add_router("/accounts/", core_router)
api.add_router("/notices/", notices_router)
api.add_router("/exports/", exports_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/projects/", projects_router)
api.add_router("/stations/", stations_router)
api.add_router("/opinions/", opinions_router)
api.add_router("/suggestions/", suggestions_router)
api.add_router("/sms/", sms_router)
api.add_router("/open-data/", opendata_router)
api.add_router("/", decisions_router)
api.add_router("/duty/", duty_router)
api.add_router("/", archive_router)
api.add_router("/supervision/", supervision_router)
api.add_router("/setup/", setup_router)
api.add_router("/ledgers/", ledgers_router)
api.add_router("/search", search_router)
api.add_router("/choices", choices_router)


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


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400:  # ninja's "Cannot parse request body": say it in the user's language
        return api.create_response(request, {"detail": _("The request body cannot be read.")}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc):
    return api.create_response(request, {"detail": _("The request body cannot be read.")}, status=400)


@api.exception_handler(DomainError)
def domain_error(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    # A rule's own message (a text longer than its limit …) is the reason given; pydantic's are listed in `errors`.
    reasons = [str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors if e.get("type") == "value_error"]
    detail = " ".join([_("Invalid input."), *reasons])
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)


@api.get(
    "/overview",
    response={200: OverviewOut, **ERRORS},
    summary="Headline figures of a half-year, each with the URL of its records",
)
def overview_figures(request, year: Year | None = None, half: int | None = None):
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


@api.get("/me/todo", response={200: list[TodoItemOut], 401: ErrorOut}, summary="What the caller has to do now (the home page's list)")
def my_todo(request):
    """Every app's to-do items for the caller (`renda.core.todo`): the most pressing first, then by due date. A deputy
    gets polls open now, sittings to attend, duty days, co-sign requests, answers waiting for feedback, training,
    reports to voters, the archive's score so far; roles with nothing to do get an empty list."""
    return [item.as_dict() for item in todo.collect(scope_for(request.user))]
