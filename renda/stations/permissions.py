"""Every rule of the stations app, by (action, subject).

Staff see stations by region (office: the district, town staff: their town, leaders and committee staff read
the district). A liaison officer's region grant is not enough: an officer sees only the stations whose fixed
officer they are (and the records of those stations). Deputies see the activities they are on duty for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Role
from renda.org.scoping import Scope

READ_ROLES = (Role.OFFICE, Role.TOWN, Role.LEADER)
MANAGE_ROLES = frozenset({Role.OFFICE, Role.TOWN})


def region_ids_for(scope: Scope, roles: Iterable[str]) -> frozenset[int]:
    """Regions the user covers through grants of these roles only (a liaison grant does not count)."""
    ids: set[int] = set()
    for role in roles:
        ids |= scope.roles_by_region.get(role, frozenset())
    return frozenset(ids)


def station_q(scope: Scope, prefix: str = "") -> Q | None:
    """Q over Station rows (or over rows with a `station` FK when prefix="station__") the user may see: the
    stations of the regions read through a staff grant (committee staff: their congress's regions), and a liaison
    officer's own stations."""

    def read_regions(s: Scope) -> Q | None:
        ids = set(region_ids_for(s, READ_ROLES))
        if Role.COMMITTEE in s.roles:
            ids |= s.region_ids
        return Q(**{f"{prefix}region_id__in": ids}) if ids else None

    return scope.visible(
        [
            ({*READ_ROLES, Role.COMMITTEE}, read_regions),
            ({Role.LIAISON}, lambda s: Q(**{f"{prefix}officer_id": s.user_id})),
        ]
    )


def can_list_stations(scope: Scope) -> bool:
    return station_q(scope) is not None


def is_officer(scope: Scope, station: Any) -> bool:
    return scope.user_id is not None and station.officer_id == scope.user_id and Role.LIAISON in scope.roles


def can_manage_station(scope: Scope, station: Any) -> bool:
    """Change rules, schedule, activities, roster and records: the officer, town staff of its region, the office."""
    if scope.everything or is_officer(scope, station):
        return True
    return bool(scope.roles_in_region(station.region_id) & MANAGE_ROLES)


def can_manage_activity(scope: Scope, activity: Any) -> bool:
    """Plan, staff, record or cancel an activity, check deputies in: whoever manages its station."""
    return can_manage_station(scope, activity.station)


def can_check_in(scope: Scope, activity: Any) -> bool:
    return can_manage_activity(scope, activity)


def can_sign_in(scope: Scope, activity: Any, deputy: Any) -> bool:
    """A deputy signs themself in (the QR code), if their mandate is one of the station's or they are on duty."""
    return scope.person_id is not None and deputy.person_id == scope.person_id


def can_view_my_duties(scope: Scope) -> bool:
    return Role.DEPUTY in scope.roles and scope.person_id is not None


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    return registry.nav_entries(
        scope,
        [
            (can_list_stations, "stations", _("Stations"), "stations:station_list"),
            (can_view_my_duties, "duties", _("My station duties"), "stations:my_duties"),
        ],
    )
