"""The livelihood projects' part of a deputy's duty archive (`renda.core.archive`): the deputy's supervision of the
adopted projects — inspections made and suggestions given (the ballots themselves are meetings' polls and count
there, as "voted").
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, counted, year_bounds
from renda.org.models import Deputy

from .models import SupervisionRecord

KINDS = {
    "project_inspection": _("Inspected a livelihood project"),
    "project_suggestion": _("Suggestion on a livelihood project"),
}


def entries(deputy: Deputy, year: int) -> list[Entry]:
    first, last = year_bounds(year)
    rows = (
        SupervisionRecord.objects.filter(deputy_id=deputy.pk, on__gte=first, on__lte=last)
        .values_list("kind", "on", "project_id", "project__title")
        .order_by("on", "pk")
    )
    return [
        Entry(f"project_{kind}", day, title, reverse("projects:project_detail", args=[project_id]))
        for kind, day, project_id, title in rows
    ]


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    ids, out = counted(deputies)
    if public:
        return out
    first, last = year_bounds(year)
    rows = SupervisionRecord.objects.filter(deputy_id__in=ids, on__gte=first, on__lte=last).values_list("deputy_id", "kind")
    for deputy_id, kind, n in rows.annotate(n=Count("pk")).order_by():
        out[deputy_id][f"project_{kind}"] += n
    return out
