"""Pieces every services module of the projects app uses: client tokens, the cycle lock, numbers from forms, a
refused move with the app's own message, and the system actor that drives the meetings app on a user's behalf."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from renda.core.actors import Actor, PublicActor, system
from renda.core.errors import DomainError, InvalidTransition
from renda.core.lifecycle import Lifecycle
from renda.org.scoping import Scope

from ..models import Cycle

R = TypeVar("R")

# A member of the public proposing a project: the audit trail names them "public".
PUBLIC = PublicActor("public")


def token_or_new(value: str | None) -> str:
    """A client token: the one the form sent (a retried submit), or a fresh one."""
    value = (value or "").strip()[:64]
    return value or uuid.uuid4().hex


def lock_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().select_related("congress", "region").get(pk=cycle.pk)


def decimal(value: Any, message: str) -> Decimal:
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, TypeError):
        raise DomainError(message) from None
    if not result.is_finite():
        raise DomainError(message)
    return result


def refuse_unless(lifecycle: Lifecycle[Any], obj: Any, action: str, message: str) -> None:
    """`lifecycle.check` with this app's message (it may name the current `%(state)s`)."""
    if not lifecycle.can(obj, action):
        raise InvalidTransition(message % {"state": lifecycle.state_label(obj)} if "%(state)s" in message else message)


def on_behalf_of(call: Callable[..., R], actor: Actor, reason: str, **kwargs: Any) -> R:
    """Call a meetings entry point (the ballot's poll, the session's agenda item) for `actor`: as a system actor
    with a system scope, so the audit trail records the reason and the user who set it off."""
    reason = f"projects: {reason}"
    return call(actor=system(reason, on_behalf_of=actor), scope=Scope.system(reason), **kwargs)
