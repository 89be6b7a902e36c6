"""The daily reminder job: each unit's part of a suggestion goes up the ladder of the rule `suggestions.escalation`
(a reminder before the deadline, overdue and escalated after it), one notice per recipient, step and part."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.escalation import Step, climb, item_key, ladder_horizon
from renda.core.jobs import daily
from renda.core.models import User
from renda.org.models import Role, RoleGrant

from .models import Assignment, KeySuggestion
from .rules import ESCALATION


@daily("suggestions.reminders")
def send_reminders(today: datetime.date | None = None) -> int:
    """The step each live part has reached today, sent once (safe to run twice); returns the notices written."""
    return run_ladder(today or timezone.localdate())


def run_ladder(today: datetime.date) -> int:
    from . import selectors

    parts = (a for a, _kind in selectors.reminder_assignments(today=today, horizon=ladder_horizon(ESCALATION)))
    return climb(rule=ESCALATION, items=parts, today=today, kind="suggestion", due_on=lambda a: a.due_on,
                 region_path=lambda a: a.suggestion.region.path, recipients=_recipients, title=_title, url=_url,
                 region_id=lambda a: a.suggestion.region_id)  # fmt: skip


def _url(a: Assignment) -> str:
    from .services.common import detail_url

    return detail_url(a.suggestion)


def _title(a: Assignment, step: Step, today: datetime.date) -> str:
    s = a.suggestion
    if a.due_on >= today:
        return _("Due soon: suggestion %(number)s is due on %(date)s") % {"number": s.number, "date": a.due_on.isoformat()}
    if step.key == "overdue":
        return _("Overdue: suggestion %(number)s was due on %(date)s") % {"number": s.number, "date": a.due_on.isoformat()}
    return _("Escalated: %(unit)s has not finished its part of suggestion %(number)s, due on %(date)s (%(state)s)") % {
        "unit": a.unit.name,
        "number": s.number,
        "date": a.due_on.isoformat(),
        "state": a.get_status_display(),
    }


def _recipients(a: Assignment, step: Step) -> dict[str, tuple[Iterable[User], str]]:
    """Who each name of the ladder is for this part; the office and leaders hear once per suggestion."""
    from .services.common import reviewers_of, unit_clerks

    s = a.suggestion
    per_suggestion = item_key(s)
    out: dict[str, tuple[Iterable[User], str]] = {"unit": (unit_clerks([a.unit_id]), item_key(a))}
    if "office" in step.to:
        out["office"] = (reviewers_of(s), per_suggestion)
    if {"unit_leader", "supervising_leader"} & set(step.to):
        key = KeySuggestion.objects.filter(suggestion=s).select_related("lead_leader__user", "supervisor__user").first()
        lead: list[User] = [key.lead_leader.user] if key is not None and key.lead_leader.user is not None else []
        supervising: list[User]
        if key is not None and key.supervisor is not None and key.supervisor.user is not None:
            supervising = [key.supervisor.user]
        else:
            supervising = [g.user for g in RoleGrant.objects.filter(role=Role.LEADER, region_id=s.region_id).select_related("user")]
        out["unit_leader"] = (lead, per_suggestion)
        out["supervising_leader"] = (supervising, per_suggestion)
    return out
