"""The opinions' part of a deputy's duty archive (`renda.core.archive`): the voters' opinions registered at the
station activities the deputy signed in at (listened to and collected, 听取和收集意见建议).

The entry names the station and the opinion's category, never the voter or the opinion's text: deputies see no
voters' opinions in this app, and their archive does not change that.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, counted, year_bounds
from renda.org.models import Deputy
from renda.stations.models import SignIn

from .models import Opinion

KINDS = {"opinion_registered": _("Voters' opinion collected at the station")}


def _signed(deputy_ids: Sequence[int], year: int) -> QuerySet[SignIn]:
    first, last = year_bounds(year)
    return SignIn.objects.filter(deputy_id__in=deputy_ids, activity__date__gte=first, activity__date__lte=last)


def entries(deputy: Deputy, year: int) -> list[Entry]:
    activities = _signed([deputy.pk], year).values("activity_id")
    rows = (
        Opinion.objects.filter(activity_id__in=activities)
        .values_list("pk", "activity__date", "station__name", "category")
        .order_by("activity__date", "pk")
    )
    return [
        Entry("opinion_registered", day, f"{station} · {category}", reverse("opinions:opinion_detail", args=[pk]))
        for pk, day, station, category in rows
    ]


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    ids, out = counted(deputies)
    if public:
        return out  # voters' opinions are not published
    per_activity = (
        Opinion.objects.filter(activity_id=OuterRef("activity_id")).values("activity_id").annotate(n=Count("pk")).values("n")
    )
    rows = _signed(ids, year).annotate(n=Subquery(per_activity)).values_list("deputy_id", "n")
    for deputy_id, n in rows:
        if n:
            out[deputy_id]["opinion_registered"] += n
    return out
