"""The duty app's items on a deputy's to-do list: training sessions ahead, reports to voters scheduled, group
activities of their groups planned, self-reported activities declined (to correct or withdraw), and the sign-in
scanner for stations and meetings."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Deputy
from renda.org.scoping import Scope

from . import permissions
from . import rules as drules
from .lifecycles import ACTIVITY, ATTENDANCE, REPORT, SELF_REPORT, SESSION
from .models import GroupActivity, SelfReport, TrainingAttendance, VoterReport


def _severity(day: datetime.date, today: datetime.date) -> str:
    return "danger" if day <= today else "warning" if (day - today).days <= 7 else "normal"


def items(scope: Scope) -> list[Item]:
    person = scope.person_id
    if not permissions.is_deputy(scope) or person is None:
        return []
    today = timezone.localdate()
    ahead = today + datetime.timedelta(days=int(drules.value(drules.UPCOMING_DAYS, None)))
    out = [Item("duty.scan", _("Scan a sign-in code"), reverse("duty:scan"), severity="info")]
    training = (
        TrainingAttendance.objects.filter(
            deputy__person_id=person, session__date__gte=today, session__date__lte=ahead,
            session__state__in=SESSION.group("upcoming"), status__in=ATTENDANCE.group("invited"),
        )
        .select_related("session")
        .order_by("session__date", "session_id")
    )  # fmt: skip
    for t in training:
        out.append(Item("duty.training", _("Training: %(title)s") % {"title": t.session.title},
                        reverse("duty:session_detail", args=[t.session_id]), due=t.session.date,
                        severity=_severity(t.session.date, today)))  # fmt: skip
    reports = VoterReport.objects.filter(
        deputy__person_id=person, date__gte=today, date__lte=ahead, state__in=REPORT.group("upcoming")
    ).select_related("station")
    for r in reports.order_by("date", "pk"):
        out.append(Item("duty.voter_report", _("Report to voters at %(station)s") % {"station": r.station.name},
                        reverse("duty:report_detail", args=[r.pk]), due=r.date, severity=_severity(r.date, today)))  # fmt: skip
    groups = Deputy.objects.filter(person_id=person, status=Deputy.Status.SERVING).values("group_id")
    planned = GroupActivity.objects.filter(
        group_id__in=groups, date__gte=today, date__lte=ahead, state__in=ACTIVITY.group("planned")
    ).select_related("group")
    for a in planned.order_by("date", "pk"):
        out.append(Item("duty.group_activity", _("Group activity: %(title)s") % {"title": a.title},
                        reverse("duty:activity_detail", args=[a.pk]), due=a.date, severity=_severity(a.date, today)))  # fmt: skip
    declined = SelfReport.objects.filter(
        deputy__person_id=person, state__in=SELF_REPORT.transition("resubmit").sources
    ).order_by("-decided_at")
    for s in declined:
        out.append(Item("duty.self_report", _("Declined, correct or withdraw it: %(title)s") % {"title": s.title},
                        reverse("duty:self_detail", args=[s.pk])))  # fmt: skip
    return out

