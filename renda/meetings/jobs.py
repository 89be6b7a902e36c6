"""Daily jobs of the meetings app."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.jobs import daily
from renda.core.notify import notify
from renda.org.models import Role, RoleGrant

from .lifecycles import OPINION
from .models import ReviewOpinion


@daily("meetings.overdue_handling_reports")
def overdue_handling_reports() -> int:
    """Remind the unit's clerks of handling reports past their deadline (once per opinion)."""
    today = timezone.localdate()
    sent = 0
    overdue = ReviewOpinion.objects.filter(state__in=OPINION.group("awaiting_report"), deadline__lt=today).select_related(
        "item", "unit"
    )
    with transaction.atomic():
        for opinion in overdue:
            clerks = [g.user for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit=opinion.unit).select_related("user")]
            sent += notify(
                users=clerks,
                kind="opinion.overdue",
                title=_("Handling report overdue: %(report)s") % {"report": opinion.item.title},
                url=f"/meetings/opinions/{opinion.pk}/",
                dedupe_key=f"opinion-{opinion.pk}-overdue",
                event_on=opinion.deadline,
            )
    return sent
