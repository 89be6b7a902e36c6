"""Notices: in-app rows written in the caller's transaction; SMS and email copies sent after commit.

Backends are pluggable (settings RENDA_SMS_BACKEND, Django's EMAIL_BACKEND). The console SMS backend writes
to the log (development); the memory backend keeps messages for tests (`renda.core.notify.outbox`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import Notice

log = logging.getLogger("renda.notify")
outbox: list[tuple[str, str]] = []  # (phone, text) sent by the memory backend


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsBackend:
    def send(self, phone: str, text: str) -> None:
        log.warning("SMS to %s: %s", phone, text)


class NullSmsBackend:
    """Sends nothing: for replaying history (the demo) where no real person should be messaged."""

    def send(self, phone: str, text: str) -> None:
        return None


class MemorySmsBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(getattr(settings, "RENDA_SMS_BACKEND", "renda.core.notify.ConsoleSmsBackend"))()
    return backend


def send_sms(phone: str, text: str) -> None:
    """Send after the surrounding transaction commits (never for a rolled-back change)."""
    transaction.on_commit(lambda: sms_backend().send(phone, text))


def notify(*, users: Iterable, kind: str, title: str, body: str = "", url: str = "", dedupe_key: str = "") -> int:
    """One in-app notice per user. With a dedupe key, a user gets that notice at most once (safe to re-run)."""
    users = [u for u in users if u is not None]
    if not users:
        return 0
    if dedupe_key:
        already = set(Notice.objects.filter(dedupe_key=dedupe_key, user__in=users).values_list("user_id", flat=True))
        users = [u for u in users if u.pk not in already]
    Notice.objects.bulk_create(
        [Notice(user=u, kind=kind, title=title[:200], body=body, url=url[:300], dedupe_key=dedupe_key) for u in users]
    )
    return len(users)
