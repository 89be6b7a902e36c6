"""Which rows a scope may see: the union of what each of its roles grants, said once.

Every app's "which rows may this scope see" is a list of grants, each a set of roles and a function that builds
the Q those roles open (or None when, for this scope, they open nothing, e.g. a deputy role without a person):

    def meeting_q(scope):
        return visible(scope, [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(body__congress_id__in=s.congress_ids)),
            ({Role.DEPUTY}, lambda s: Q(pk__in=…) if s.person_id else None),
        ])

The answer is `everything` (default: all rows) for a scope that covers everything, None when no grant applies
(the caller answers 403 or an empty list), otherwise the OR of the granted filters.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable
from functools import reduce
from typing import Any, Protocol

from django.db.models import Q


class ScopeLike(Protocol):
    @property
    def everything(self) -> bool: ...

    @property
    def roles(self) -> frozenset[str]: ...


Grant = tuple[Collection[str], Callable[[Any], Q | None]]


def visible(scope: ScopeLike, grants: Iterable[Grant], *, everything: Q | None = None) -> Q | None:
    if scope.everything:
        return everything if everything is not None else Q()
    parts: list[Q] = []
    for roles, build in grants:
        if scope.roles.intersection(roles):
            q = build(scope)
            if q is not None:
                parts.append(q)
    if not parts:
        return None
    return reduce(operator.or_, parts)
