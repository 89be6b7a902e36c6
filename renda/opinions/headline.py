"""The opinions collected at the stations, for the work overview: collected, answered on time, solved, overdue
— the station figures report's totals, same counting — added to the stations' section (the stations app gives
the stations by kind, deputy visits and voters received, and the latest activity's day)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.scoping import Scope
from renda.stations import headline as station_headline

from . import permissions
from .figures import opinion_totals


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not permissions.can_view_figures(scope):
        return []
    v = opinion_totals(scope=scope, date_from=period.date_from, date_to=period.date_to)
    section = station_headline.section()
    opinions = reverse("opinions:opinion_list") + "?"
    of_opinions = _("of %(n)s") % {"n": v["opinions"]}
    out = [
        Figure(section, "opinions", _("opinions collected"), v["opinions"], opinions + period.query()),
        Figure(section, "answered_on_time", _("answered on time"), v["answered_on_time"],
               opinions + period.query(answered_on_time="true"), of_opinions),
        Figure(section, "solved", _("problems solved"), v["solved"], opinions + period.query(solved="true"), of_opinions),
    ]  # fmt: skip
    if v["overdue"]:
        out.append(Figure(section, "overdue", _("overdue"), v["overdue"], opinions + period.query(overdue="on")))
    return out
