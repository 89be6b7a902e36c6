"""Daily jobs of supervision: reminders of handling reports and rectification past their deadlines."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.jobs import daily
from renda.core.notify import notify

from .lifecycles import OPINION, PROBLEM, ROUND
from .models import ProblemItem, SupervisionOpinion
from .services._common import clerks_of


@daily("supervision.overdue_handling_reports")
def overdue_handling_reports() -> int:
    """Remind the unit's clerks of handling reports on supervision opinions past their deadline (once each)."""
    today = timezone.localdate()
    sent = 0
    overdue = SupervisionOpinion.objects.filter(state__in=OPINION.group("awaiting_report"), deadline__lt=today).select_related(
        "activity"
    )
    with transaction.atomic():
        for opinion in overdue:
            sent += notify(
                users=clerks_of(opinion.unit_id),
                kind="supervision.opinion.overdue",
                title=_("Handling report overdue: %(subject)s") % {"subject": opinion.activity.title},
                url=f"/supervision/opinions/{opinion.pk}/",
                dedupe_key=f"supervision-opinion-{opinion.pk}-overdue",
                event_on=opinion.deadline,
            )
    return sent


@daily("supervision.overdue_rectification")
def overdue_rectification() -> int:
    """Remind the unit's clerks of problems not rectified by their deadline (once each)."""
    today = timezone.localdate()
    sent = 0
    overdue = ProblemItem.objects.filter(
        state__in=PROBLEM.group("open"), deadline__lt=today, evaluated__round__state__in=ROUND.group("rectifying")
    ).select_related("evaluated")
    with transaction.atomic():
        for problem in overdue:
            sent += notify(
                users=clerks_of(problem.evaluated.unit_id),
                kind="supervision.problem.overdue",
                title=_("Rectification overdue: %(problem)s") % {"problem": problem.text[:60]},
                url=f"/supervision/evaluations/units/{problem.evaluated_id}/",
                dedupe_key=f"supervision-problem-{problem.pk}-overdue",
                event_on=problem.deadline,
            )
    return sent
