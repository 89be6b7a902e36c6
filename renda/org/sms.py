"""Who may read the SMS delivery records (renda/core/sms) and the reads: the system administrator every record,
the district office those of its regions and those that belong to no region (one-time codes, which the records
show masked). A delivery's region is the region of the record it is about (an opinion, a suggestion)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from pydantic import BaseModel, field_validator

from renda.core.errors import NotPermitted
from renda.core.listing import MAX_ID, date_param
from renda.core.models import SmsDelivery
from renda.core.selectors import get_in_scope, narrow

from .models import Role
from .permissions import can_view_deliveries
from .scoping import Scope

READERS = frozenset({Role.OFFICE})


def delivery_q(scope: Scope) -> Q | None:
    return scope.visible([(READERS, lambda s: Q(region_id__in=s.region_ids) | Q(region_id__isnull=True))])


class DeliveryFilters(BaseModel):
    """The list's filters: the page's form and the API's query (`sms_views.DeliveryQuery`) give the same fields."""

    state: str = ""
    kind: str = ""
    phone: str = ""
    ref: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @field_validator("date_from", "date_to")
    @classmethod
    def _bounded(cls, value: datetime.date | None) -> datetime.date | None:
        return date_param(value)  # a date outside the years the platform knows filters nothing


def _queryset(scope: Scope) -> QuerySet[SmsDelivery]:
    if not can_view_deliveries(scope):
        raise NotPermitted()
    q = delivery_q(scope)
    return SmsDelivery.objects.none() if q is None else SmsDelivery.objects.filter(q)


def delivery_list(*, scope: Scope, filters: DeliveryFilters | None = None) -> QuerySet[SmsDelivery]:
    f = filters or DeliveryFilters()
    return narrow(
        _queryset(scope),
        state=f.state,
        kind=f.kind,
        phone=f.phone.strip(),
        ref=f.ref.strip(),
        created_at__date__gte=f.date_from,
        created_at__date__lte=f.date_to,
    ).order_by("-created_at", "-id")


def delivery_counts(qs: QuerySet[SmsDelivery]) -> dict[str, int]:
    """How many of the listed deliveries are in each state (one grouped query)."""
    counts = Counter({str(r["state"]): int(r["n"]) for r in qs.order_by().values("state").annotate(n=Count("pk"))})
    return {state: counts.get(state, 0) for state in SmsDelivery.State.values}


def delivery_kinds(*, scope: Scope) -> list[str]:
    return sorted(set(_queryset(scope).order_by().values_list("kind", flat=True).distinct()))


def delivery_get(*, scope: Scope, pk: int) -> SmsDelivery:
    if not 0 < pk <= MAX_ID:
        raise Http404
    return get_in_scope(_queryset(scope), pk=pk)
