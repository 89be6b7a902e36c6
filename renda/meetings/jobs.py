"""Daily jobs of the meetings app."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.escalation import Step, climb, ladder_horizon
from renda.core.jobs import daily
from renda.org.recipients import People

from .lifecycles import OPINION
from .models import ReviewOpinion
from .rules import REPORT_ESCALATION


@daily("meetings.overdue_handling_reports")
def overdue_handling_reports(today: datetime.date | None = None) -> int:
    """Review opinions awaiting the unit's handling report go up the ladder of the rule `meetings.report_escalation`
    (a reminder before the deadline, the unit told when it is overdue, the office and leaders when long overdue),
    each step once per opinion and deadline."""
    return climb_handling_reports(
        ReviewOpinion.objects.filter(state__in=OPINION.group("awaiting_report")).select_related("item", "region"),
        today=today or timezone.localdate(), kind="opinion", subject=lambda o: o.item.title,
        url=lambda o: f"/meetings/opinions/{o.pk}/",
    )  # fmt: skip


def climb_handling_reports(
    awaiting: QuerySet[Any], *, today: datetime.date, kind: str, subject: Callable[[Any], str], url: Callable[[Any], str]
) -> int:
    """Opinions awaiting a unit's handling report (a meeting's review opinions, or those sent after a supervision
    activity) up the ladder of `meetings.report_escalation`: one loop, one deadline, one ladder."""
    people = People()
    horizon = today + datetime.timedelta(days=ladder_horizon(REPORT_ESCALATION))
    return climb(
        rule=REPORT_ESCALATION, items=awaiting.filter(deadline__lte=horizon).order_by("deadline", "pk"), today=today,
        kind=kind, due_on=lambda o: o.deadline, region_path=lambda o: o.region.path,
        recipients=lambda o, step: people.of(o, step, unit_id=o.unit_id, region_path=o.region.path),
        title=lambda o, step, day: report_title(subject(o), o.deadline, step, day), url=url,
    )  # fmt: skip


def report_title(subject: str, deadline: datetime.date | None, step: Step, today: datetime.date) -> str:
    """The notice of a handling report's step (review opinions of a meeting or of a supervision activity)."""
    values = {"report": subject, "date": deadline.isoformat() if deadline else ""}
    if deadline is not None and deadline >= today:
        return _("Handling report due on %(date)s: %(report)s") % values
    if step.key == "overdue":
        return _("Handling report overdue: %(report)s") % values
    return _("Escalated: the handling report due on %(date)s has not come: %(report)s") % values
