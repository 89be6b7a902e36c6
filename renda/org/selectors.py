"""Every read of the org app. Each selector takes the actor's scope and filters by it first."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from pydantic import BaseModel

from renda.core.errors import NotPermitted
from renda.core.models import User
from renda.core.selectors import get_in_scope, narrow

from . import permissions
from .models import Body, ContactAssignment, Deputy, DeputyGroup, Membership, Person, Region, Role, Term, Unit
from .scoping import Scope


class DeputyFilters(BaseModel):
    """The deputy list's filters: the page's form and the API's query (`api.DeputyQuery`) give the same fields."""

    congress: int | None = None
    term: int | None = None
    region: int | None = None
    group: int | None = None
    status: str | None = None
    level: str | None = None
    gender: str | None = None
    party: str | None = None
    occupation: str | None = None
    age_band: str | None = None
    q: str = ""


AGE_BANDS = [("<35", 0, 35), ("35-44", 35, 45), ("45-54", 45, 55), ("55+", 55, 200)]


def _age_band_q(band: str, today: datetime.date) -> Q:
    for name, low, high in AGE_BANDS:
        if name == band:
            youngest = _years_before(today, low)  # born on or before → at least `low`
            oldest = _years_before(today, high)  # born after → younger than `high`
            return Q(person__birth_date__lte=youngest, person__birth_date__gt=oldest)
    return Q(pk__in=[])


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def deputy_queryset(scope: Scope) -> QuerySet[Deputy]:
    q = scope.deputy_q()
    if q is None:
        return Deputy.objects.none()
    return Deputy.objects.filter(q)


def deputy_list(*, scope: Scope, filters: DeputyFilters | None = None) -> QuerySet[Deputy]:
    if not permissions.can_list_deputies(scope):
        raise NotPermitted()
    f = filters or DeputyFilters()
    qs = narrow(
        deputy_queryset(scope),
        congress_id=f.congress,
        term_id=f.term,
        group_id=f.group,
        status=f.status,
        congress__level=f.level,
        person__gender=f.gender,
        person__party=f.party,
        occupation=f.occupation,
    )
    if f.region:
        region = Region.objects.filter(pk=f.region).first()
        qs = qs.filter(region__path__startswith=region.path) if region else qs.none()
    if f.age_band:
        qs = qs.filter(_age_band_q(f.age_band, timezone.localdate()))
    if f.q:
        text = f.q.strip()
        qs = qs.filter(Q(person__name__contains=text) | Q(person__name_initials__startswith=text.lower()))
    # Only the person is joined (search and sort need it); the small lookup tables come by prefetch, which
    # keeps PostgreSQL's planning time low (an 8-table join cost more to plan than to run).
    return (
        qs.select_related("person")
        .prefetch_related("congress", "term", "region", "group", "electoral_district")
        .order_by("congress_id", "person__name_pinyin", "pk")
    )


def deputy_get(*, scope: Scope, pk: int) -> Deputy:
    """The deputy if the actor may see it; otherwise 404, so out-of-scope records are not even confirmed."""
    if not permissions.can_view_roster(scope):
        raise NotPermitted()
    related = ("person", "congress", "congress__region", "term", "region", "group", "electoral_district")
    return get_in_scope(deputy_queryset(scope).select_related(*related), pk=pk)


def deputy_other_mandates(*, scope: Scope, deputy: Deputy) -> list[Deputy]:
    return list(
        deputy_queryset(scope)
        .filter(person_id=deputy.person_id)
        .exclude(pk=deputy.pk)
        .select_related("congress", "term")
        .order_by("-elected_date")
    )


def deputy_contact_members(*, deputy: Deputy) -> list[Membership]:
    return [c.member for c in deputy.contact_members.select_related("member__person", "member__body")]


def unit_queryset(scope: Scope) -> QuerySet[Unit]:
    q = scope.unit_q()
    if q is None:
        return Unit.objects.none()
    return Unit.objects.filter(q)


def unit_list(*, scope: Scope, kind: str | None = None, region: int | None = None, q: str = "") -> QuerySet[Unit]:
    if not permissions.can_view_units(scope):
        raise NotPermitted()
    qs = narrow(unit_queryset(scope), kind=kind, region_id=region, name__contains=q.strip())
    return qs.select_related("region").order_by("region__path", "kind", "name", "pk")


def unit_get(*, scope: Scope, pk: int) -> Unit:
    if not permissions.can_view_units(scope):
        raise NotPermitted()
    return get_in_scope(unit_queryset(scope).select_related("region"), pk=pk)


def unit_clerks(*, unit: Unit) -> list[User]:
    return [g.user for g in unit.grants.filter(role=Role.UNIT_CLERK).select_related("user")]


def region_list(*, scope: Scope) -> QuerySet[Region]:
    q = scope.region_q()
    if q is None:
        raise NotPermitted()
    return Region.objects.filter(q).order_by("path")


