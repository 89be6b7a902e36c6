from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .context import client_ip

Handler = Callable[[HttpRequest], HttpResponse]


def _networks(spec: str | Iterable[str] | None) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    if isinstance(spec, str):
        spec = [part for part in spec.split(",") if part.strip()]
    return tuple(ipaddress.ip_network(str(part).strip(), strict=False) for part in (spec or []))


@functools.cache
def _trusted(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks(list(spec))


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def client_address(remote_addr: str | None, forwarded_for: str, trusted_proxies: tuple[str, ...]) -> str | None:
    """The client's address as the nearest untrusted hop saw it.

    Without trusted proxies (RENDA_TRUSTED_PROXIES empty) the connection's own address counts and
    X-Forwarded-For is ignored. When the connection comes from a trusted proxy (nginx), the X-Forwarded-For entries
    are read from the right: each proxy appends the address it received the request from, so the rightmost entry
    that is not itself a trusted proxy is the client. The leftmost entries are whatever the client chose to send and
    are never believed."""
    remote = _parse(remote_addr or "")
    if remote is None:
        return None
    networks = _trusted(trusted_proxies)
    if not networks or not any(remote in net for net in networks):
        return str(remote)
    hop = remote
    for entry in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        parsed = _parse(entry)
        if parsed is None:
            break  # a malformed entry: stop at the last address a trusted proxy vouched for
        hop = parsed
        if not any(parsed in net for net in networks):
            break
    return str(hop)


class RequestContextMiddleware:
    """Records the client address (for the audit trail and the rate limits) for the rest of the request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.trusted = tuple(str(n) for n in _networks(getattr(settings, "RENDA_TRUSTED_PROXIES", ())))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request.META.get("REMOTE_ADDR"), request.META.get("HTTP_X_FORWARDED_FOR", ""), self.trusted)
        if address is not None:
            request.META["RENDA_CLIENT_ADDR"] = address
        token = client_ip.set(address)
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


DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every HTML page: scripts only from this site (no inline script, no eval), so an
    injected `<script>` or `onerror=` does not run. Styles may be inline (style attributes in the templates, htmx's
    indicator style); ECharts draws on canvas. RENDA_CSP overrides the policy, an empty value turns it off."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.policy = str(getattr(settings, "RENDA_CSP", DEFAULT_CSP))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PasswordChangeRequiredMiddleware:
    """An account that staff created (or whose password an administrator set) must choose its own password before
    anything else: pages redirect to the change form, the API answers 403 with the reason."""

    ALLOWED = ("/account/password/", "/accounts/logout/", "/i18n/", "/static/", "/healthz", "/api/accounts/password")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(self.ALLOWED)
        ):
            from django.http import JsonResponse
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Change your password first (POST /api/accounts/password).")}, status=403)
            return redirect("core:password_change")
        return self.get_response(request)
