"""The duty app's part of a deputy's archive (`renda.core.archive`): group activities the deputy took part in,
training attended (or missed), reports to voters held, contacts of a standing-committee member with the deputy
(the opinions the deputy gave), and the self-reported activities staff confirmed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, year_bounds
from renda.org.models import Deputy

from .lifecycles import ACTIVITY, ATTENDANCE, REPORT, SELF_REPORT
from .models import ContactLog, GroupParticipant, SelfReport, TrainingAttendance, VoterReport

KINDS = {
    "group_activity": _("Took part in a deputy group's activity"),
    "training": _("Attended training"),
    "training_absent": _("Missed training without leave"),
    "voter_report": _("Reported to voters"),
    "contact": _("Gave opinions to a standing-committee member"),
    "self_reported": _("Activity reported by the deputy, confirmed"),
}
HELD_ACTIVITY = sorted(ACTIVITY.group("held"))
HELD_REPORT = sorted(REPORT.group("held"))
CONFIRMED = sorted(SELF_REPORT.group("confirmed"))
ATTENDED = sorted(ATTENDANCE.group("attended"))
ABSENT = TrainingAttendance.Status.ABSENT


def _rate(report: VoterReport) -> str:
    rate = report.satisfaction_rate
    return "" if rate is None else f"{report.voters_present} · {rate:.0%}"


def entries(deputy: Deputy, year: int) -> list[Entry]:
    first, last = year_bounds(year)
    out: list[Entry] = []
    group = GroupParticipant.objects.filter(
        deputy_id=deputy.pk, activity__date__gte=first, activity__date__lte=last, activity__state__in=HELD_ACTIVITY
    ).values_list("activity_id", "activity__date", "activity__title", "activity__group__name")
    for pk, day, title, group_name in group.order_by("activity__date", "activity_id"):
        out.append(Entry("group_activity", day, title, reverse("duty:activity_detail", args=[pk]), detail=group_name))
    training = TrainingAttendance.objects.filter(
        deputy_id=deputy.pk, session__date__gte=first, session__date__lte=last, status__in=[*ATTENDED, ABSENT]
    ).values_list("session_id", "session__date", "session__title", "status", "session__hours")
    for pk, day, title, status, hours in training.order_by("session__date", "session_id"):
        kind = "training_absent" if status == ABSENT else "training"
        out.append(Entry(kind, day, title, reverse("duty:session_detail", args=[pk]), detail=f"{hours:g}"))
    reports = VoterReport.objects.filter(deputy_id=deputy.pk, date__gte=first, date__lte=last, state__in=HELD_REPORT)
    for r in reports.select_related("station").order_by("date", "pk"):
        out.append(Entry("voter_report", r.date, f"{r.station.name} · {r.title}", reverse("duty:report_detail", args=[r.pk]),
                         detail=_rate(r)))  # fmt: skip
    contacts = ContactLog.objects.filter(deputy_id=deputy.pk, date__gte=first, date__lte=last).values_list(
        "pk", "date", "assignment__member__person__name"
    )
    for pk, day, member in contacts.order_by("date", "pk"):
        out.append(Entry("contact", day, member, reverse("duty:contact_detail", args=[pk])))
    own = SelfReport.objects.filter(deputy_id=deputy.pk, date__gte=first, date__lte=last, state__in=CONFIRMED)
    for pk, day, title in own.values_list("pk", "date", "title").order_by("date", "pk"):
        out.append(Entry("self_reported", day, title, reverse("duty:self_detail", args=[pk])))
    return out


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    ids = [d.pk for d in deputies]
    out: KindCounts = {pk: Counter() for pk in ids}
    if public:
        return out
    first, last = year_bounds(year)
    queries = [
        ("group_activity", GroupParticipant.objects.filter(
            deputy_id__in=ids, activity__date__gte=first, activity__date__lte=last, activity__state__in=HELD_ACTIVITY)),
        ("training", TrainingAttendance.objects.filter(
            deputy_id__in=ids, session__date__gte=first, session__date__lte=last, status__in=ATTENDED)),
        ("training_absent", TrainingAttendance.objects.filter(
            deputy_id__in=ids, session__date__gte=first, session__date__lte=last, status=ABSENT)),
        ("voter_report", VoterReport.objects.filter(deputy_id__in=ids, date__gte=first, date__lte=last, state__in=HELD_REPORT)),
        ("contact", ContactLog.objects.filter(deputy_id__in=ids, date__gte=first, date__lte=last)),
        ("self_reported", SelfReport.objects.filter(deputy_id__in=ids, date__gte=first, date__lte=last, state__in=CONFIRMED)),
    ]  # fmt: skip
    for kind, qs in queries:
        for deputy_id, n in qs.values_list("deputy_id").annotate(n=Count("pk")).order_by():
            out[deputy_id][kind] += n
    return out
