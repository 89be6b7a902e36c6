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
    found, groups = selectors.search(scope=scope_for(request.user), query=query)
    return render(request, "search/search.html", {"q": query, "words": found, "groups": groups})
