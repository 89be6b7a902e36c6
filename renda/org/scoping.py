"""What a user covers. Built once per request from their role grants; every selector filters by it.

A scope is a set of region ids (each grant's region with its whole subtree), congress ids (for committee
staff, the congress their committee belongs to), unit ids (unit clerks) and the user's own person (deputies).
System administrators cover everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q

from renda.core.errors import NotPermitted
from renda.core.visibility import Grant, visible

from .models import Body, Region, Role, RoleGrant

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from renda.core.models import User

STAFF_ROLES = frozenset({Role.OFFICE, Role.COMMITTEE, Role.TOWN, Role.LIAISON, Role.LEADER})


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    everything: bool = False
    region_ids: frozenset[int] = frozenset()  # grant regions with their subtrees
    context_region_ids: frozenset[int] = frozenset()  # ancestors of those regions (district units serve towns)
    congress_ids: frozenset[int] = frozenset()  # committee staff: the congress of their committee
    region_congress_ids: frozenset[int] = frozenset()  # congresses seated in the covered regions
    body_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    person_id: int | None = None
    roles_by_region: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, hash=False)
    # Set only on the scope of a system actor (`Scope.system`): why the platform acts with a full scope.
    system_reason: str = ""

    @classmethod
    def system(cls, reason: str) -> Scope:
        """The scope of the platform acting on its own account, for a stated reason (a daily job, the demo, one
        app's named entry point driving another's). The only way to build a scope that covers everything
        without an admin's grants; the reason goes with the system actor into the audit trail."""
        if not reason or not reason.strip():
            raise ValueError("a system scope needs a reason")
        return cls(user_id=None, everything=True, system_reason=reason.strip())

    def visible(self, grants: Iterable[Grant], *, everything: Q | None = None) -> Q | None:
        """Rows this scope may see: see `renda.core.visibility.visible`."""
        return visible(self, grants, everything=everything)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has(self, *roles: str) -> bool:
        return self.everything or bool(self.roles.intersection(roles))

    def roles_in_region(self, region_id: int) -> frozenset[str]:
        """Roles whose grant region covers this region (for rules such as 'town staff of this town')."""
        if self.everything:
            return frozenset(Role.values)
        return frozenset(role for role, ids in self.roles_by_region.items() if region_id in ids)

    # --- Filters that selectors apply -------------------------------------------------------------
    def deputy_q(self) -> Q | None:
        """Q over Deputy rows the user may see, or None when they may see none."""
        return self.visible(
            [
                (
                    {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER},
                    lambda s: Q(region_id__in=s.region_ids) | Q(congress_id__in=s.region_congress_ids),
                ),
                ({Role.COMMITTEE}, lambda s: Q(congress_id__in=s.congress_ids)),
                ({Role.DEPUTY}, lambda s: Q(person_id=s.person_id) if s.person_id else None),
            ]
        )

    def sees_roster(self) -> bool:
        return self.everything or bool(self.roles & STAFF_ROLES)

    def unit_q(self) -> Q | None:
        return self.visible(
            [
                (STAFF_ROLES, lambda s: Q(region_id__in=s.region_ids | s.context_region_ids)),
                ({Role.UNIT_CLERK}, lambda s: Q(pk__in=s.unit_ids)),
            ]
        )

    def region_q(self) -> Q | None:
        if self.everything:
            return Q()
        if self.roles & STAFF_ROLES:
            return Q(pk__in=self.region_ids | self.context_region_ids)
        return None

    def body_q(self) -> Q | None:
        if self.everything:
            return Q()
        if self.roles & STAFF_ROLES:
            return Q(region_id__in=self.region_ids | self.context_region_ids) | Q(pk__in=self.body_ids)
        return None

    def region_covered(self, region_id: int | None) -> bool:
        return self.everything or (region_id is not None and region_id in self.region_ids)


ANONYMOUS = Scope(user_id=None)


def subtree_ids(regions: list[Region]) -> set[int]:
    if not regions:
        return set()
    q = Q()
    for region in regions:
        q |= Q(path__startswith=region.path)
    return set(Region.objects.filter(q).order_by().values_list("pk", flat=True))


