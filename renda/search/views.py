"""The search page: `/search/?q=` — results grouped by kind, each linking to the record's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from renda.core.requests import AuthedRequest
from renda.org.scoping import scope_for

from . import selectors


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "")[: selectors.MAX_QUERY].replace("\x00", "")
    kind = request.GET.get("kind", "")
    if kind not in selectors.KIND_KEYS:  # an unknown kind (or none): every kind, grouped
        kind = ""
    page = None
    if kind:
        raw = request.GET.get("page", "1")
        page = min(int(raw), selectors.MAX_PAGE) if raw.isdigit() and int(raw) >= 1 else 1
    found, groups = selectors.search(scope=scope_for(request.user), query=query, kinds=(kind,) if kind else (), page=page)
    return render(request, "search/search.html", {"q": query, "kind": kind, "words": found, "groups": groups})
