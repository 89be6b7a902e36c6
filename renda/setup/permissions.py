"""Who may set up what. The office manages its district's records, town staff only within their town; a role is
granted only within the granter's own scope and only the roles the granter's level hands out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Region, Role
from renda.org.scoping import Scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MANAGE_ROLES = frozenset({Role.OFFICE, Role.TOWN})

# The roles each granter hands out (the system administrator: every role).
GRANTABLE: dict[str, frozenset[str]] = {
    Role.OFFICE: frozenset({Role.OFFICE, Role.COMMITTEE, Role.TOWN, Role.LIAISON, Role.UNIT_CLERK, Role.LEADER, Role.DEPUTY}),
    Role.TOWN: frozenset({Role.TOWN, Role.LIAISON, Role.UNIT_CLERK, Role.DEPUTY}),
}


def can_set_up(scope: Scope) -> bool:
    return scope.everything or bool(scope.roles & MANAGE_ROLES)


def managed_region_ids(scope: Scope) -> frozenset[int] | None:
    """The regions whose records the scope manages (None: every region, for the system administrator)."""
    if scope.everything:
        return None
    ids: set[int] = set()
    for role in MANAGE_ROLES:
        ids |= scope.roles_by_region.get(role, frozenset())
    return frozenset(ids)


def _covering(scope: Scope, region: Region) -> frozenset[str]:
    """The roles whose grant region holds this region, read from its path (so a region made a moment ago, after
    the scope was built, is covered by the grant of its ancestor)."""
    roles: set[str] = set()
    for part in region.path.strip("/").split("/"):
        if part:
            roles |= scope.roles_in_region(int(part))
    return frozenset(roles)


def can_manage_region(scope: Scope, region: Region | None) -> bool:
    """A record placed in this region (a region's parent, a body's, a unit's, a station's, an account's)."""
    if scope.everything:
        return True
    return region is not None and bool(_covering(scope, region) & MANAGE_ROLES)


def can_create_top_region(scope: Scope) -> bool:
    """A region without a parent (the district itself): the system administrator, on a new installation."""
    return scope.everything


def can_grant(scope: Scope, role: str, region: Region | None) -> bool:
    """A grant of `role` covering `region` (the grant's region, its body's, its unit's region)."""
    if scope.everything:
        return True
    if role == Role.ADMIN or region is None:
        return False
    return any(role in GRANTABLE[g] for g in _covering(scope, region) & MANAGE_ROLES)


def nav(scope: Scope) -> list[tuple[str, StrOrPromise, str]]:
    return registry.nav_entries(scope, [(can_set_up, "setup", _("Set-up"), "setup:index")])
