"""Every write of the duty archive: the scoring schemes. One transaction each, audited, idempotent on retry.

A year's scheme is opened from the congress's latest earlier scheme (or the rules' default), changed while it is
open (each change raises its version), and frozen when the year's scores are final; a frozen scheme refuses every
change, and no scheme reaches into another year's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, changed, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.listing import MAX_YEAR, MIN_YEAR
from renda.org.models import Body
from renda.org.scoping import Scope

from . import permissions
from .lifecycles import SCHEME
from .models import ScoreScheme
from .scoring import Scheme, scheme_for

FIELDS = ["points", "caps", "base", "maximum", "good_from", "fair_from"]
MAX_POINTS = 1000


def scheme_open(*, actor: Actor, scope: Scope, congress: Body, year: int) -> ScoreScheme:
    """The congress's scheme for a year, opened as a copy of the one its year was scored with until now."""
    if not permissions.can_manage_scheme_of(scope, congress):
        raise NotPermitted()
    if congress.kind != Body.Kind.CONGRESS:
        raise DomainError(_("A scoring scheme belongs to a congress."))
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise DomainError(_("Choose a year between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR})
    existing = ScoreScheme.objects.filter(congress=congress, year=year).first()
    if existing is not None:
        return existing  # a retried submit
    source: Scheme = scheme_for(congress, year)
    try:
        with transaction.atomic():
            row = ScoreScheme.objects.create(
                congress=congress, region_id=congress.region_id, year=year, points=dict(source.points), caps=dict(source.caps),
                base=source.base, maximum=source.maximum, good_from=source.good_from, fair_from=source.fair_from,
                updated_by=user_of(actor),
            )  # fmt: skip
            audit_record(
                actor=actor, action="score_scheme.open", obj=row, region_id=row.region_id,
                after={**snapshot(row, ["congress_id", "year", *FIELDS]), "copied_from": source.version},
            )  # fmt: skip
    except IntegrityError:
        return ScoreScheme.objects.get(congress=congress, year=year)
    return row


def _table(values: Mapping[str, Any], what: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for kind, value in values.items():
        kind = str(kind).strip()
        if not kind or len(kind) > 40:
            raise DomainError(_("Unknown kind of entry."))
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DomainError(_("%(what)s of “%(kind)s” must be a whole number.") % {"what": what, "kind": kind}) from None
        if abs(number) > MAX_POINTS:
            raise DomainError(_("%(what)s of “%(kind)s” is out of range.") % {"what": what, "kind": kind})
        out[kind] = number
    return out


def scheme_update(
    *,
    actor: Actor,
    scope: Scope,
    scheme: ScoreScheme,
    points: Mapping[str, Any],
    caps: Mapping[str, Any],
    base: int,
    maximum: int,
    good_from: int,
    fair_from: int,
) -> ScoreScheme:
    """Change the points, caps, base and bands of an open scheme; its version goes up by one. Refused once frozen."""
    if not permissions.can_manage_scheme(scope, scheme):
        raise NotPermitted()
    numbers = {"base": int(base), "maximum": int(maximum), "good_from": int(good_from), "fair_from": int(fair_from)}
    if not (0 < numbers["maximum"] <= MAX_POINTS and 0 <= numbers["fair_from"] <= numbers["good_from"] <= numbers["maximum"]):
        raise DomainError(_("The bands must satisfy 0 ≤ fair ≤ good ≤ full score."))
    if abs(numbers["base"]) > MAX_POINTS:
        raise DomainError(_("The base points are out of range."))
    values: dict[str, Any] = {
        "points": _table(points, _("Points")),
        "caps": {k: abs(v) for k, v in _table(caps, _("The cap")).items()},
        **numbers,
    }
    with transaction.atomic():
        locked = ScoreScheme.objects.select_for_update().get(pk=scheme.pk)
        if not SCHEME.in_group(locked, "editable"):
            raise InvalidTransition(_("This scheme is frozen: the year's scores are final."))
        before = snapshot(locked, FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        old, new = changed(before, snapshot(locked, FIELDS))
        if not new:
            return locked  # nothing changed (a retried submit)
        locked.version += 1
        locked.updated_at, locked.updated_by = timezone.now(), user_of(actor)
        locked.save(update_fields=[*FIELDS, "version", "updated_at", "updated_by"])
        audit_record(
            actor=actor, action="score_scheme.update", obj=locked, region_id=locked.region_id,
            before={**old, "version": locked.version - 1}, after={**new, "version": locked.version},
        )  # fmt: skip
    return locked


def scheme_freeze(*, actor: Actor, scope: Scope, scheme: ScoreScheme) -> ScoreScheme:
    """The year's scores are final: the scheme never changes again."""

    def effects(locked: ScoreScheme) -> None:
        locked.frozen_at = timezone.now()

    return SCHEME.apply(scheme, "freeze", actor=actor, scope=scope, effects=effects)
