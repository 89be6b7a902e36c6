"""A deputy's page (the activities they take part in, with a finding to add from a phone; the evaluations waiting for
their opinion; their suggestions from activities), a unit clerk's page (their unit's opinions and evaluation items),
and the public pages of published reports and evaluation results."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from renda.core.requests import AuthedRequest
from renda.org.scoping import ANONYMOUS, scope_allowed

from .. import permissions, selectors
from ..lifecycles import ACTIVITY
from ..models import EvaluatedUnit, Finding
from .evaluations import results_of


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_use_mine)
    participations = selectors.my_participations(scope=scope)
    return render(
        request,
        "supervision/mine.html",
        {
            "current": [p for p in participations if ACTIVITY.in_group(p.activity, "in_field")],
            "participations": participations,
            "rounds": selectors.my_rounds(scope=scope),
            "suggestions": list(
                Finding.objects.filter(author_id=scope.person_id, kind=Finding.Kind.SUGGESTION)
                .select_related("activity", "suggestion")
                .order_by("-on", "-pk")[:30]
            ),
        },
    )


@login_required
def unit(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_use_unit_page)
    return render(
        request,
        "supervision/unit.html",
        {"opinions": list(selectors.unit_opinions(scope=scope)[:100]), "evaluations": selectors.unit_evaluations(scope=scope)},
    )


def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supervision/public_list.html",
        {"activities": selectors.public_activities()[:100], "rounds": selectors.public_rounds()[:100]},
    )


def public_activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.public_activity_get(pk)
    return render(
        request,
        "supervision/public_activity.html",
        {"activity": activity, "places": list(activity.places.all()), "articles": list(activity.articles.all())},
    )


def public_round(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.public_round_get(pk)
    units = list(EvaluatedUnit.objects.filter(round=round_).select_related("unit").order_by("pk"))
    return render(
        request, "supervision/public_round.html", {"round": round_, "results": results_of(ANONYMOUS, round_, units, public=True)}
    )
