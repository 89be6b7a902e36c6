"""Every rule of the duty app, by (action, subject). Views, templates (through context) and the API ask here.

Staff read by region (office: the district, town staff and liaison officers: their town, leaders and committee
staff: the district), and manage what belongs to the congresses of their regions (the office: district and towns,
town staff: their town's). Deputies see what concerns them: their groups' topics and activities, their training,
their reports to voters, their own self-reported activities, the contacts made with them. A standing-committee
member keeps the log of contacts with the deputies assigned to them (through their login's person).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Deputy, Role
from renda.org.scoping import Scope

MANAGE_ROLES = frozenset({Role.OFFICE, Role.TOWN})
READ_ROLES = frozenset({Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER, Role.COMMITTEE})
#: roles a standing-committee member logs in with (a leader, committee staff, a deputy)
MEMBER_ROLES = frozenset({Role.LEADER, Role.COMMITTEE, Role.DEPUTY})


def _region(field: str = "region_id") -> Callable[[Scope], Q | None]:
    return lambda s: Q(**{f"{field}__in": s.region_ids}) if s.region_ids else None


def _mandates(scope: Scope) -> QuerySet[Deputy]:
    if scope.person_id is None:
        return Deputy.objects.none()
    return Deputy.objects.filter(person_id=scope.person_id)


def is_deputy(scope: Scope) -> bool:
    return Role.DEPUTY in scope.roles and scope.person_id is not None


def manages_region(scope: Scope, region_id: int | None) -> bool:
    """Office or town staff whose grant covers the region (the office covers the whole district)."""
    return scope.everything or (region_id is not None and bool(scope.roles_in_region(region_id) & MANAGE_ROLES))


# --- visibility -----------------------------------------------------------------------------------------------
def topic_q(scope: Scope) -> Q | None:
    """Topics: staff of the congress's region, and staff of a region one of its groups belongs to (town staff see
    the district's topics sent to the district deputies' group of their town); the groups' deputies."""
    return scope.visible(
        [
            (READ_ROLES, lambda s: Q(region_id__in=s.region_ids) | Q(groups__region_id__in=s.region_ids) if s.region_ids else None),
            ({Role.DEPUTY}, lambda s: Q(groups__in=_mandates(s).values("group_id")) if s.person_id else None),
        ]
    )


def activity_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_ROLES, _region()),
            ({Role.DEPUTY}, lambda s: Q(group_id__in=_mandates(s).values("group_id")) if s.person_id else None),
        ]
    )


def contact_q(scope: Scope) -> Q | None:
    """The contact log: staff of the deputy's region; the standing-committee member who made the contacts (any
    role, through their login's person); the deputy contacted."""
    return scope.visible(
        [
            (READ_ROLES, _region()),
            ({Role.DEPUTY}, lambda s: Q(deputy__person_id=s.person_id) if s.person_id else None),
            (MEMBER_ROLES, lambda s: Q(assignment__member__person__user_id=s.user_id) if s.user_id else None),
        ]
    )


def plan_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_ROLES, _region()),
            (
                {Role.DEPUTY},
                lambda s: Q(sessions__attendance__deputy__person_id=s.person_id) if s.person_id else None,
            ),
        ]
    )


def session_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_ROLES, _region()),
            ({Role.DEPUTY}, lambda s: Q(attendance__deputy__person_id=s.person_id) if s.person_id else None),
        ]
    )


def report_q(scope: Scope) -> Q | None:
    """Reports to voters: staff of the station's region, the station's liaison officer, the deputy who reports."""
    return scope.visible(
        [
            ({Role.OFFICE, Role.TOWN, Role.LEADER, Role.COMMITTEE}, _region()),
            ({Role.LIAISON}, lambda s: Q(station__officer_id=s.user_id)),
            ({Role.DEPUTY}, lambda s: Q(deputy__person_id=s.person_id) if s.person_id else None),
        ]
    )


def self_report_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            ({Role.OFFICE, Role.TOWN, Role.LEADER, Role.COMMITTEE}, _region()),
            ({Role.DEPUTY}, lambda s: Q(deputy__person_id=s.person_id) if s.person_id else None),
        ]
    )


# --- groups and topics ------------------------------------------------------------------------------------------
def can_manage_topics_of(scope: Scope, congress: Any) -> bool:
    """Propose topics to a congress's groups: the office (district and towns), town staff (their town's)."""
    return manages_region(scope, congress.region_id)


def can_create_topics(scope: Scope) -> bool:
    return scope.has(*MANAGE_ROLES)


def can_manage_topic(scope: Scope, topic: Any) -> bool:
    return manages_region(scope, topic.region_id)


def is_group_member(scope: Scope, group_id: int | None) -> bool:
    if not is_deputy(scope) or group_id is None:
        return False
    return _mandates(scope).filter(group_id=group_id, status=Deputy.Status.SERVING).exists()


