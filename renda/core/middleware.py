from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .context import client_ip

Handler = Callable[[HttpRequest], HttpResponse]


class RequestContextMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = request.META.get("REMOTE_ADDR")
        if getattr(settings, "RENDA_TRUSTED_PROXY", False):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded:
                address = forwarded.split(",")[0].strip()
        token = client_ip.set(address or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


class NotPermittedMiddleware:
    """Turns NotPermitted raised anywhere below a view into a 403 page (or 404 where the object is hidden)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.http import Http404
        from django.shortcuts import render

        from .errors import NotPermitted

        if isinstance(exception, NotPermitted):
            if exception.hide:
                raise Http404
            return render(request, "403.html", {"message": str(exception)}, status=403)
        return None
