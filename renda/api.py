"""The HTTP API: django-ninja, OpenAPI 3 at /api/openapi.json, docs at /api/docs."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from renda.core.api_auth import API_AUTH
from renda.core.errors import DomainError, NotPermitted
from renda.meetings.api import router as meetings_router
from renda.opinions.api import router as opinions_router
from renda.org.api import router as org_router
from renda.projects.api import router as projects_router
from renda.stations.api import router as stations_router
from renda.suggestions.api import router as suggestions_router

api = NinjaAPI(title="Renda API", version="1.0", auth=API_AUTH, urls_namespace="api")
api.add_router("/", org_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/projects/", projects_router)
api.add_router("/stations/", stations_router)
api.add_router("/opinions/", opinions_router)
api.add_router("/suggestions/", suggestions_router)


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
