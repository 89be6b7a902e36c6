"""The suggestions' items on a to-do list: for a deputy, co-sign requests waiting for their answer and answers waiting
for their feedback (satisfied or not); for a unit clerk, parts to accept, overdue and due soon (counts that open the
inbox filtered to exactly those); for the office and town staff, suggestions to review, parts past their due date and
the units that have not answered; for a leader, the key suggestions she leads or supervises and the late ones."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item, counts
from renda.org.models import Role
from renda.org.scoping import Scope

from . import permissions, selectors
from .lifecycles import COSIGNER, SUGGESTION
from .models import CoSigner, State, Suggestion


def items(scope: Scope) -> list[Item]:
    """The unit's and the staff's counts in one query (`core.todo.counts`), then the deputy's own requests."""
    today = timezone.localdate()
    lists: dict[str, QuerySet[Any]] = {}
    if permissions.can_use_inbox(scope) and not scope.everything:
        for name, show, due in UNIT_LISTS:
            lists[name] = selectors.inbox(scope=scope, filters=selectors.InboxFilters(show=show, due=due), today=today)
    if permissions.can_list(scope) and scope.roles & permissions.READ_ROLES:
        lists.update(_staff_lists(scope, today))
    n = counts(**lists) if lists else {}
    out = [item for item in _counted(n, today) if item.count]
    if Role.DEPUTY in scope.roles and scope.person_id is not None:
        out += _deputy(scope)
    return out


# the unit's lists: (name, show, due) of its inbox
UNIT_LISTS = [("inbox_overdue", "", "overdue"), ("inbox_soon", "", "soon"), ("inbox_accept", "pending", "")]


def _staff_lists(scope: Scope, today: datetime.date) -> dict[str, QuerySet[Any]]:
    lists: dict[str, QuerySet[Any]] = {}
    if permissions.can_review_any(scope):
        lists["review"] = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(state=State.SUBMITTED))
    lists["overdue"] = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(overdue="1"))
    if permissions.can_view_reminders(scope):
        lists["late_units"] = selectors.reminders(scope=scope, today=today)["overdue"].values("unit_id").distinct()
    if Role.LEADER in scope.roles and scope.user_id:
        lists["led"] = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(mine="led"))
    return lists


def _counted(n: dict[str, int], today: datetime.date) -> list[Item]:
    """The counted items (those with no count are left out by the caller)."""
    inbox, listed = reverse("suggestions:inbox"), reverse("suggestions:list")
    return [
        Item("suggestions.inbox_overdue", _("Suggestions to handle, overdue"), f"{inbox}?due=overdue", due=today,
             count=n.get("inbox_overdue"), severity="danger"),
        Item("suggestions.inbox_soon", _("Suggestions to handle, due soon"), f"{inbox}?due=soon",
             count=n.get("inbox_soon"), severity="warning"),
        Item("suggestions.inbox_accept", _("Suggestions assigned to your unit, to accept"), f"{inbox}?show=pending",
             count=n.get("inbox_accept"), severity="warning"),
        Item("suggestions.review", _("Suggestions to review"), f"{listed}?state={State.SUBMITTED}", count=n.get("review"),
             severity="warning"),
        Item("suggestions.overdue", _("Suggestions past their answer date"), f"{listed}?overdue=1", due=today,
             count=n.get("overdue"), severity="danger"),
        Item("suggestions.late_units", _("Units that have not answered in time"), reverse("suggestions:reminders"),
             due=today, count=n.get("late_units"), severity="danger"),
        Item("suggestions.led", _("Key suggestions you lead or supervise"), f"{listed}?mine=led", count=n.get("led")),
    ]  # fmt: skip


def _deputy(scope: Scope) -> list[Item]:
    if scope.person_id is None:
        return []
    out = []
    requests = (
        CoSigner.objects.filter(
            person_id=scope.person_id,
            status__in=COSIGNER.group("invited"),
            suggestion__state__in=SUGGESTION.group("cosignable"),
        )
        .select_related("suggestion", "suggestion__author_person")
        .order_by("suggestion_id")
    )
    for c in requests:
        s = c.suggestion
        title = _("%(name)s asks you to co-sign: %(title)s") % {"name": s.author_person.name, "title": s.title}
        out.append(Item("suggestions.cosign", title, reverse("suggestions:detail", args=[s.pk])))
    awaiting = Suggestion.objects.filter(
        author_person_id=scope.person_id, state__in=SUGGESTION.transition("close").sources
    ).order_by("answer_due", "pk")
    for s in awaiting:
        out.append(Item("suggestions.feedback", _("Answered, waiting for your feedback: %(title)s") % {"title": s.title},
                        reverse("suggestions:detail", args=[s.pk]), severity="warning"))  # fmt: skip
    return out
