"""The stations' part of a deputy's duty archive (`renda.core.archive`): the activities the deputy signed in at
(station duty, 进站), and the held activities they were on the roster for but never signed in at.

A station's public page names the deputies on duty, so station duty is public: its entries link to that page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, counted, tag, union_rows, year_bounds
from renda.org.models import Deputy

from .lifecycles import ACTIVITY
from .models import DutyAssignment, SignIn, Station

KINDS = {
    "station_signin": _("On duty at a liaison station"),
    "station_missed": _("On the duty roster, did not sign in"),
}
#: where a recorded activity stands (the record move's target): a roster of a held activity that nobody signed is missed
HELD = ACTIVITY.transition("record").target


def _public(station_id: int, kind: str) -> str:
    # online stations have no place to come to and no public duty page of their own
    return "" if kind == Station.Kind.ONLINE else reverse("stations:public_station", args=[station_id])


def entries(deputy: Deputy, year: int) -> list[Entry]:
    """Sign-ins and roster duties of the year in one query (UNION ALL); a duty signed in for is not a miss."""
    first, last = year_bounds(year)
    signins = SignIn.objects.filter(deputy_id=deputy.pk, activity__date__gte=first, activity__date__lte=last).values_list(
        tag("station_signin"), "activity_id", "activity__date", "activity__topic", "activity__station_id",
        "activity__station__name", "activity__station__kind",
    )  # fmt: skip
    duties = DutyAssignment.objects.filter(
        deputy_id=deputy.pk, activity__date__gte=first, activity__date__lte=last, activity__status=HELD
    ).values_list(tag("station_missed"), "activity_id", "activity__date", "activity__topic", "activity__station_id",
                  "activity__station__name", "activity__station__kind")  # fmt: skip
    rows = sorted(union_rows(signins, duties), key=lambda row: (row[0] != "station_signin", row[2], row[1]))
    signed = {row[1] for row in rows if row[0] == "station_signin"}
    out: list[Entry] = []
    for kind, activity_id, day, topic, station_id, station, station_kind in rows:
        url = reverse("stations:activity_detail", args=[activity_id])
        if kind == "station_signin":
            out.append(Entry(kind, day, f"{station} · {topic}", url, public_url=_public(station_id, station_kind)))
        elif activity_id not in signed:
            out.append(Entry(kind, day, f"{station} · {topic}", url))
    return out


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    first, last = year_bounds(year)
    ids, out = counted(deputies)
    signins = SignIn.objects.filter(deputy_id__in=ids, activity__date__gte=first, activity__date__lte=last)
    if public:
        signins = signins.exclude(activity__station__kind=Station.Kind.ONLINE)
    for deputy_id, n in signins.values_list("deputy_id").annotate(n=Count("pk")).order_by():
        out[deputy_id]["station_signin"] += n
    if public:
        return out
    signed = SignIn.objects.filter(activity_id=OuterRef("activity_id"), deputy_id=OuterRef("deputy_id"))
    missed = DutyAssignment.objects.filter(
        deputy_id__in=ids, activity__date__gte=first, activity__date__lte=last,
        activity__status=HELD,
    ).exclude(Exists(signed))  # fmt: skip
    for deputy_id, n in missed.values_list("deputy_id").annotate(n=Count("pk")).order_by():
        out[deputy_id]["station_missed"] += n
    return out