def can_create_activity_for(scope: Scope, group: Any) -> bool:
    """Staff who manage the group's region, or a serving deputy of the group (the group records what it did)."""
    return manages_region(scope, group.region_id) or is_group_member(scope, group.pk)


def can_create_activities(scope: Scope) -> bool:
    return scope.has(*MANAGE_ROLES) or is_deputy(scope)


def can_record_activity(scope: Scope, activity: Any) -> bool:
    return can_create_activity_for(scope, activity.group)


def can_close_activity(scope: Scope, activity: Any) -> bool:
    """The outcome is recorded by staff, who follow the suggestions up."""
    return manages_region(scope, activity.region_id)


# --- contacts ---------------------------------------------------------------------------------------------------
def is_member_of(scope: Scope, assignment: Any) -> bool:
    return scope.user_id is not None and assignment.member.person.user_id == scope.user_id


def can_log_contact(scope: Scope, assignment: Any) -> bool:
    """The standing-committee member themselves, or the office of the member's congress."""
    return is_member_of(scope, assignment) or manages_region(scope, assignment.member.body.region_id)


def can_log_contacts(scope: Scope) -> bool:
    return scope.everything or Role.OFFICE in scope.roles or has_assignments(scope)


def has_assignments(scope: Scope) -> bool:
    from renda.org.models import ContactAssignment

    if scope.user_id is None:
        return False
    return bool(ContactAssignment.objects.filter(member__person__user_id=scope.user_id).exists())


def can_follow_up_contact(scope: Scope, log: Any) -> bool:
    return can_log_contact(scope, log.assignment)


# --- training ---------------------------------------------------------------------------------------------------
def can_create_training(scope: Scope) -> bool:
    return scope.has(*MANAGE_ROLES)


def can_manage_training_of(scope: Scope, congress: Any) -> bool:
    return manages_region(scope, congress.region_id)


def can_manage_plan(scope: Scope, plan: Any) -> bool:
    return manages_region(scope, plan.region_id)


def can_manage_session(scope: Scope, session: Any) -> bool:
    return manages_region(scope, session.region_id)


# --- reports to voters ------------------------------------------------------------------------------------------
def can_schedule_reports(scope: Scope) -> bool:
    return scope.has(*MANAGE_ROLES) or Role.LIAISON in scope.roles


def can_schedule_report_at(scope: Scope, station: Any) -> bool:
    officer = scope.user_id is not None and station.officer_id == scope.user_id and Role.LIAISON in scope.roles
    return officer or manages_region(scope, station.region_id)


def can_manage_report(scope: Scope, report: Any) -> bool:
    return can_schedule_report_at(scope, report.station)


# --- self-reported activities -----------------------------------------------------------------------------------
def can_self_report(scope: Scope) -> bool:
    return is_deputy(scope)


def is_own_report(scope: Scope, report: Any) -> bool:
    return is_deputy(scope) and report.deputy.person_id == scope.person_id


def can_confirm(scope: Scope, report: Any) -> bool:
    """Staff who keep the deputy's record: the office for any mandate, town staff for their town congress's."""
    return manages_region(scope, report.deputy.congress.region_id)


def can_confirm_any(scope: Scope) -> bool:
    return scope.has(*MANAGE_ROLES)


def can_scan(scope: Scope) -> bool:
    return is_deputy(scope)


def _reads_topics(scope: Scope) -> bool:
    return topic_q(scope) is not None and (scope.everything or bool(scope.roles & READ_ROLES))


def _reads_group(scope: Scope) -> bool:  # a deputy who is not also staff: their own group's activities
    return activity_q(scope) is not None and is_deputy(scope) and not scope.roles & READ_ROLES


def _reads_activities(scope: Scope) -> bool:
    return activity_q(scope) is not None and not _reads_group(scope)


def _reads_contacts(scope: Scope) -> bool:
    return contact_q(scope) is not None and (scope.everything or bool(scope.roles & READ_ROLES) or has_assignments(scope))


def _reads_own(scope: Scope) -> bool:
    return self_report_q(scope) is not None and is_deputy(scope)


def _reads_self_reports(scope: Scope) -> bool:
    return self_report_q(scope) is not None and not is_deputy(scope)


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    return registry.nav_entries(
        scope,
        [
            (_reads_topics, "duty_topics", _("Quarterly topics"), "duty:topic_list"),
            (_reads_group, "duty_activities", _("My group"), "duty:activity_list"),
            (_reads_activities, "duty_activities", _("Group activities"), "duty:activity_list"),
            (_reads_contacts, "duty_contacts", _("Contacts with deputies"), "duty:contact_list"),
            (lambda s: session_q(s) is not None, "duty_training", _("Training"), "duty:training_list"),
            (lambda s: report_q(s) is not None, "duty_reports", _("Reports to voters"), "duty:report_list"),
            (_reads_own, "duty_self", _("My activities"), "duty:self_list"),
            (_reads_self_reports, "duty_self", _("Self-reported activities"), "duty:self_list"),
        ],
    )
