"""Reads of the core app (the audit trail, a user's API tokens and notices) and the two query helpers every app's
selectors use: `narrow` (the filters a list form sets) and `get_in_scope` (one row of a scoped queryset, or 404)."""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from .models import ApiToken, AuditEvent, Notice, User

M = TypeVar("M", bound=Model)


def narrow(qs: QuerySet[M], /, **lookups: object) -> QuerySet[M]:
    """`qs` filtered by every lookup whose value is set; an unset one (None, "", 0, False) filters nothing.

    The filters are chained one by one in the order given, as `if value: qs = qs.filter(lookup=value)` would."""
    for lookup, value in lookups.items():
        if value:
            qs = qs.filter(**{lookup: value})
    return qs


def get_in_scope(qs: QuerySet[M], /, **lookups: object) -> M:
    """The row of `qs` matching the lookups (usually `pk=`), or 404. Given the queryset cut to what the actor may
    see, a record outside the scope is answered as one that does not exist."""
    obj = qs.filter(**lookups).first()
    if obj is None:
        raise Http404
    return obj


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


def notice_list(*, user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).order_by("-created_at", "-id")


def unread_notice_count(*, user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
