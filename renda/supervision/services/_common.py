"""Pieces every services module of supervision uses: dates, texts, the unit's clerks, and the system actor that drives
the meetings app (polls, agenda items) on a user's behalf once supervision has checked the user's own right."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model
from django.utils import timezone

from renda.core.actors import Actor, system
from renda.core.audit import audit_created, audit_record
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.lifecycle import Lifecycle
from renda.core.models import User
from renda.meetings import permissions as meeting_permissions
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting
from renda.org.models import Body, Region, Role, RoleGrant, Unit
from renda.org.scoping import Scope

R = TypeVar("R")
M = TypeVar("M", bound=Model)


def publish(locked: M, *, actor: Actor, action: str, lifecycle: Lifecycle, group: str, refusal: str) -> M:
    """Publish a (locked) record once its lifecycle is in `group` (else `refusal`); published already, it stays so."""
    if getattr(locked, "is_published"):  # noqa: B009 - any publishable record
        return locked
    if not lifecycle.in_group(locked, group):
        raise InvalidTransition(refusal)
    values = {"is_published": True, "published_at": timezone.now()}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(values))
    audit_record(actor=actor, action=action, obj=locked, after={"is_published": True}, region_id=getattr(locked, "region_id"))  # noqa: B009
    return locked


def agenda_item_add(*, actor: Actor, scope: Scope, meeting: Meeting, **item: Any) -> AgendaItem:
    """A new item on a meeting's agenda, added by the meetings service for staff who run that meeting (403 for others)."""
    if not meeting_permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    return meeting_services.agenda_item_add(actor=actor, scope=scope, meeting=meeting, **item)


def create_once(
    model: type[M], *, actor: Actor, action: str, region_id: int | None = None, defaults: dict[str, Any] | None = None, **key: Any
) -> M:
    """The row `key` names when it is there already (a retried submit changes nothing), else a new one (with
    `defaults`) recorded in the audit trail (in its own region unless another is named). Inside the caller's
    transaction."""
    existing = model._default_manager.filter(**key).first()
    if existing is not None:
        return existing
    obj = model._default_manager.create(**key, **(defaults or {}))
    audit_created(actor=actor, action=action, obj=obj, region_id=region_id)
    return obj


def today(on: datetime.date | None = None) -> datetime.date:
    return on or timezone.localdate()


def required(value: str | None, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message)
    return text


def on_behalf_of(call: Callable[..., R], actor: Actor, reason: str, **kwargs: Any) -> R:
    """Call a meetings entry point for `actor`: as a system actor with a system scope, so the audit trail records
    the reason and the user who set it off. Supervision checks the user's own right before it calls."""
    reason = f"supervision: {reason}"
    return call(actor=system(reason, on_behalf_of=actor), scope=Scope.system(reason), **kwargs)


def congress_of(body: Body) -> int:
    return body.congress_id or body.pk


def within(region: Region, ancestor: Region) -> bool:
    """Whether `region` is `ancestor` or lies below it."""
    return region.path.startswith(ancestor.path)


def clerks_of(unit: Unit | int) -> list[User]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return [g.user for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit_id=unit_id).select_related("user")]