def ancestor_ids(regions: list[Region]) -> set[int]:
    ids: set[int] = set()
    for region in regions:
        ids.update(int(part) for part in region.path.strip("/").split("/") if part)
    return ids


def build_scope(user: User | AnonymousUser | None) -> Scope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    grants = list(RoleGrant.objects.filter(user=user).select_related("region", "body", "unit", "unit__region"))
    roles = frozenset(g.role for g in grants)
    everything = user.is_superuser or Role.ADMIN in roles
    # The person this login is (a deputy; a leader who is also a deputy and holds a seat on the standing
    # committee): their own attendance, votes and mandates. What they may do as a deputy still needs the grant.
    person = getattr(user, "person", None)
    # (a grant's region or body is None exactly when its id is: no query, the grants came with them)
    regions = [g.region for g in grants if g.region is not None and g.role in STAFF_ROLES]
    committee_bodies = [g.body for g in grants if g.role == Role.COMMITTEE and g.body is not None]
    # Committee staff work in their committee's region (the district) for units and bodies.
    regions += [b.region for b in committee_bodies]
    # one query per region granted (the subtree of a region granted for two roles is read once)
    subtrees: dict[str, set[int]] = {}
    for region in regions:
        if region.path not in subtrees:
            subtrees[region.path] = subtree_ids([region])
    region_ids = set().union(*subtrees.values())
    roles_by_region: dict[str, set[int]] = {}
    for grant in grants:
        if grant.region is not None and grant.role in STAFF_ROLES:
            roles_by_region.setdefault(grant.role, set()).update(subtrees[grant.region.path])
    congress_ids = {b.congress_id or b.pk for b in committee_bodies}
    region_congress_ids = (
        # unordered: the bodies' default order joins every region to sort a set
        set(Body.objects.filter(kind=Body.Kind.CONGRESS, region_id__in=region_ids).order_by().values_list("pk", flat=True))
        if region_ids
        else set()
    )
    return Scope(
        user_id=user.pk,
        roles=roles,
        everything=everything,
        region_ids=frozenset(region_ids),
        context_region_ids=frozenset(ancestor_ids(regions)),
        congress_ids=frozenset(congress_ids),
        region_congress_ids=frozenset(region_congress_ids),
        body_ids=frozenset(b.pk for b in committee_bodies),
        unit_ids=frozenset(g.unit_id for g in grants if g.role == Role.UNIT_CLERK and g.unit_id),
        person_id=person.pk if person else None,
        roles_by_region={k: frozenset(v) for k, v in roles_by_region.items()},
    )


#: the attribute of the user object that keeps its scope for the rest of the request
SCOPE_ATTRIBUTE = "_renda_scope"


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """The user's scope, computed once and kept on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, SCOPE_ATTRIBUTE, None)
    if not isinstance(cached, Scope):
        cached = build_scope(user)
        setattr(user, SCOPE_ATTRIBUTE, cached)
    return cached


def scope_allowed(user: User | AnonymousUser | None, allowed: Callable[[Scope], bool]) -> Scope:
    """The user's scope when `allowed(scope)` (a page's or an operation's role rule), else NotPermitted (403)."""
    scope = scope_for(user)
    if not allowed(scope):
        raise NotPermitted()
    return scope


M = TypeVar("M")


def record_found(user: User | AnonymousUser | None, get: Callable[..., M], pk: int) -> tuple[Scope, M]:
    """The user's scope and the record `get(scope=…, pk=pk)` finds in it (404 outside)."""
    scope = scope_for(user)
    return scope, get(scope=scope, pk=pk)


def record_allowed(
    user: User | AnonymousUser | None, get: Callable[..., M], pk: int, allowed: Callable[[Scope, M], bool]
) -> tuple[Scope, M]:
    """The user's scope and the record `get(scope=…, pk=pk)` finds in it (404 outside), when `allowed(scope, record)`
    (a page's rule on that record); else NotPermitted (403)."""
    scope, record = record_found(user, get, pk)
    if not allowed(scope, record):
        raise NotPermitted()
    return scope, record


def congress_of(body: Body) -> int:
    return body.congress_id or body.pk
