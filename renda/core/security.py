"""Login throttling: too many wrong passwords lock the account, and too many from one client address lock that
address, for a while (both numbers and the duration are rules). The login page and Django admin use the same form.

While locked, the password is not even checked: the answer is the lockout message, so guessing cannot go on. A
successful login clears the account's count. The lock engaging is an audit event (`login.locked`); an administrator
can lift it before it runs out (`login_unlock`, audited as `login.unlock`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils.translation import gettext as _

from . import ratelimit, rules
from .actors import Actor
from .audit import audit_record
from .context import client_ip
from .errors import DomainError, NotPermitted
from .models import RateCounter
from .permissions import can_administer

PER_ACCOUNT = rules.register("core.login_failures_per_account", 5, "Wrong passwords for one account before it is locked")
PER_ADDRESS = rules.register(
    "core.login_failures_per_address", 20, "Failed logins from one client address before the address is locked"
)
LOCK_MINUTES = rules.register("core.login_lockout_minutes", 15, "Minutes a login lock lasts (at most twice this long)")


def _account_key(username: str) -> str:
    return f"login:account:{username.strip().lower()}"


def _address_key(address: str | None) -> str:
    return f"login:address:{address or '-'}"


def _seconds() -> int:
    return int(rules.value(LOCK_MINUTES.key)) * 60


def _locked(username: str, address: str | None) -> bool:
    seconds = _seconds()
    window = ratelimit.window_of(seconds)
    previous = window - seconds
    backend = ratelimit.backend()
    for key, limit in ((_account_key(username), PER_ACCOUNT), (_address_key(address), PER_ADDRESS)):
        # Failures of this window and the one before count together: a run of wrong passwords across a window's
        # edge locks as one, and a lock engaged late in one window holds through the next one.
        if backend.peek(key, window) + backend.peek(key, previous) >= int(rules.value(limit.key)):
            return True
    return False


def login_locked(username: str, address: str | None = None) -> bool:
    return _locked(username, address if address is not None else client_ip.get())


def login_failed(username: str, address: str | None = None) -> bool:
    """Count a failed login; returns whether the account or the address is now locked (audited when it locks)."""
    address = address if address is not None else client_ip.get()
    seconds = _seconds()
    window = ratelimit.window_of(seconds)
    backend = ratelimit.backend()
    previous = window - seconds
    account_key, address_key = _account_key(username), _address_key(address)
    account = backend.incr(account_key, window, seconds) + backend.peek(account_key, previous)
    by_address = backend.incr(address_key, window, seconds) + backend.peek(address_key, previous)
    account_limit, address_limit = int(rules.value(PER_ACCOUNT.key)), int(rules.value(PER_ADDRESS.key))
    if account == account_limit or by_address == address_limit:
        with transaction.atomic():
            audit_record(
                actor="system",
                action="login.locked",
                object_type="core.user",
                object_id=username[:64],
                object_repr=username[:200],
                after={"account_failures": account, "address": address, "address_failures": by_address},
            )
    return account >= account_limit or by_address >= address_limit


def login_succeeded(username: str) -> None:
    ratelimit.clear(_account_key(username), _seconds())


@dataclass(frozen=True)
class Lock:
    kind: str  # "account" or "address"
    target: str
    failures: int

    @property
    def label(self) -> str:
        return _("account") if self.kind == "account" else _("client address")

    @property
    def field(self) -> str:
        """The unlock form's field that names this lock."""
        return "username" if self.kind == "account" else "address"


def locks() -> list[Lock]:
    """Accounts and addresses locked now (database backend; with Redis, unlock by name)."""
    seconds = _seconds()
    window = ratelimit.window_of(seconds)
    limits = {"account": int(rules.value(PER_ACCOUNT.key)), "address": int(rules.value(PER_ADDRESS.key))}
    totals: dict[tuple[str, str], int] = {}
    rows = RateCounter.objects.filter(key__startswith="login:", bucket__in=[window, window - seconds]).order_by("key")
    for row in rows:
        _prefix, kind, target = row.key.split(":", 2)
        if kind in limits:  # the two windows count together, as in _locked
            totals[(kind, target)] = totals.get((kind, target), 0) + row.count
    return [Lock(kind, target, count) for (kind, target), count in sorted(totals.items()) if count >= limits[kind]]


def login_unlock(*, actor: Actor, username: str = "", address: str = "") -> int:
    """Lift a login lock before it runs out: administrators only, audited."""
    if not can_administer(actor):
        raise NotPermitted()
    username, address = username.strip(), address.strip()
    if not username and not address:
        raise DomainError(_("Name the account or the client address to unlock."))
    seconds = _seconds()
    cleared = 0
    with transaction.atomic():
        if username:
            cleared += ratelimit.clear(_account_key(username), seconds)
        if address:
            cleared += ratelimit.clear(_address_key(address), seconds)
        audit_record(
            actor=actor,
            action="login.unlock",
            object_type="core.user",
            object_id=username[:64],
            object_repr=username or address,
            after={"username": username, "address": address, "counters_cleared": cleared},
        )
    return cleared


class ThrottleMixin:
    """For Django's authentication forms: refuse while locked, count each failure, clear on success."""

    error_messages: dict[str, Any]
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        locked_message = _(
            "Too many failed logins: this account or this address is locked for %(minutes)s minutes. "
            "Try again later or ask an administrator to unlock it."
        ) % {"minutes": rules.value(LOCK_MINUTES.key)}
        if login_locked(username):
            raise forms.ValidationError(locked_message, code="locked")
        try:
            data: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            if login_failed(username):
                raise forms.ValidationError(locked_message, code="locked") from None
            raise
        login_succeeded(username)
        return data


class LoginForm(ThrottleMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottleMixin, AdminAuthenticationForm):
    pass
