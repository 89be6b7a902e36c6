"""The meetings' items on a deputy's to-do list: polls open now that they may vote in (present, entitled, not yet
voted), sittings to attend (invited, leave not granted, not yet over)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Role
from renda.org.scoping import Scope

from .lifecycles import ATTENDANCE, MEETING, POLL
from .models import Attendance, Poll, PollVoter

#: a member still expected: invited, or asked for leave that is not yet granted
EXPECTED = sorted({Attendance.Status.INVITED, *ATTENDANCE.transition("approve_leave").sources})


def items(scope: Scope) -> list[Item]:
    if Role.DEPUTY not in scope.roles or scope.person_id is None:
        return []
    today = timezone.localdate()
    out: list[Item] = []
    voted = PollVoter.objects.filter(person_id=scope.person_id).values("poll_id")
    polls = (
        Poll.objects.filter(
            state__in=POLL.group("voting"),
            meeting__attendances__person_id=scope.person_id,
            meeting__attendances__role=Attendance.Role.MEMBER,
            meeting__attendances__entitled=True,
            meeting__attendances__status__in=ATTENDANCE.group("signed_in"),
        )
        .exclude(pk__in=voted)
        .select_related("meeting")
        .order_by("meeting__start_date", "pk")
    )
    for poll in polls:
        out.append(Item("meetings.poll", _("Vote now: %(title)s") % {"title": poll.title},
                        reverse("meetings:poll_detail", args=[poll.pk]), due=today, severity="danger"))  # fmt: skip
    sittings = (
        Attendance.objects.filter(
            person_id=scope.person_id,
            status__in=EXPECTED,
            meeting__state__in=MEETING.group("editable"),
            meeting__end_date__gte=today,
        )
        .select_related("meeting")
        .order_by("meeting__start_date", "meeting_id")
    )
    for a in sittings:
        day = max(a.meeting.start_date, today)
        severity = "danger" if MEETING.in_group(a.meeting, "open") else "warning" if (day - today).days <= 7 else "normal"
        out.append(Item("meetings.attend", _("Attend: %(title)s") % {"title": a.meeting.title},
                        reverse("meetings:detail", args=[a.meeting_id]), due=a.meeting.start_date, severity=severity))  # fmt: skip
    return out
