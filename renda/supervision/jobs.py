"""Daily jobs of supervision: handling reports and rectification up their escalation ladders."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.escalation import Step, climb, ladder_horizon
from renda.core.jobs import daily
from renda.meetings.jobs import climb_handling_reports
from renda.org.recipients import People

from .lifecycles import OPINION, PROBLEM, ROUND
from .models import ProblemItem, SupervisionOpinion
from .rules import RECTIFICATION_ESCALATION


@daily("supervision.overdue_handling_reports")
def overdue_handling_reports(today: datetime.date | None = None) -> int:
    """Opinions sent after an activity, awaiting the unit's handling report, go up the same ladder as a meeting's
    review opinions (`meetings.report_escalation`: one loop, one deadline), each step once."""
    return climb_handling_reports(
        SupervisionOpinion.objects.filter(state__in=OPINION.group("awaiting_report")).select_related("activity", "region"),
        today=today or timezone.localdate(), kind="supervision.opinion", subject=lambda o: o.activity.title,
        url=lambda o: f"/supervision/opinions/{o.pk}/",
    )  # fmt: skip


@daily("supervision.overdue_rectification")
def overdue_rectification(today: datetime.date | None = None) -> int:
    """Problems of an evaluation still open in a round under rectification go up the ladder of the rule
    `supervision.rectification_escalation`, each step once per problem and deadline."""
    today = today or timezone.localdate()
    people = People()
    horizon = today + datetime.timedelta(days=ladder_horizon(RECTIFICATION_ESCALATION))
    return climb(
        rule=RECTIFICATION_ESCALATION,
        items=ProblemItem.objects.filter(state__in=PROBLEM.group("open"), deadline__lte=horizon,
                                         evaluated__round__state__in=ROUND.group("rectifying"))
        .select_related("evaluated", "region").order_by("deadline", "pk"),
        today=today,
        kind="supervision.problem",
        due_on=lambda p: p.deadline,
        region_path=lambda p: p.region.path,
        recipients=lambda p, step: people.of(p, step, unit_id=p.evaluated.unit_id, region_path=p.region.path),
        title=_rectification_title,
        url=lambda p: f"/supervision/evaluations/units/{p.evaluated_id}/",
    )  # fmt: skip


def _rectification_title(problem: ProblemItem, step: Step, today: datetime.date) -> str:
    values = {"problem": problem.text[:60], "date": problem.deadline.isoformat() if problem.deadline else ""}
    if problem.deadline is not None and problem.deadline >= today:
        return _("Rectification due on %(date)s: %(problem)s") % values
    if step.key == "overdue":
        return _("Rectification overdue: %(problem)s") % values
    return _("Escalated: not rectified by %(date)s: %(problem)s") % values
