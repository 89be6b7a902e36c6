"""The stations' headline figures for the work overview: stations by kind, deputy visits, voters received — the
station figures report's totals, same counting. The opinions app adds the opinions collected at the stations to
the same section (it sits above this app)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.scoping import Scope

from . import selectors
from .figures import can_view_figures, station_totals
from .models import Station


def section() -> str:
    return _("Liaison stations")


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not can_view_figures(scope):
        return []
    by_kind, v = station_totals(scope=scope, date_from=period.date_from, date_to=period.date_to)
    stations = reverse("stations:station_list")
    activities = reverse("stations:activity_list") + "?" + period.query()
    out = [
        Figure(section(), f"stations_{kind}", str(Station.Kind(kind).label), n, f"{stations}?kind={kind}")
        for kind, n in by_kind.items()
    ]
    out += [
        Figure(section(), "deputy_visits", _("deputy visits"), v["deputy_visits"], activities),
        Figure(section(), "voters_received", _("voters received"), v["voters_received"], activities),
    ]
    return out


def latest(scope: Scope) -> datetime.date | None:
    """The day of the latest activity in scope (the overview's and the figures page's default half-year)."""
    if not can_view_figures(scope):
        return None
    qs = selectors.activity_queryset(scope).filter(date__lte=timezone.localdate())
    return qs.order_by("-date").values_list("date", flat=True).first()
