"""The public portal (公众服务, /public/): one page linking every page a voter may open without an account — send
an opinion and follow it, deputies' suggestions and their answers, livelihood projects (and proposing one), the
public meetings, supervision made public, open data — and every liaison station with its reception day."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.stations.selectors import stations_public


def links() -> list[dict[str, Any]]:
    """The public pages, grouped as a voter looks for them."""
    return [
        {
            "title": _("Tell your deputies"),
            "pages": [
                (reverse("opinions:submit"), _("Send an opinion online"), _("With your phone number; a code confirms it.")),
                (reverse("opinions:track"), _("Follow my opinion"), _("Where it is, and the answer.")),
            ],
        },
        {
            "title": _("What deputies did"),
            "pages": [
                (
                    reverse("suggestions:public_list"),
                    _("Deputies' suggestions and their answers"),
                    _("Search by word, year, category and state."),
                ),
                (
                    reverse("meetings:public_list"),
                    _("Meetings"),
                    _("Sessions and standing committee meetings, with their decisions."),
                ),
                (reverse("supervision:public_list"), _("Supervision"), _("Inspections, hearings and evaluations made public.")),
            ],
        },
        {
            "title": _("Livelihood projects"),
            "pages": [
                (reverse("projects:public_list"), _("Livelihood projects"), _("Chosen by the deputies' vote; their progress.")),
                (reverse("projects:public_propose"), _("Propose a livelihood project"), _("For next year's list.")),
            ],
        },
        {
            "title": _("Open data"),
            "pages": [(reverse("open_data"), _("Open data"), _("The figures as CSV and JSON."))],
        },
    ]


def portal(request: HttpRequest) -> HttpResponse:
    stations = list(stations_public())
    towns = [(town, list(rows)) for town, rows in groupby(stations, key=lambda s: s.town)]
    return render(request, "portal/portal.html", {"groups": links(), "towns": towns, "n_stations": len(stations)})
