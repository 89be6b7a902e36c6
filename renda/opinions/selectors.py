"""Every read of the opinions app; each takes the actor's scope and filters by it first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renda.core import rules
from renda.core.errors import NotPermitted
from renda.core.selectors import get_in_scope, narrow
from renda.org.models import Region, Unit
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors
from renda.stations.models import Station

from . import permissions
from .models import INBOX_OPEN_FIRST, OPEN_STATUSES, Opinion, Status, Step


@dataclass
class OpinionFilters:
    status: str = ""
    station: int | None = None
    town: int | None = None
    activity: int | None = None
    unit: int | None = None
    category: str = ""
    overdue: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    answered_on_time: bool | None = None
    solved: bool | None = None
    answered: bool | None = None
    q: str = ""


def opinion_queryset(scope: Scope) -> QuerySet[Opinion]:
    q = permissions.opinion_q(scope)
    if q is None:
        return Opinion.objects.none()
    return Opinion.objects.filter(q)


def overdue_q(today: datetime.date) -> Q:
    return Q(status=Status.ROUTED, deadline__lt=today) | Q(answered_on_time=False)


def _filtered(qs: QuerySet[Opinion], f: OpinionFilters) -> QuerySet[Opinion]:
    qs = narrow(
        qs, status=f.status, station_id=f.station, town_id=f.town, activity_id=f.activity, unit_id=f.unit, category=f.category
    )
    if f.overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    if f.date_from:
        qs = qs.filter(registered_at__gte=_start(f.date_from))
    if f.date_to:
        qs = qs.filter(registered_at__lt=_start(f.date_to + datetime.timedelta(days=1)))
    if f.answered_on_time is not None:
        qs = qs.filter(answered_on_time=f.answered_on_time)
    if f.answered is not None:
        qs = qs.filter(answered_at__isnull=not f.answered)
    if f.solved is not None:
        qs = qs.filter(solved=f.solved)
    if f.q:
        text = f.q.strip()
        qs = qs.filter(Q(text__contains=text) | Q(tracking_code=text.upper()))
    return qs


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def opinion_list(*, scope: Scope, filters: OpinionFilters | None = None) -> QuerySet[Opinion]:
    if not permissions.can_list_opinions(scope):
        raise NotPermitted()
    qs = _filtered(opinion_queryset(scope), filters or OpinionFilters())
    return qs.select_related("station", "region", "unit").order_by("-registered_at", "-id")


def opinion_inbox(*, scope: Scope, filters: OpinionFilters | None = None) -> QuerySet[Opinion]:
    """What was routed to my unit: the open ones first, overdue first, then by due date."""
    if not permissions.can_use_inbox(scope):
        raise NotPermitted()
    qs = _filtered(Opinion.objects.filter(unit_id__in=scope.unit_ids), filters or OpinionFilters())
    return (
        qs.select_related("station", "region", "unit")
        .annotate(open_first=INBOX_OPEN_FIRST)
        .order_by("open_first", "deadline", "id")
    )


def opinion_get(*, scope: Scope, pk: int) -> Opinion:
    q = permissions.opinion_q(scope)
    if q is None:
        raise NotPermitted()
    related = ("station", "station__officer", "station__town", "region", "unit", "activity", "merged_into")
    return get_in_scope(Opinion.objects.filter(q).select_related(*related), pk=pk)


def opinion_steps(*, opinion: Opinion) -> list[Step]:
    return list(opinion.steps.select_related("unit").order_by("at", "pk"))


def opinion_by_code(*, code: str) -> Opinion | None:
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(code) != 10:
        return None
    return Opinion.objects.select_related("station", "region", "unit", "merged_into").filter(tracking_code=code).first()


def routable_units(*, opinion: Opinion) -> QuerySet[Unit]:
    """District units and the units of the opinion's own town."""
    district_path = "/" + opinion.town.path.strip("/").split("/")[0] + "/"
    return (
        Unit.objects.filter(is_active=True)
        .filter(Q(region__path=district_path) | Q(region_id=opinion.town_id))
        .order_by("region__depth", "name")
    )


def merge_candidates(*, opinion: Opinion) -> QuerySet[Opinion]:
    return (
        Opinion.objects.filter(town_id=opinion.town_id, status__in=OPEN_STATUSES, merged_into__isnull=True)
        .exclude(pk=opinion.pk)
        .order_by("-registered_at")[:30]
    )


def similar_open(*, region: Region, words: list[str]) -> list[Opinion]:
    """Open opinions of the same town sharing a keyword (shown to a voter before submitting; no personal data)."""
    if not words:
        return []
    town_path = "/" + "/".join(region.path.strip("/").split("/")[:2]) + "/"
    q = Q()
    for word in words:
        q |= Q(keywords__contains=word)
    limit = int(rules.value("opinions.similar_limit", region_path=region.path))
    candidates = list(
        Opinion.objects.filter(q, town__path=town_path, status__in=OPEN_STATUSES, merged_into__isnull=True)
        .select_related("region")
        .order_by("-registered_at")[: limit * 4]
    )
    wanted = set(words)

    def score(o: Opinion) -> tuple[int, int]:
        return (len(wanted & set(o.keywords.split())) + (1 if o.region_id == region.pk else 0), o.pk)

    return sorted(candidates, key=score, reverse=True)[:limit]


def voter_regions() -> QuerySet[Region]:
    """Villages and communities that have an online station in their town (for the public form)."""
    towns = Station.objects.filter(kind=Station.Kind.ONLINE, is_active=True).values("town_id")
    return Region.objects.filter(parent_id__in=towns).select_related("parent").order_by("parent__sort_order", "sort_order")


def station_for_register(*, scope: Scope, pk: int) -> Station:
    return station_selectors.station_get(scope=scope, pk=pk)


# --- Attachments (appended; the list functions above are tuned for large tables) ------------------------------

from .models import Attachment  # noqa: E402


def opinion_attachments(*, opinion: Opinion) -> list[Attachment]:
    return list(Attachment.objects.filter(opinion=opinion).order_by("created_at", "pk"))


def attachment_get(*, scope: Scope, opinion_pk: int, pk: int) -> Attachment:
    """A file of an opinion the user sees (the staff page's readers, the unit it is routed to). Anyone else gets
    404 — a voter holding the tracking code, an officer of another station, a clerk of another unit, no login."""
    q = permissions.opinion_q(scope) if scope.user_id else None
    if q is None:
        raise Http404
    visible = Opinion.objects.filter(q).values("pk")
    return get_in_scope(Attachment.objects.select_related("opinion"), pk=pk, opinion_id=opinion_pk, opinion__in=visible)
