"""Reads of the core app (the audit trail, a user's API tokens and notices) and the two query helpers every app's
selectors use: `narrow` (the filters a list form sets), `get_in_scope` (one row of a scoped queryset, or 404) and
`picked` (the row a form or query parameter names by its id, or None)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, IntegerField, Max, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from .listing import int_param
from .models import ApiToken, AuditEvent, Notice, User

M = TypeVar("M", bound=Model)


def narrow(qs: QuerySet[M], /, **lookups: object) -> QuerySet[M]:
    """`qs` filtered by every lookup whose value is set; an unset one (None, "", 0, False) filters nothing.

    The filters are chained one by one in the order given, as `if value: qs = qs.filter(lookup=value)` would."""
    for lookup, value in lookups.items():
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


def count_per_row(rows: QuerySet[M], field: str) -> Coalesce:
    """How many of `rows` point at each outer row through `field` (a foreign key to it), as a correlated subquery
    for `.annotate()`. Two joined `Count(..., distinct=True)`s multiply the rows (a meeting's agenda items × its
    attendances: 8 million rows for 5,560 meetings of a province); this counts each outer row's own rows once,
    through the foreign key's index, and the paginator's COUNT leaves it out."""
    counted = rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def get_in_scope(qs: QuerySet[M], /, **lookups: object) -> M:
    """The row of `qs` matching the lookups (usually `pk=`), or 404. Given the queryset cut to what the actor may
    see, a record outside the scope is answered as one that does not exist."""
    obj = qs.filter(**lookups).first()
    if obj is None:
        raise Http404
    return obj


def picked(qs: QuerySet[M], /, value: object) -> M | None:
    """The row of `qs` that a form field or query parameter names by its id, or None when it names none of them
    (also when it is absent or not an id at all: bad input is never a database error)."""
    return qs.filter(pk=int_param(value) or 0).first()


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    return narrow(
        AuditEvent.objects.all(),
        action__startswith=action,
        actor_label__contains=actor,
        object_type=object_type,
        object_id=object_id,
        created_at__date__gte=date_from,
        created_at__date__lte=date_to,
    ).order_by("-id")


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def notice_list(*, user: User, kind: str = "") -> QuerySet[Notice]:
    qs = Notice.objects.filter(user=user)
    if kind:
        qs = qs.filter(kind=kind[:64])
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class NoticeGroup:
    """The unread notices of one kind: how many, and the newest (its title and link stand for the group)."""

    kind: str
    count: int
    latest: Notice


def unread_notice_groups(*, user: User, limit: int = 6) -> list[NoticeGroup]:
    """Unread notices grouped by kind, the most recent group first: a reminder run that told a clerk of 30 overdue
    parts is one line "30" on the home page, not 30 lines. Two queries whatever the count."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    groups = list(unread.values("kind").annotate(n=Count("id"), last=Max("id")).order_by("-last")[:limit])
    latest = Notice.objects.in_bulk([g["last"] for g in groups])
    return [NoticeGroup(g["kind"], g["n"], latest[g["last"]]) for g in groups if g["last"] in latest]


def unread_notice_count(*, user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
