"""The stations' items on a to-do list: for a deputy, the days they are on duty at a station (today's with the
sign-in page, the coming ones with the station), not yet signed in; for town staff and liaison officers, today's
activities at the stations they look after (each with its page: the roster, the sign-in code, the opinions)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Role
from renda.org.scoping import Scope

from . import permissions
from .lifecycles import ACTIVITY
from .models import Activity, DutyAssignment, SignIn

AHEAD_DAYS = 30
TODAY_MAX = 20  # a town holds a few activities a day; the activity list has the rest


def items(scope: Scope) -> list[Item]:
    out = _today_at_my_stations(scope) if scope.roles & {Role.TOWN, Role.LIAISON} and not scope.everything else []
    if Role.DEPUTY in scope.roles and scope.person_id is not None:
        out += _deputy(scope)
    return out


def _today_at_my_stations(scope: Scope) -> list[Item]:
    q = permissions.station_q(scope, prefix="station__")
    if q is None:
        return []
    today = timezone.localdate()
    activities = (
        Activity.objects.filter(q, date=today, status__in=ACTIVITY.group("signable"))
        .select_related("station")
        .order_by("station__name", "pk")[:TODAY_MAX]
    )
    return [
        Item(
            "stations.today",
            _("Today at %(station)s: %(topic)s") % {"station": a.station.name, "topic": a.topic},
            reverse("stations:activity_detail", args=[a.pk]),
            due=today,
            severity="danger",
        )  # fmt: skip
        for a in activities
    ]


def _deputy(scope: Scope) -> list[Item]:
    if scope.person_id is None:
        return []
    today = timezone.localdate()
    signed = SignIn.objects.filter(activity_id=OuterRef("activity_id"), deputy_id=OuterRef("deputy_id"))
    duties = (
        DutyAssignment.objects.filter(
            deputy__person_id=scope.person_id,
            activity__date__gte=today,
            activity__date__lte=today + datetime.timedelta(days=AHEAD_DAYS),
            activity__status__in=ACTIVITY.group("signable"),
        )
        .exclude(Exists(signed))
        .select_related("activity", "activity__station")
        .order_by("activity__date", "activity_id")
    )
    out = []
    for duty in duties:
        a = duty.activity
        now = a.date == today
        url = reverse("stations:sign_in", args=[a.checkin_token]) if now else reverse("stations:my_duties")
        title = _("On duty at %(station)s: %(topic)s") % {"station": a.station.name, "topic": a.topic}
        out.append(Item("stations.duty", title, url, due=a.date, severity="danger" if now else "warning"))
    return out
