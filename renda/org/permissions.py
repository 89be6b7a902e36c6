"""Every rule of the org app, by (action, subject). Views and the API ask here; nothing checks roles inline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from renda.core import registry

from .models import Deputy, Role
from .scoping import Scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def can_view_roster(scope: Scope) -> bool:
    return scope.sees_roster() or (Role.DEPUTY in scope.roles and scope.person_id is not None)


def can_list_deputies(scope: Scope) -> bool:
    return scope.sees_roster()


def can_export_deputies(scope: Scope) -> bool:
    return scope.sees_roster()


def can_view_personal_data(scope: Scope, deputy: Deputy) -> bool:
    """Phone and ID number: the office and the town staff that keep the deputy's record; the deputy."""
    if scope.everything:
        return True
    if scope.person_id and deputy.person_id == scope.person_id:
        return True
    covering = scope.roles_in_region(deputy.region_id) | scope.roles_in_region(deputy.congress.region_id)
    return bool(covering & {Role.OFFICE, Role.TOWN})


def can_change_deputy_status(scope: Scope, deputy: Deputy) -> bool:
    """The office changes any mandate in its district; town staff only mandates of their town's congress."""
    if scope.everything:
        return True
    if Role.OFFICE in scope.roles_in_region(deputy.congress.region_id):
        return True
    return Role.TOWN in scope.roles_in_region(deputy.congress.region_id)


def can_import_deputies(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN)


def can_import_into_congress(scope: Scope, congress_region_id: int) -> bool:
    return scope.everything or bool(scope.roles_in_region(congress_region_id) & {Role.OFFICE, Role.TOWN})


def can_view_units(scope: Scope) -> bool:
    return scope.unit_q() is not None


def can_import_units(scope: Scope) -> bool:
    return scope.has(Role.OFFICE)


def can_import_units_into(scope: Scope, region_id: int) -> bool:
    return scope.everything or Role.OFFICE in scope.roles_in_region(region_id)


def can_view_regions(scope: Scope) -> bool:
    return scope.region_q() is not None


def can_view_bodies(scope: Scope) -> bool:
    return scope.body_q() is not None


def nav(scope: Scope) -> list[tuple[str, StrOrPromise, str]]:
    return registry.nav_entries(
        scope,
        [
            (can_list_deputies, "deputies", _("Deputies"), "org:deputy_list"),
            (can_view_units, "units", _("Units"), "org:unit_list"),
            (can_view_bodies, "bodies", _("Congress bodies"), "org:body_list"),
            (can_view_regions, "regions", _("Regions"), "org:region_tree"),
        ],
    )
