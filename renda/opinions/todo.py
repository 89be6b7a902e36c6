"""The opinions' items on a to-do list, as counts that open the list they count: for the station's side (town staff,
the office, a liaison officer) the opinions waiting to be routed and those past their answer date at a unit; for a
unit clerk the opinions routed to the unit, and those of them overdue. Deputies and committee staff see no opinions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item, counts
from renda.org.models import Role
from renda.org.scoping import Scope

from . import permissions
from .models import Opinion, Status
from .selectors import OpinionFilters, opinion_inbox, opinion_list


def items(scope: Scope) -> list[Item]:
    """The station side's and the unit's counts, in one query (`core.todo.counts`)."""
    lists: dict[str, QuerySet[Opinion]] = {}
    if permissions.can_list_opinions(scope) and not scope.everything:
        if scope.roles & (permissions.HANDLE_ROLES | {Role.LIAISON}):  # the leader reads, does not route
            lists["route"] = opinion_list(scope=scope, filters=OpinionFilters(status=Status.REGISTERED))
        lists["late"] = opinion_list(scope=scope, filters=OpinionFilters(status=Status.ROUTED, overdue=True))
    if permissions.can_use_inbox(scope):
        lists["inbox_overdue"] = opinion_inbox(scope=scope, filters=OpinionFilters(status=Status.ROUTED, overdue=True))
        lists["inbox"] = opinion_inbox(scope=scope, filters=OpinionFilters(status=Status.ROUTED))
    n = counts(**lists) if lists else {}
    today = timezone.localdate()
    listed, inbox = reverse("opinions:opinion_list"), reverse("opinions:inbox")
    found = [
        Item("opinions.route", _("Opinions to route or answer"), f"{listed}?status={Status.REGISTERED}",
             count=n.get("route"), severity="warning"),
        Item("opinions.late", _("Opinions a unit has not answered in time"), f"{listed}?status={Status.ROUTED}&overdue=on",
             due=today, count=n.get("late"), severity="danger"),
        Item("opinions.inbox_overdue", _("Opinions to answer, overdue"), f"{inbox}?status={Status.ROUTED}&overdue=on",
             due=today, count=n.get("inbox_overdue"), severity="danger"),
        Item("opinions.inbox", _("Opinions routed to your unit, to answer"), f"{inbox}?status={Status.ROUTED}",
             count=n.get("inbox"), severity="warning"),
    ]  # fmt: skip
    return [item for item in found if item.count]
