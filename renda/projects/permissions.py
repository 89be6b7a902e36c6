"""Every rule of the projects app, by (action, subject). Views, templates (through context) and the API ask here.

- Office staff run the district congress's cycle; town staff their town congress's cycle (`can_manage_cycle`).
- Staff, committee staff and leaders see the cycles of their regions; deputies those of their congresses.
- Unit clerks see and report on the projects their unit is responsible for, and nothing else.
- Deputies propose candidates and, in a supervision group assigned to a project, add inspections and suggestions.
- The public sees cycles whose ballot result is published, without logging in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Body, Deputy, Role
from renda.org.scoping import Scope

if TYPE_CHECKING:
    from .models import Cycle, Project

REGION_ROLES = {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER}


def _deputy_congresses(person_id: int) -> QuerySet[Deputy, Any]:
    """The congresses of a person's serving mandates (a subquery)."""
    return Deputy.objects.filter(person_id=person_id, status=Deputy.Status.SERVING).values("congress_id")


def cycle_q(scope: Scope) -> Q | None:
    """Q over Cycle rows the user may see, or None when none."""
    return scope.visible(
        [
            (REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(congress_id__in=s.congress_ids)),
            ({Role.DEPUTY}, lambda s: Q(congress_id__in=_deputy_congresses(s.person_id)) if s.person_id else None),
        ]
    )


def project_q(scope: Scope) -> Q | None:
    """Q over Project rows the user may see: as cycles, plus a unit clerk's own unit's projects."""
    return scope.visible(
        [
            (REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(cycle__congress_id__in=s.congress_ids)),
            ({Role.DEPUTY}, lambda s: Q(cycle__congress_id__in=_deputy_congresses(s.person_id)) if s.person_id else None),
            ({Role.UNIT_CLERK}, lambda s: Q(unit_id__in=s.unit_ids)),
        ]
    )


def can_list_cycles(scope: Scope) -> bool:
    return cycle_q(scope) is not None


def can_list_projects(scope: Scope) -> bool:
    return project_q(scope) is not None


def can_create_cycles(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN)


def can_create_cycle_for(scope: Scope, congress: Body) -> bool:
    if congress.kind != Body.Kind.CONGRESS:
        return False
    return _manages(scope, congress.region_id, congress.level)


def _manages(scope: Scope, region_id: int, level: str) -> bool:
    if scope.everything:
        return True
    roles = scope.roles_in_region(region_id)
    return Role.OFFICE in roles if level == Body.Level.DISTRICT else Role.TOWN in roles


def can_manage_cycle(scope: Scope, cycle: Cycle) -> bool:
    """The office runs the district congress's cycle; a town's staff run their town congress's cycle."""
    return _manages(scope, cycle.congress.region_id, cycle.congress.level)


def can_view_proposals(scope: Scope, cycle: Cycle) -> bool:
    return scope.everything or bool(scope.roles & (REGION_ROLES | {Role.COMMITTEE}))


def _collecting(cycle: Cycle) -> bool:
    from .lifecycles import CYCLE  # the lifecycle's rules are these permissions

    return CYCLE.in_group(cycle, "collecting")


def can_propose_as_deputy(scope: Scope, cycle: Cycle, is_deputy_of_congress: bool) -> bool:
    return Role.DEPUTY in scope.roles and is_deputy_of_congress and _collecting(cycle)


def can_propose_as_unit(scope: Scope, cycle: Cycle) -> bool:
    return Role.UNIT_CLERK in scope.roles and bool(scope.unit_ids) and _collecting(cycle)


def can_report_progress(scope: Scope, project: Project) -> bool:
    """The responsible unit's clerks, and the staff who run the cycle."""
    return project.unit_id in scope.unit_ids or can_manage_cycle(scope, project.cycle)


def can_bulk_update(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN) or bool(scope.unit_ids)


def can_add_supervision(scope: Scope, project: Project, in_group: bool) -> bool:
    """A deputy in a supervision group assigned to the project."""
    return Role.DEPUTY in scope.roles and scope.person_id is not None and in_group


def can_view_supervision(scope: Scope, project: Project) -> bool:
    return scope.everything or bool(scope.roles & (REGION_ROLES | {Role.COMMITTEE, Role.DEPUTY, Role.UNIT_CLERK}))


def _may_open(scope: Scope) -> bool:
    """The module's entry: for those who see the cycles or the adopted projects."""
    return can_list_cycles(scope) or can_list_projects(scope)


def nav(scope: Scope) -> list[tuple[str, str, str]]:
    """Navigation entries (key, label, url) this user may open."""
    return registry.nav_entries(scope, [(_may_open, "projects", str(_("Livelihood projects")), "projects:project_list")])
