"""The duty app's part of a deputy's archive (`renda.core.archive`): group activities the deputy took part in,
training attended (or missed), reports to voters held, contacts of a standing-committee member with the deputy
(the opinions the deputy gave), and the self-reported activities staff confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import CharField, Count, DecimalField, IntegerField
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, counted, none, tag, union_rows, year_bounds
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
TENTH = Decimal("0.1")  # training hours, as the column keeps them
#: the order of the parts in a deputy's entries (each part by date, then record)
ORDER = {"group_activity": 0, "training": 1, "voter_report": 2, "contact": 3, "self_reported": 4}


def _rate(report: VoterReport) -> str:
    rate = report.satisfaction_rate
    return "" if rate is None else f"{report.voters_present} · {rate:.0%}"


def entries(deputy: Deputy, year: int) -> list[Entry]:
    """The deputy's entries of the year from the five tables, in one query (UNION ALL)."""
    first, last = year_bounds(year)
    text, number, hours = none(CharField()), none(IntegerField()), none(DecimalField(max_digits=4, decimal_places=1))
    group = GroupParticipant.objects.filter(
        deputy_id=deputy.pk, activity__date__gte=first, activity__date__lte=last, activity__state__in=HELD_ACTIVITY
    ).values_list(tag("group_activity"), "activity_id", "activity__date", "activity__title", "activity__group__name",
                  number, number, number, number, hours)  # fmt: skip
    training = TrainingAttendance.objects.filter(
        deputy_id=deputy.pk, session__date__gte=first, session__date__lte=last, status__in=[*ATTENDED, ABSENT]
    ).values_list(tag("training"), "session_id", "session__date", "session__title", "status",
                  number, number, number, number, "session__hours")  # fmt: skip
    reports = VoterReport.objects.filter(
        deputy_id=deputy.pk, date__gte=first, date__lte=last, state__in=HELD_REPORT
    ).values_list(tag("voter_report"), "pk", "date", "title", "station__name",
                  "voters_present", "satisfied", "basically_satisfied", "not_satisfied", hours)  # fmt: skip
    contacts = ContactLog.objects.filter(deputy_id=deputy.pk, date__gte=first, date__lte=last).values_list(
        tag("contact"), "pk", "date", "assignment__member__person__name", text, number, number, number, number, hours
    )
    own = SelfReport.objects.filter(deputy_id=deputy.pk, date__gte=first, date__lte=last, state__in=CONFIRMED).values_list(
        tag("self_reported"), "pk", "date", "title", text, number, number, number, number, hours
    )
    out: list[Entry] = []
    for kind, pk, day, title, note, present, satisfied, basic, unsatisfied, length in sorted(
        union_rows(training, group, reports, contacts, own), key=lambda row: (ORDER[row[0]], row[2], row[1])
    ):
        if kind == "group_activity":
            out.append(Entry(kind, day, title, reverse("duty:activity_detail", args=[pk]), detail=note))
        elif kind == "training":
            out.append(Entry("training_absent" if note == ABSENT else "training", day, title,
                             reverse("duty:session_detail", args=[pk]), detail=f"{Decimal(length).quantize(TENTH):g}"))  # fmt: skip
        elif kind == "voter_report":
            report = VoterReport(
                voters_present=present, satisfied=satisfied, basically_satisfied=basic, not_satisfied=unsatisfied
            )
            out.append(Entry(kind, day, f"{note} · {title}", reverse("duty:report_detail", args=[pk]), detail=_rate(report)))
        elif kind == "contact":
            out.append(Entry(kind, day, title, reverse("duty:contact_detail", args=[pk])))
        else:
            out.append(Entry(kind, day, title, reverse("duty:self_detail", args=[pk])))
    return out


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    ids, out = counted(deputies)
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
