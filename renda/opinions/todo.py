"""The opinions' items on a to-do list, as counts that open the list they count: for the station's side (town staff,
the office, a liaison officer) the opinions waiting to be routed and those past their answer date at a unit; for a
unit clerk the opinions routed to the unit, and those of them overdue. Deputies and committee staff see no opinions."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Role
from renda.org.scoping import Scope

from . import permissions
from .models import Status
from .selectors import OpinionFilters, opinion_inbox, opinion_list


def items(scope: Scope) -> list[Item]:
    out: list[Item] = []
    if permissions.can_list_opinions(scope) and not scope.everything:
        out += _station_side(scope)
    if permissions.can_use_inbox(scope):
        out += _unit_side(scope)
    return out


def _station_side(scope: Scope) -> list[Item]:
    out = []
    base = reverse("opinions:opinion_list")
    routes = bool(scope.roles & (permissions.HANDLE_ROLES | {Role.LIAISON}))  # the leader reads, does not route
    to_route = opinion_list(scope=scope, filters=OpinionFilters(status=Status.REGISTERED)).count() if routes else 0
    if to_route:
        out.append(Item("opinions.route", _("Opinions to route or answer"), f"{base}?status={Status.REGISTERED}",
                        count=to_route, severity="warning"))  # fmt: skip
    late = opinion_list(scope=scope, filters=OpinionFilters(status=Status.ROUTED, overdue=True)).count()
    if late:
        out.append(Item("opinions.late", _("Opinions a unit has not answered in time"),
                        f"{base}?status={Status.ROUTED}&overdue=on", due=timezone.localdate(), count=late, severity="danger"))  # fmt: skip
    return out


def _unit_side(scope: Scope) -> list[Item]:
    out = []
    base = reverse("opinions:inbox")
    late = opinion_inbox(scope=scope, filters=OpinionFilters(status=Status.ROUTED, overdue=True)).count()
    if late:
        out.append(Item("opinions.inbox_overdue", _("Opinions to answer, overdue"),
                        f"{base}?status={Status.ROUTED}&overdue=on", due=timezone.localdate(), count=late, severity="danger"))  # fmt: skip
    waiting = opinion_inbox(scope=scope, filters=OpinionFilters(status=Status.ROUTED)).count()
    if waiting:
        out.append(Item("opinions.inbox", _("Opinions routed to your unit, to answer"), f"{base}?status={Status.ROUTED}",
                        count=waiting, severity="warning"))  # fmt: skip
    return out
