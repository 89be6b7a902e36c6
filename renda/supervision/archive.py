"""The supervision part of a deputy's duty archive (履职档案): one entry per participation in an activity that took
place — an inspection, research visit, law-enforcement check, unannounced visit or forum, campaign activities
included. One indexed query per deputy (`participation_deputy_idx`: the mandate and the year's dates), whatever
the size of the table."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from renda.org.models import Deputy

from .lifecycles import ACTIVITY
from .models import Activity, Participation


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
