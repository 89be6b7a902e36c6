"""Every rule of the opinions app, by (action, subject).

Who sees an opinion: the office (district), town staff (their town), leaders (read), the liaison officer of
the opinion's station (and only that station), the clerks of the unit it is routed to. Committee staff and
deputies see none (deputies raise opinions as suggestions through the suggestions workflow).
Phone numbers and names are masked for everyone; those who must contact the voter may reveal them (audited).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Role
from renda.org.scoping import Scope
from renda.stations import permissions as station_permissions
from renda.stations.models import Station

from .models import Opinion, Status

READ_ROLES = (Role.OFFICE, Role.TOWN, Role.LEADER)
HANDLE_ROLES = frozenset({Role.OFFICE, Role.TOWN})


def _read_regions(scope: Scope) -> Q | None:
    ids = station_permissions.region_ids_for(scope, READ_ROLES)
    return Q(region_id__in=ids) if ids else None


def opinion_q(scope: Scope) -> Q | None:
    """Q over Opinion rows the user may see: the regions read through a staff grant, the liaison officer's own
    stations, the clerk's units (what was routed to them)."""
    return scope.visible(
        [
            (READ_ROLES, _read_regions),
            ({Role.LIAISON}, lambda s: Q(station_id__in=Station.objects.filter(officer_id=s.user_id).values("pk"))),
            ({Role.UNIT_CLERK}, lambda s: Q(unit_id__in=s.unit_ids) if s.unit_ids else None),
        ]
    )


def can_list_opinions(scope: Scope) -> bool:
    """The staff list (the unit clerk's list is the inbox)."""
    if scope.everything:
        return True
    return bool(station_permissions.region_ids_for(scope, READ_ROLES)) or Role.LIAISON in scope.roles


def can_use_inbox(scope: Scope) -> bool:
    return Role.UNIT_CLERK in scope.roles and bool(scope.unit_ids)


def can_handle(scope: Scope, opinion: Opinion) -> bool:
    """Route, answer on the spot, report, merge, declare outside the remit, tell the voter: the station's side."""
    if scope.everything:
        return True
    if station_permissions.is_officer(scope, opinion.station):
        return True
    return bool(scope.roles_in_region(opinion.region_id) & HANDLE_ROLES)


def can_register_at(scope: Scope, station: Station) -> bool:
    return station_permissions.can_manage_station(scope, station)


def can_answer_as_unit(scope: Scope, opinion: Opinion) -> bool:
    """The clerk of the unit it is routed to; or the platform recording the unit's step of a past ledger (a system
    scope, after the importer's own scope was checked on the opinion)."""
    if opinion.unit_id is not None and scope.system_reason:
        return True
    return opinion.unit_id is not None and opinion.unit_id in scope.unit_ids and Role.UNIT_CLERK in scope.roles


def can_reveal_contact(scope: Scope, opinion: Opinion) -> bool:
    """Those who must call the voter back: the station's side, and the unit it is routed to while it answers."""
    if can_handle(scope, opinion):
        return True
    return can_answer_as_unit(scope, opinion) and opinion.status == Status.ROUTED


def can_view_figures(scope: Scope) -> bool:
    return station_permissions.can_list_stations(scope)


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    return registry.nav_entries(
        scope,
        [
            (can_list_opinions, "opinions", _("Voter opinions"), "opinions:opinion_list"),
            (can_use_inbox, "inbox", _("Opinions to answer"), "opinions:inbox"),
            (can_view_figures, "station_figures", _("Station figures"), "opinions:figures"),
        ],
    )
