"""The duty app's headline figures for the work overview: group activities held, contacts of standing-committee
members with deputies, reports to voters held, self-reported activities confirmed — each counted through the same
scoped list it links to. (No `latest`: the overview's default half-year stays that of the stations.)"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.headline import Figure, Period
from renda.org.models import Role
from renda.org.scoping import Scope

from . import selectors
from .lifecycles import REPORT, SELF_REPORT

VIEWERS = (Role.OFFICE, Role.TOWN, Role.COMMITTEE, Role.LEADER)
HELD_REPORT = next(iter(sorted(REPORT.group("held"))))
CONFIRMED = next(iter(sorted(SELF_REPORT.group("confirmed"))))


def section() -> str:
    return _("Deputies' duty")


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not scope.has(*VIEWERS):
        return []
    p = selectors.Period(date_from=period.date_from, date_to=period.date_to)
    query = period.query()
    activities = selectors.activity_list(scope=scope, period=p, held=True)
    reports = selectors.report_list(scope=scope, period=p, state=HELD_REPORT)
    confirmed = selectors.self_report_list(scope=scope, period=p, state=CONFIRMED)
    contacts = selectors.contact_list(scope=scope, period=p)
    return [
        Figure(section(), "group_activities", _("deputy group activities"), activities.count(),
               f"{reverse('duty:activity_list')}?{query}&held=1"),
        Figure(section(), "contacts", _("contacts with deputies"), contacts.count(), f"{reverse('duty:contact_list')}?{query}"),
        Figure(section(), "voter_reports", _("reports to voters"), reports.count(),
               f"{reverse('duty:report_list')}?{query}&state={HELD_REPORT}"),
        Figure(section(), "self_reports_confirmed", _("self-reported activities confirmed"), confirmed.count(),
               f"{reverse('duty:self_list')}?{query}&state={CONFIRMED}"),
    ]  # fmt: skip