def region_tree(*, scope: Scope) -> list[dict[str, Any]]:
    """Nested [{region, children, deputies}] for the regions the actor covers, with serving-deputy counts."""
    regions = list(region_list(scope=scope))
    counts = dict(deputy_queryset(scope).filter(status=Deputy.Status.SERVING).values_list("region_id").annotate(n=Count("pk")))
    nodes: dict[int, dict[str, Any]] = {r.pk: {"region": r, "children": [], "deputies": counts.get(r.pk, 0)} for r in regions}
    roots: list[dict[str, Any]] = []
    for region in regions:
        node = nodes[region.pk]
        parent = nodes.get(region.parent_id) if region.parent_id is not None else None
        (parent["children"] if parent else roots).append(node)

    def total(node: dict[str, Any]) -> int:
        node["deputies_total"] = subtotal = node["deputies"] + sum(total(c) for c in node["children"])
        return int(subtotal)

    for root in roots:
        total(root)
    return roots


def body_list(*, scope: Scope, kind: str | None = None) -> QuerySet[Body]:
    q = scope.body_q()
    if q is None:
        raise NotPermitted()
    return (
        narrow(Body.objects.filter(q), kind=kind)
        .select_related("region", "congress")
        .order_by("region__path", "sort_order", "pk")
    )


def term_list(*, scope: Scope, congress: int | None = None) -> QuerySet[Term]:
    bodies = body_list(scope=scope, kind=Body.Kind.CONGRESS)
    return (
        narrow(Term.objects.filter(congress__in=bodies), congress_id=congress)
        .select_related("congress")
        .order_by("congress__region__path", "-number")
    )


def group_list(*, scope: Scope) -> QuerySet[DeputyGroup]:
    bodies = body_list(scope=scope, kind=Body.Kind.CONGRESS)
    return DeputyGroup.objects.filter(congress__in=bodies).select_related("congress").order_by("congress_id", "name")


def deputy_composition(*, scope: Scope, filters: DeputyFilters | None = None) -> dict[str, list[tuple[str, str, int]]]:
    """Serving deputies broken down by level, gender, age band, party and occupation: [(key, label, count)].

    Counted from the records with one grouped query per dimension (age from birth dates), never stored."""
    base = deputy_list(scope=scope, filters=filters or DeputyFilters(status=Deputy.Status.SERVING)).order_by()
    level_labels = dict(Body.Level.choices)
    gender_labels = dict(Person.Gender.choices)
    party_labels = dict(Person.Party.choices)
    occupation_labels = dict(Deputy.Occupation.choices)

    def grouped(field: str, labels: dict[str, Any]) -> list[tuple[str, str, int]]:
        rows = dict(base.values_list(field).annotate(n=Count("pk")))
        return [(key, str(label), rows.get(key, 0)) for key, label in labels.items()]

    today = timezone.localdate()
    ages: Counter[str] = Counter()
    for birth in base.values_list("person__birth_date", flat=True):
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        for name, low, high in AGE_BANDS:
            if low <= age < high:
                ages[name] += 1
    return {
        "level": grouped("congress__level", level_labels),
        "gender": grouped("person__gender", gender_labels),
        "age_band": [(name, name, ages.get(name, 0)) for name, _, _ in AGE_BANDS],
        "party": grouped("person__party", party_labels),
        "occupation": grouped("occupation", occupation_labels),
    }


def home_counts(*, scope: Scope) -> dict[str, int]:
    counts: dict[str, int] = {}
    if permissions.can_list_deputies(scope):
        serving = deputy_queryset(scope).filter(status=Deputy.Status.SERVING)
        by_level = dict(serving.values_list("congress__level").annotate(n=Count("pk")))
        counts["deputies_district"] = by_level.get(Body.Level.DISTRICT, 0)
        counts["deputies_town"] = by_level.get(Body.Level.TOWN, 0)
        counts["people"] = serving.values("person_id").distinct().count()
    if permissions.can_view_units(scope):
        counts["units"] = unit_queryset(scope).filter(is_active=True).count()
    if permissions.can_view_bodies(scope):
        counts["congresses"] = body_list(scope=scope, kind=Body.Kind.CONGRESS).count()
    if permissions.can_view_regions(scope):
        counts["regions"] = region_list(scope=scope).count()
    return counts


def body_get(*, scope: Scope, pk: int) -> Body:
    q = scope.body_q()
    if q is None:
        raise NotPermitted()
    return get_in_scope(Body.objects.filter(q).select_related("region", "congress"), pk=pk)


ROLE_ORDER = ["director", "chair", "deputy_director", "vice_chair", "secretary_general", "member"]


def body_memberships(*, body: Body) -> list[Membership]:
    """Seats in the body, newest term first, by rank; with each member's assigned deputies (联系代表)."""
    contacts = Prefetch(
        "contacts", queryset=ContactAssignment.objects.select_related("deputy__person").order_by("deputy__person__name_pinyin")
    )
    seats = list(Membership.objects.filter(body=body).select_related("person", "term").prefetch_related(contacts))
    seats.sort(key=lambda m: (-m.term.number, ROLE_ORDER.index(m.role), m.person.name_pinyin))
    return seats


def body_organs(*, scope: Scope, body: Body) -> QuerySet[Body]:
    """For a congress: its standing committee, committees, presidium (within the actor's scope)."""
    return body_list(scope=scope).filter(congress=body)
