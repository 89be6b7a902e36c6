"""Deputies' suggestions for the work overview: submitted in the period's year, key suggestions (重点建议),
answered on time — the suggestion figures' totals (suggestions are counted per year of submission)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.scoping import Scope

from . import permissions, selectors


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not permissions.can_view_figures(scope):
        return []
    year = period.year
    totals = selectors.headline_totals(scope=scope, year=year)
    section = _("Deputies' suggestions (%(year)s)") % {"year": year}
    url = reverse("suggestions:list") + f"?year={year}"
    of_answered = _("of %(n)s answered") % {"n": totals["answered"]}
    return [
        Figure(section, "suggestions", _("suggestions submitted"), totals["submitted"], url),
        Figure(section, "key_suggestions", _("key suggestions"), totals["key"], url + "&key=1"),
        Figure(section, "suggestions_on_time", _("answered on time"), totals["on_time"], url + "&on_time=1", of_answered),
    ]
