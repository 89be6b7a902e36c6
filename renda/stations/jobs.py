"""Daily jobs of the stations app."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.jobs import daily
from renda.core.notify import notify

from .models import Activity


@daily("stations.duty_notices")
def duty_notices(today: datetime.date | None = None) -> int:
    """进站定人: the deputies on duty get a notice N days (a rule, default 2) before the activity. Safe to re-run."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=14)
    activities = (
        Activity.objects.filter(date__gte=today, date__lte=horizon, status=Activity.Status.PLANNED)
        .select_related("station", "region")
        .prefetch_related("duties__deputy__person__user")
    )
    for activity in activities:
        days = int(rules.value("stations.duty_notice_days", region_path=activity.region.path))
        if activity.date - today > datetime.timedelta(days=days):
            continue
        users = [d.deputy.person.user for d in activity.duties.all() if d.deputy.person.user_id]
        with transaction.atomic():
            sent += notify(
                users=users,
                kind="stations.duty",
                title=_("On duty at %(station)s on %(date)s: %(topic)s")
                % {"station": activity.station.name, "date": activity.date.isoformat(), "topic": activity.topic},
                url=reverse("stations:my_duties"),
                dedupe_key=f"stations.duty:{activity.pk}",
                event_on=activity.date,
            )
            Activity.objects.filter(pk=activity.pk, notice_sent_at__isnull=True).update(notice_sent_at=timezone.now())
    return sent
