"""The daily reminder job: due-soon and overdue suggestions, as in-app notices to units and the office."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.jobs import daily
from renda.core.notify import notify


@daily("suggestions.reminders")
def send_reminders(today: datetime.date | None = None) -> int:
    """One notice per clerk and per assignment and kind (due soon / overdue); safe to run twice."""
    from . import selectors
    from .services.common import detail_url, reviewers_of, unit_clerks

    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        for a, kind in selectors.reminder_assignments(today=today):
            s = a.suggestion
            if kind == "overdue":
                title = _("Overdue: suggestion %(number)s was due on %(date)s") % {
                    "number": s.number,
                    "date": a.due_on.isoformat(),
                }
            else:
                title = _("Due soon: suggestion %(number)s is due on %(date)s") % {
                    "number": s.number,
                    "date": a.due_on.isoformat(),
                }
            key = f"suggestion.reminder.{kind}.{a.pk}.{a.due_on.isoformat()}"
            sent += notify(users=unit_clerks([a.unit_id]), kind=f"suggestion.{kind}", title=title, url=detail_url(s), dedupe_key=key,
                           event_on=a.due_on)
            if kind == "overdue":  # the office hears once per suggestion, not once per unit on it
                sent += notify(users=reviewers_of(s), kind=f"suggestion.{kind}", title=title, url=detail_url(s),
                               dedupe_key=f"suggestion.reminder.overdue.s{s.pk}.{a.due_on.isoformat()}", event_on=a.due_on)  # fmt: skip
    return sent
