"""Who does a write: a signed-in user, or a named actor that is not a login.

Every service takes `actor: Actor`. A `SystemActor` is the platform acting on its own account (a daily job, one
app driving another's entry point, the demo replaying history, a benchmark), always with a reason that the audit
trail records ("projects: ballot 12 opens its poll"). A `PublicActor` is a voter without an account. Neither is
an all-powerful scope: what a system actor may do is decided by the entry point it calls, and
`renda.org.scoping.Scope.system(reason=…)` is the one place that turns it into a scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, Union

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class SystemActor:
    """The platform itself, acting for a stated reason; `on_behalf_of` is the user whose request set it off
    (the office user opening a ballot, which opens the meeting's poll), recorded as the event's actor id."""

    reason: str
    on_behalf_of: User | None = None
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        if self.on_behalf_of is not None:
            return f"{self.on_behalf_of} · {self.reason}"[:150]
        return f"system: {self.reason}"[:150]

    @property
    def label(self) -> str:
        return str(self)


@dataclass(frozen=True)
class PublicActor:
    """Someone without an account: a voter submitting or following an opinion, a member of the public."""

    kind: str = "voter"
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return self.kind

    @property
    def label(self) -> str:
        return self.kind


VOTER = PublicActor("voter")

Actor: TypeAlias = Union["User", SystemActor, PublicActor]


def system(reason: str, *, on_behalf_of: object = None) -> SystemActor:
    """A system actor for `reason`; pass the acting user (or whatever actor the caller has) as `on_behalf_of`."""
    if not reason or not reason.strip():
        raise ValueError("a system actor needs a reason")
    user = user_of(on_behalf_of)
    if user is None and isinstance(on_behalf_of, SystemActor):
        user = on_behalf_of.on_behalf_of
    return SystemActor(reason.strip(), user)


def actor_id(actor: object) -> int | None:
    """The user id an audit event records for an actor."""
    if isinstance(actor, SystemActor):
        return actor.on_behalf_of.pk if actor.on_behalf_of is not None else None
    user = user_of(actor)
    return user.pk if user is not None else None


def user_of(actor: object) -> User | None:
    """The login behind an actor, or None for a system or public actor."""
    return actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[return-value]


def actor_label(actor: object) -> str:
    """The label an audit event or a step records for an actor."""
    if actor is None:
        return "system"
    if isinstance(actor, SystemActor | PublicActor):
        return actor.label
    if isinstance(actor, str):
        return actor[:150]
    if not getattr(actor, "is_authenticated", False):
        return "system"
    return str(actor)[:150]
