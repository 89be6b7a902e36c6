"""Every read of the stations app; each takes the actor's scope and filters by it first."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from renda.core.errors import NotPermitted
from renda.core.selectors import count_per_row, get_in_scope, narrow
from renda.org.models import Deputy
from renda.org.scoping import Scope

from . import permissions
from .models import Activity, ActivityPhoto, DutyAssignment, SignIn, Station, StationRules


def station_queryset(scope: Scope) -> QuerySet[Station]:
    q = permissions.station_q(scope)
    if q is None:
        return Station.objects.none()
    return Station.objects.filter(q)


def station_list(*, scope: Scope, kind: str = "", town: int | None = None, q: str = "") -> QuerySet[Station]:
    if not permissions.can_list_stations(scope):
        raise NotPermitted()
    qs = narrow(station_queryset(scope), kind=kind, town_id=town)
    if q:
        qs = qs.filter(Q(name__contains=q.strip()) | Q(address__contains=q.strip()))
    return (
        qs.select_related("region", "town", "officer", "parent")
        .annotate(deputy_count=Count("deputies", distinct=True))
        .order_by("town__path", "kind", "name", "pk")
    )


def station_get(*, scope: Scope, pk: int) -> Station:
    if not permissions.can_list_stations(scope):
        raise NotPermitted()
    return get_in_scope(station_queryset(scope).select_related("region", "town", "officer", "parent"), pk=pk)


def station_public_get(*, pk: int) -> Station:
    return get_in_scope(Station.objects.select_related("region", "town"), pk=pk, is_active=True)


def stations_public() -> QuerySet[Station]:
    """Every active station, for the public portal (names, towns and reception schedules are public)."""
    return (
        Station.objects.filter(is_active=True).select_related("town", "schedule").order_by("town__sort_order", "town_id", "name")
    )


def station_rules(*, station: Station) -> list[StationRules]:
    return list(station.rules_versions.select_related("created_by").order_by("-version"))


def station_deputies(*, station: Station) -> list[Deputy]:
    return list(station.deputies.select_related("person", "congress").order_by("congress__level", "person__name_pinyin"))


def activity_queryset(scope: Scope) -> QuerySet[Activity]:
    q = permissions.station_q(scope, prefix="station__")
    if q is None:
        return Activity.objects.none()
    return Activity.objects.filter(q)


def _activities(
    *,
    scope: Scope,
    station: int | None = None,
    town: int | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Activity]:
    if not permissions.can_list_stations(scope):
        raise NotPermitted()
    return narrow(
        activity_queryset(scope), station_id=station, station__town_id=town, kind=kind, date__gte=date_from, date__lte=date_to
    )


def activity_list(
    *,
    scope: Scope,
    station: int | None = None,
    town: int | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Activity]:
    return (
        _activities(scope=scope, station=station, town=town, kind=kind, date_from=date_from, date_to=date_to)
        .select_related("station", "station__town", "committee")
        .annotate(
            signin_count=count_per_row(SignIn.objects.all(), "activity"),
            duty_count=count_per_row(DutyAssignment.objects.all(), "activity"),
        )
        .order_by("-date", "station__name", "pk")
    )


def activity_totals(
    *,
    scope: Scope,
    station: int | None = None,
    town: int | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> dict[str, int]:
    """The totals row of the activity list, over every activity the filters match (not only the page shown):
    activities, deputy visits (sign-ins) and voters received — the figures the overview's links open."""
    rows = _activities(scope=scope, station=station, town=town, kind=kind, date_from=date_from, date_to=date_to)
    # one scan: the visits are each activity's kept sign-in count (renda/stations/visits.py), not the sign-ins
    totals = rows.aggregate(activities=Count("*"), visits=Sum("visits"), voters=Sum("voters_received"))
    return {"activities": totals["activities"], "visits": totals["visits"] or 0, "voters": totals["voters"] or 0}


def activity_get(*, scope: Scope, pk: int) -> Activity:
    if not permissions.can_list_stations(scope):
        raise NotPermitted()
    return get_in_scope(activity_queryset(scope).select_related("station", "station__officer", "committee"), pk=pk)


def activity_photo_get(*, scope: Scope, activity_pk: int, pk: int) -> ActivityPhoto:
    """A photo of an activity the user sees (404 otherwise, and for anyone without a login)."""
    if not scope.user_id or not permissions.can_list_stations(scope):
        raise Http404
    return get_in_scope(ActivityPhoto.objects.all(), pk=pk, activity_id=activity_pk, activity__in=activity_queryset(scope))


def activity_photos(*, activity: Activity) -> list[ActivityPhoto]:
    return list(activity.photos.order_by("created_at", "pk"))


def activity_roster(*, activity: Activity) -> list[DutyAssignment]:
    return list(activity.duties.select_related("deputy__person", "deputy__congress").order_by("deputy__person__name_pinyin"))


def activity_signins(*, activity: Activity) -> list[SignIn]:
    return list(activity.signins.select_related("deputy__person", "by").order_by("at"))


def activity_by_token(*, token: str) -> Activity:
    return get_in_scope(Activity.objects.select_related("station"), checkin_token=token)


def upcoming_public(*, station: Station, today: datetime.date) -> list[Activity]:
    """Who is on duty when: the station's next activities with the deputies on duty (public, names only)."""
    duties = Prefetch(
        "duties", queryset=DutyAssignment.objects.select_related("deputy__person").order_by("deputy__person__name_pinyin")
    )
    return list(
        station.activities.filter(date__gte=today)
        .exclude(status=Activity.Status.CANCELLED)
        .prefetch_related(duties)
        .order_by("date", "pk")[:12]
    )


def my_duties(*, scope: Scope) -> QuerySet[DutyAssignment]:
    if scope.person_id is None or not permissions.can_view_my_duties(scope):
        raise NotPermitted()
    return (
        DutyAssignment.objects.filter(deputy__person_id=scope.person_id)
        .select_related("activity", "activity__station", "deputy__congress")
        .order_by("-activity__date", "pk")
    )


def candidate_deputies(*, station: Station) -> QuerySet[Deputy]:
    """Deputies who may be put on the roster: those attached to the station, else serving deputies of its town."""
    attached = station.deputies.filter(status=Deputy.Status.SERVING)
    if attached.exists():
        return attached.select_related("person", "congress").order_by("person__name_pinyin")
    return (
        Deputy.objects.filter(status=Deputy.Status.SERVING, region__path__startswith=station.town.path)
        .select_related("person", "congress")
        .order_by("person__name_pinyin")
    )
