"""The supervision part of a deputy's duty archive (履职档案): one entry per participation in an activity that took
place — an inspection, research visit, law-enforcement check, unannounced visit or forum, campaign activities
included. One indexed query per deputy (`participation_deputy_idx`: the mandate and the year's dates), whatever
the size of the table."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import KindCounts, counted, year_bounds
from renda.org.models import Deputy

from .lifecycles import ACTIVITY
from .models import Activity, Participation

KINDS = {"supervision": _("Took part in an inspection, research visit, law-enforcement check or campaign activity")}


def entries(deputy: Deputy, year: int) -> list[dict[str, Any]]:
    """{kind: "supervision", date, title, source_url} for each activity the mandate took part in during the year."""
    rows = (
        Participation.objects.filter(
            deputy=deputy,
            date__gte=datetime.date(year, 1, 1),
            date__lte=datetime.date(year, 12, 31),
            activity__state__in=sorted(ACTIVITY.group("held")),
        )
        .select_related("activity")
        .only("date", "kind", "role", "activity__title", "activity__state")
        .order_by("date", "pk")
    )
    return [
        {
            "kind": "supervision",
            "date": p.date,
            "title": f"{Activity.Kind(p.kind).label}：{p.activity.title}",
            "source_url": reverse("supervision:activity_detail", args=[p.activity_id]),
        }
        for p in rows
    ]


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    """The same entries counted for many deputies with one grouped query (none is public: the entries link to the
    staff's activity pages)."""
    ids, out = counted(deputies)
    if public:
        return out
    first, last = year_bounds(year)
    rows = Participation.objects.filter(
        deputy_id__in=ids, date__gte=first, date__lte=last, activity__state__in=sorted(ACTIVITY.group("held"))
    )
    for deputy_id, n in rows.values_list("deputy_id").annotate(n=Count("pk")).order_by():
        out[deputy_id]["supervision"] += n
    return out
