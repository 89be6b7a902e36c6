"""The archive's standing item on a deputy's to-do list: the archive of this year and the score so far."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Deputy
from renda.org.scoping import Scope

from . import permissions, selectors


def items(scope: Scope) -> list[Item]:
    if not permissions.is_deputy(scope):
        return []
    mandate = next((m for m in selectors.own_mandates(scope=scope) if m.status == Deputy.Status.SERVING), None)
    if mandate is None:
        return []
    year = timezone.localdate().year
    archive = selectors.archive_of(mandate, year)
    title = _("My duty archive %(year)s: %(grade)s") % {"year": year, "grade": archive.grade_label}
    return [Item("archive.score", title, reverse("archive:deputy", args=[mandate.pk]) + f"?year={year}", count=archive.score,
                 severity="info")]  # fmt: skip
