"""The stations' headline figures for the work overview: stations by kind, deputy visits, voters received,
opinions collected, answered on time, solved — the station figures report's totals, same counting."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors
from renda.stations.models import Station

from . import permissions
from .figures import station_figures


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not permissions.can_view_figures(scope):
        return []
    report = station_figures(scope=scope, date_from=period.date_from, date_to=period.date_to)
    section = _("Liaison stations")
    stations = reverse("stations:station_list")
    activities = reverse("stations:activity_list") + "?" + period.query()
    opinions = reverse("opinions:opinion_list") + "?"
    v = report.total.values
    out = [
        Figure(section, f"stations_{kind}", str(Station.Kind(kind).label), n, f"{stations}?kind={kind}")
        for kind, n in report.stations_by_kind.items()
    ]
    of_opinions = _("of %(n)s") % {"n": v["opinions"]}
    out += [
        Figure(section, "deputy_visits", _("deputy visits"), v["deputy_visits"], activities),
        Figure(section, "voters_received", _("voters received"), v["voters_received"], activities),
        Figure(section, "opinions", _("opinions collected"), v["opinions"], opinions + period.query()),
        Figure(section, "answered_on_time", _("answered on time"), v["answered_on_time"],
               opinions + period.query(answered_on_time="true"), of_opinions),
        Figure(section, "solved", _("problems solved"), v["solved"], opinions + period.query(solved="true"), of_opinions),
    ]  # fmt: skip
    if v["overdue"]:
        out.append(Figure(section, "overdue", _("overdue"), v["overdue"], opinions + period.query(overdue="on")))
    return out


def latest(scope: Scope) -> datetime.date | None:
    if not permissions.can_view_figures(scope):
        return None
    qs = station_selectors.activity_queryset(scope).filter(date__lte=timezone.localdate())
    return qs.order_by("-date").values_list("date", flat=True).first()
