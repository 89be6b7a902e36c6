"""A state machine declared once, as data, and read by everyone.

    MEETING = Lifecycle(
        Meeting, field="state", audit_prefix="meeting", noun=_("meeting"),
        transitions=[
            T("convene", {PLANNED}, CONVENED, _("Convene"), may=permissions.can_manage_meeting),
            T("start", {CONVENED}, IN_PROGRESS, _("Start"), may=permissions.can_manage_meeting),
        ],
    )

The service applies a transition and keeps its own side effects around it::

    meeting = MEETING.apply(meeting, "convene", actor=actor, scope=scope, effects=_invite_and_notify)

`apply` locks the row (`select_for_update`), returns it unchanged when it is already at the target (a retried
submit), refuses a move the table does not allow with one translated error, asks the transition's `may` rule when a
scope is given, runs the service's `effects(locked)` (which may change more fields, create rows, raise a
`DomainError` to refuse, and return more audit data), saves with `update_fields`, and writes one audit event with
before/after, all in one transaction.

Templates and the API never compare state strings: they show `available(obj, scope)`, the actions this scope may
take now, and `state_is(obj, …)`-style checks are replaced by `can(obj, action)` or named state groups
(`Lifecycle.group("open")`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .audit import audit_record, jsonable
from .errors import InvalidTransition, NotPermitted

if TYPE_CHECKING:
    from .actors import Actor

M = TypeVar("M", bound=models.Model)
Label = str | Promise
# A permission rule: (scope, obj) -> bool. The scope is renda.org.scoping.Scope; core does not import org.
Rule = Callable[[Any, Any], bool]
# A side effect run inside the transaction after the checks: it may change the locked row (those fields are
# saved too), write other rows, raise DomainError to refuse, and return extra data for the audit event.
Effects = Callable[[Any], Mapping[str, Any] | None]
# Shapes the audit event instead of the default (state before/after and every changed field):
# (state it left, the saved row, what the effects returned) -> (before, after).
AuditShape = Callable[[str, Any, dict[str, Any]], tuple[dict[str, Any] | None, dict[str, Any] | None]]


@dataclass(frozen=True)
class Transition:
    """One move: `action` from any of `sources` to `target`, shown to users as `label`.

    `may(scope, obj)` says who may take it (None: whoever may manage the object, checked by the service).
    `when(obj)` is an extra condition on the object for offering the action (e.g. no poll still open); the
    service enforces the same condition with a clear message, `when` only keeps the button away.
    `style` is a hint for the button ("primary", "danger", "")."""

    action: str
    sources: frozenset[str]
    target: str
    label: Label
    may: Rule | None = None
    when: Callable[[Any], bool] | None = None
    style: str = ""
    confirm: Label | None = None

    @property
    def is_loop(self) -> bool:
        """A move that stays in a state it starts from (extend a deadline, reassign): never a no-op retry."""
        return self.target in self.sources


def T(  # noqa: N802 - reads as a table row
    action: str,
    sources: Iterable[str],
    target: str,
    label: Label,
    *,
    may: Rule | None = None,
    when: Callable[[Any], bool] | None = None,
    style: str = "",
    confirm: Label | None = None,
) -> Transition:
    return Transition(action, frozenset(str(s) for s in sources), str(target), label, may, when, style, confirm)


@dataclass(frozen=True)
class Action:
    """An action a user may take now, for a button or an API `actions` list."""

    action: str
    label: str
    target: str
    style: str = ""
    confirm: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"action": self.action, "label": self.label, "target": self.target}


REGISTRY: list[Lifecycle[Any]] = []


@dataclass
class Lifecycle(Generic[M]):
    model: type[M]
    field: str
    transitions: list[Transition]
    audit_prefix: str
    noun: Label = ""
    # Named sets of states that templates and selectors talk about ("open", "answered"), so nothing else
    # spells the state values out.
    groups: Mapping[str, Iterable[str]] = dc_field(default_factory=dict)
    # Related rows to lock-and-load with the row (select_related on the locked read).
    related: tuple[str, ...] = ()
    # The audit event's region: the attribute holding the region id (None: no region).
    region_attr: str | None = "region_id"
    _by_action: dict[str, Transition] = dc_field(init=False, repr=False)
    _groups: dict[str, frozenset[str]] = dc_field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_action = {}
        REGISTRY.append(self)
        choices = getattr(self.model._meta.get_field(self.field), "choices", None) or []
        states = {str(value) for value, _label in choices}
        for t in self.transitions:
            if t.action in self._by_action:
                raise ValueError(f"{self.audit_prefix}: action {t.action!r} declared twice")
            unknown = (set(t.sources) | {t.target}) - states if states else set()
            if unknown:
                raise ValueError(f"{self.audit_prefix}.{t.action}: unknown states {sorted(unknown)}")
            self._by_action[t.action] = t
        self._groups = {name: frozenset(str(s) for s in members) for name, members in self.groups.items()}
        for name, members in self._groups.items():
            unknown = set(members) - states if states else set()
            if unknown:
                raise ValueError(f"{self.audit_prefix}: group {name!r} names unknown states {sorted(unknown)}")

    # --- reading ------------------------------------------------------------------------------------
    @property
    def actions(self) -> list[str]:
        return list(self._by_action)

    def transition(self, action: str) -> Transition:
        try:
            return self._by_action[action]
        except KeyError:
            raise InvalidTransition(_("Unknown action."), code="unknown_action") from None

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def state_label(self, obj: Any) -> str:
        display = getattr(obj, f"get_{self.field}_display", None)
        return str(display()) if display else self.state_of(obj)

    def in_group(self, obj: Any, group: str) -> bool:
        return self.state_of(obj) in self._groups[group]

    def group(self, name: str) -> frozenset[str]:
        return self._groups[name]

    def can(self, obj: Any, action: str) -> bool:
        """Whether the table allows this move from the object's state (no permission asked)."""
        t = self._by_action.get(action)
        return t is not None and self.state_of(obj) in t.sources

    def allowed(self, obj: Any, scope: Any, action: str) -> bool:
        """Whether this scope may take this action now (state, `when` and `may`)."""
        t = self._by_action.get(action)
        return t is not None and self._offer(t, obj, scope)

    def _offer(self, t: Transition, obj: Any, scope: Any) -> bool:
        if self.state_of(obj) not in t.sources:
            return False
        if t.when is not None and not t.when(obj):
            return False
        return t.may is None or (scope is not None and t.may(scope, obj))

    def available(self, obj: Any, scope: Any, *, only: Iterable[str] | None = None) -> list[Action]:
        """The actions this scope may take on the object now, in declaration order."""
        wanted = set(only) if only is not None else None
        return [
            Action(t.action, str(t.label), t.target, t.style, str(t.confirm or ""))
            for t in self.transitions
            if (wanted is None or t.action in wanted) and self._offer(t, obj, scope)
        ]

    def check(self, obj: Any, action: str) -> Transition:
        """The transition, or one translated error naming the state and the refused action."""
        t = self.transition(action)
        if self.state_of(obj) not in t.sources:
            raise InvalidTransition(
                _("This %(noun)s is %(state)s; it cannot be %(action)s.")
                % {"noun": self.noun or _("record"), "state": self.state_label(obj), "action": str(t.label)},
                code="invalid_transition",
            )
        return t

    # --- writing ------------------------------------------------------------------------------------
    def apply(
        self,
        obj: M | int,
        action: str,
        *,
        actor: Actor | None,
        scope: Any = None,
        effects: Effects | None = None,
        audit_action: str | None = None,
        idempotent: bool = True,
        audit: AuditShape | None = None,
    ) -> M:
        """Lock, check, run the effects, save and audit, in one transaction. Returns the locked row."""
        t = self.transition(action)
        pk = obj if isinstance(obj, int) else obj.pk
        with transaction.atomic():
            query = self.model._default_manager.select_for_update()
            if self.related:
                query = query.select_related(*self.related)
            locked = query.get(pk=pk)
            current = self.state_of(locked)
            if idempotent and current == t.target and not t.is_loop:
                return locked  # a retried submit: already done
            self.check(locked, action)
            if scope is not None and t.may is not None and not t.may(scope, locked):
                raise NotPermitted()
            before_values = {f.attname: getattr(locked, f.attname) for f in self.model._meta.concrete_fields}
            setattr(locked, self.field, t.target)
            extra = effects(locked) if effects is not None else None
            changed_fields = [
                f.attname
                for f in self.model._meta.concrete_fields
                if not f.primary_key and getattr(locked, f.attname) != before_values[f.attname]
            ]
            if changed_fields:
                locked.save(update_fields=changed_fields)
            after: dict[str, Any] | None = {name: getattr(locked, name) for name in changed_fields}
            assert after is not None
            after[self.field] = t.target
            if extra:
                after.update(extra)
            before: dict[str, Any] | None = {
                self.field: current,
                **{n: before_values[n] for n in changed_fields if n != self.field},
            }
            if audit is not None:  # the service shapes its event (kept as it was before the lifecycle existed)
                before, after = audit(current, locked, dict(extra or {}))
            audit_record(
                actor=actor,
                action=audit_action or f"{self.audit_prefix}.{action}",
                obj=locked,
                before=jsonable(before) if before is not None else None,
                after=jsonable(after) if after is not None else None,
                region_id=getattr(locked, self.region_attr) if self.region_attr else None,
            )
        return locked

    def set_state(self, locked: M, action: str) -> str:
        """For services that already hold the lock and write their own audit (bulk moves, steps with their own
        history rows): check the move and set the field; returns the state it left."""
        t = self.check(locked, action)
        current = self.state_of(locked)
        setattr(locked, self.field, t.target)
        return current

    # --- documentation ------------------------------------------------------------------------------
    def table(self) -> list[tuple[str, list[str], str, str]]:
        """(action, sources, target, label) rows, for docs and tests."""
        return [(t.action, sorted(t.sources), t.target, str(t.label)) for t in self.transitions]


def actions_payload(actions: Iterable[Action]) -> list[dict[str, str]]:
    return [a.as_dict() for a in actions]
