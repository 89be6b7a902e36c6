"""The stations' items on a deputy's to-do list: the days they are on duty at a station (today's with the sign-in
page, the coming ones with the station), not yet signed in."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Role
from renda.org.scoping import Scope

from .lifecycles import ACTIVITY
from .models import DutyAssignment, SignIn

AHEAD_DAYS = 30


def items(scope: Scope) -> list[Item]:
    if Role.DEPUTY not in scope.roles or scope.person_id is None:
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
