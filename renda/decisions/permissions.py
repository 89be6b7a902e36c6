"""Every rule of the decisions app, by (action, subject), and who sees which rows.

Elections, appointment lists and major matters are run by the staff who run the meetings they are voted at (the
office for district bodies, town staff for their town); bills are led and signed by deputies, and decided by
the presidium through the same staff; a unit's clerks see the matters their unit requested and report on them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.meetings import permissions as meeting_permissions
from renda.org.models import Body, Role
from renda.org.scoping import Scope

READ_REGION_ROLES = {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER}
STAFF_READERS = READ_REGION_ROLES | {Role.COMMITTEE}


def _runs_region(scope: Scope, region_id: int, level: str) -> bool:
    """The office runs the district's bodies, town staff their town's."""
    if scope.everything:
        return True
    roles = scope.roles_in_region(region_id)
    return (Role.OFFICE if level == Body.Level.DISTRICT else Role.TOWN) in roles


def _attended(person_id: int) -> Any:
    from renda.meetings.models import Attendance

    return Attendance.objects.filter(person_id=person_id).values("meeting_id")


# --- elections -------------------------------------------------------------------------------------------


def election_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(meeting__body_id__in=s.congress_ids)),
            ({Role.DEPUTY}, lambda s: Q(meeting_id__in=_attended(s.person_id)) if s.person_id else None),
        ]
    )


def can_list_elections(scope: Scope) -> bool:
    return election_q(scope) is not None


def can_manage_election(scope: Scope, election: Any) -> bool:
    return meeting_permissions.can_manage_meeting(scope, election.meeting)


def can_create_elections(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN)


# --- appointments ----------------------------------------------------------------------------------------


def appointment_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(body__congress_id__in=s.congress_ids)),
            ({Role.UNIT_CLERK}, lambda s: Q(unit_id__in=s.unit_ids)),
        ]
    )


def can_list_appointments(scope: Scope) -> bool:
    return appointment_q(scope) is not None


def can_manage_appointments(scope: Scope, appointment_list: Any) -> bool:
    return _runs_region(scope, appointment_list.body.region_id, appointment_list.body.level)


def can_submit_appointments(scope: Scope) -> bool:
    """The office registers a request to appoint or remove (it arrives as an official letter)."""
    return scope.has(Role.OFFICE)


def holder_q(scope: Scope) -> Q | None:
    return scope.visible([(STAFF_READERS, lambda s: Q(region_id__in=s.region_ids | s.context_region_ids))])


# --- bills -----------------------------------------------------------------------------------------------


def bill_q(scope: Scope) -> Q | None:
    from .models import BillSigner

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(congress_id__in=s.congress_ids)),
            (
                {Role.DEPUTY},
                lambda s: (
                    (
                        Q(lead__person_id=s.person_id)
                        | Q(pk__in=BillSigner.objects.filter(deputy__person_id=s.person_id).values("bill_id"))
                    )
                    if s.person_id
                    else None
                ),
            ),
        ]
    )


def can_list_bills(scope: Scope) -> bool:
    return bill_q(scope) is not None


def can_propose_bills(scope: Scope) -> bool:
    """A deputy leads a bill that deputies sign jointly; staff enter the bills of the presidium, the standing
    committee, a committee or the government."""
    return scope.has(Role.DEPUTY, Role.OFFICE, Role.TOWN)


def can_manage_bill(scope: Scope, bill: Any) -> bool:
    """The presidium's decisions (on the agenda, as a suggestion) and the vote, recorded by the staff who run the
    congress's sessions."""
    return _runs_region(scope, bill.congress.region_id, bill.congress.level)


def is_bill_lead(scope: Scope, bill: Any) -> bool:
    return scope.person_id is not None and bill.lead_id is not None and bill.lead.person_id == scope.person_id


def can_withdraw_bill(scope: Scope, bill: Any) -> bool:
    """The lead deputy, or the staff who run the congress (they enter bills handed in on paper)."""
    return is_bill_lead(scope, bill) or can_manage_bill(scope, bill)


def can_submit_bill(scope: Scope, bill: Any) -> bool:
    return can_withdraw_bill(scope, bill)


def is_own_signature(scope: Scope, signer: Any) -> bool:
    return scope.person_id is not None and signer.deputy.person_id == scope.person_id


# --- major matters ---------------------------------------------------------------------------------------


def matter_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(body__congress_id__in=s.congress_ids) | Q(body_id__in=s.congress_ids)),
            ({Role.UNIT_CLERK}, lambda s: Q(requested_by_id__in=s.unit_ids)),
        ]
    )


def can_list_matters(scope: Scope) -> bool:
    return matter_q(scope) is not None


def can_register_matters(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN)


def can_manage_matter(scope: Scope, matter: Any) -> bool:
    return _runs_region(scope, matter.body.region_id, matter.body.level)


def can_report_on_matter(scope: Scope, matter: Any) -> bool:
    """The report on how the decision was carried out: the requesting unit's clerks (or the staff)."""
    return (matter.requested_by_id is not None and matter.requested_by_id in scope.unit_ids) or can_manage_matter(scope, matter)


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    return registry.nav_entries(
        scope,
        [
            (can_list_elections, "elections", _("Elections"), "decisions:election_list"),
            (can_list_appointments, "appointments", _("Appointments"), "decisions:appointment_list"),
            (can_list_bills, "bills", _("Bills"), "decisions:bill_list"),
            (can_list_matters, "matters", _("Major matters"), "decisions:matter_list"),
        ],
    )
