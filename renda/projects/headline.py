"""Livelihood projects for the work overview: the projects the deputies' vote adopted for the period's year
(every congress in scope), counted from the adopted projects and linked to their list with progress."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.scoping import Scope

from . import permissions, selectors


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not permissions.can_list_projects(scope):
        return []
    year = period.year
    n = selectors.project_list(scope=scope, filters=selectors.Filters(year=year)).count()
    section = _("Livelihood projects (%(year)s)") % {"year": year}
    url = reverse("projects:project_list") + f"?year={year}"
    return [Figure(section, "projects_adopted", _("projects adopted by the deputies' vote"), n, url)]
