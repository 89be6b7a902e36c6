"""Every rule of the duty archive, by (action, subject).

A deputy reads their own archive; staff read the archives of the deputies their scope covers (the org app's
deputy rule: the office the district, town staff their town's deputies, committee staff their congress's); for
anyone else a deputy's archive does not exist (404). The yearly score lists are for staff who read deputies;
the office (and town staff for their town's congress) keep the scoring schemes. The public report card needs no
login and shows published records only.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Role
from renda.org.scoping import Scope

LIST_ROLES = frozenset({Role.OFFICE, Role.TOWN, Role.LEADER, Role.COMMITTEE})
MANAGE_ROLES = frozenset({Role.OFFICE, Role.TOWN})


def can_read_archives(scope: Scope) -> bool:
    return scope.deputy_q() is not None


def is_deputy(scope: Scope) -> bool:
    return Role.DEPUTY in scope.roles and scope.person_id is not None


def can_view_lists(scope: Scope) -> bool:
    return scope.has(*LIST_ROLES)


def can_view_lists_of(scope: Scope, congress: Any) -> bool:
    """The score lists of a congress: staff whose scope covers its region, committee staff of that congress, and
    town staff for the district congress (its deputies elected in their town: the list shows only those)."""
    if scope.everything:
        return True
    if Role.COMMITTEE in scope.roles and congress.pk in scope.congress_ids:
        return True
    if scope.roles_in_region(congress.region_id) & {Role.OFFICE, Role.TOWN, Role.LEADER}:
        return True
    return Role.TOWN in scope.roles and congress.region_id in scope.context_region_ids


def can_manage_schemes(scope: Scope) -> bool:
    return scope.has(*MANAGE_ROLES)


def can_manage_scheme_of(scope: Scope, congress: Any) -> bool:
    return scope.everything or bool(scope.roles_in_region(congress.region_id) & MANAGE_ROLES)


def can_manage_scheme(scope: Scope, scheme: Any) -> bool:
    return can_manage_scheme_of(scope, scheme.congress)


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    return registry.nav_entries(
        scope,
        [
            (is_deputy, "archive_mine", _("My archive"), "archive:mine"),
            (can_view_lists, "archive_scores", _("Duty scores"), "archive:scores"),
            (can_view_lists, "archive_excellent", _("Excellent deputies"), "archive:excellent"),
            (can_view_lists, "archive_reelection", _("Re-election advice"), "archive:reelection"),
            (can_view_lists, "archive_schemes", _("Scoring schemes"), "archive:schemes"),
        ],
    )
