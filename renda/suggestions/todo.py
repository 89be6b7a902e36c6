"""The suggestions' items on a to-do list: for a deputy, co-sign requests waiting for their answer and answers waiting
for their feedback (satisfied or not); for a unit clerk, parts to accept, overdue and due soon (counts that open the
inbox filtered to exactly those); for the office and town staff, suggestions to review, parts past their due date and
the units that have not answered; for a leader, the key suggestions she leads or supervises and the late ones."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Role
from renda.org.scoping import Scope

from . import permissions, selectors
from .lifecycles import COSIGNER, SUGGESTION
from .models import CoSigner, State, Suggestion


def items(scope: Scope) -> list[Item]:
    out: list[Item] = []
    if permissions.can_use_inbox(scope) and not scope.everything:
        out += _unit(scope)
    if permissions.can_list(scope) and scope.roles & permissions.READ_ROLES:
        out += _staff(scope)
    if Role.DEPUTY in scope.roles and scope.person_id is not None:
        out += _deputy(scope)
    return out


def _unit(scope: Scope) -> list[Item]:
    base = reverse("suggestions:inbox")
    today = timezone.localdate()
    out = []
    for show, due, kind, title, severity in [
        ("", "overdue", "suggestions.inbox_overdue", _("Suggestions to handle, overdue"), "danger"),
        ("", "soon", "suggestions.inbox_soon", _("Suggestions to handle, due soon"), "warning"),
        ("pending", "", "suggestions.inbox_accept", _("Suggestions assigned to your unit, to accept"), "warning"),
    ]:
        n = selectors.inbox(scope=scope, filters=selectors.InboxFilters(show=show, due=due), today=today).count()
        if n:
            query = "&".join(f"{k}={v}" for k, v in (("show", show), ("due", due)) if v)
            out.append(Item(kind, title, f"{base}?{query}", due=today if due == "overdue" else None, count=n, severity=severity))
    return out


def _staff(scope: Scope) -> list[Item]:
    base = reverse("suggestions:list")
    today = timezone.localdate()
    out = []
    if permissions.can_review_any(scope):
        n = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(state=State.SUBMITTED)).count()
        if n:
            out.append(Item("suggestions.review", _("Suggestions to review"), f"{base}?state={State.SUBMITTED}", count=n,
                            severity="warning"))  # fmt: skip
    late = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(overdue="1"))
    n = late.count()
    if n:
        out.append(Item("suggestions.overdue", _("Suggestions past their answer date"), f"{base}?overdue=1", due=today,
                        count=n, severity="danger"))  # fmt: skip
    if permissions.can_view_reminders(scope):
        parts = selectors.reminders(scope=scope, today=today)["overdue"]
        units = parts.values("unit_id").distinct().count()
        if units:
            out.append(Item("suggestions.late_units", _("Units that have not answered in time"),
                            reverse("suggestions:reminders"), due=today, count=units, severity="danger"))  # fmt: skip
    if Role.LEADER in scope.roles and scope.user_id:
        led = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(mine="led")).count()
        if led:
            out.append(Item("suggestions.led", _("Key suggestions you lead or supervise"), f"{base}?mine=led", count=led))
    return out


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
