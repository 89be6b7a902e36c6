"""The SMS backend interface and the backends that need no provider.

A backend sends one message and says what happened: `send(message) -> ProviderResult`. It never raises for a
refusal (a throttled request, a wrong number): the result says whether trying again later may help (`retry`).
Settings: RENDA_SMS_BACKEND names the class (console by default, memory in tests, a provider in production).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("renda.sms")
outbox: list[tuple[str, str]] = []  # (phone, text) sent by the memory backend, for tests
_counter = itertools.count(1)


@dataclass(frozen=True)
class SmsMessage:
    """One message as a backend sends it: the template's id and parameters (in the kind's order) for a provider,
    the Chinese text for a console or a test."""

    phone: str
    kind: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    sign_name: str = ""
    template_id: str = ""
    reference: str = ""  # our delivery id, handed to the provider where it takes one (SessionContext, OutId)


@dataclass(frozen=True)
class ProviderResult:
    ok: bool
    provider_id: str = ""  # the provider's id of the message (Tencent's SerialNo, Alibaba's BizId)
    code: str = ""  # the provider's status or error code
    message: str = ""
    retry: bool = False  # a refusal that may pass later (throttling, a network error, the provider's own error)


class SmsBackend(Protocol):
    name: str
    records: bool  # whether messages sent through it are recorded and queued (False: they are not sent at all)

    def send(self, message: SmsMessage) -> ProviderResult: ...


class ConsoleSmsBackend:
    """Development: the message goes to the log."""

    name = "console"
    records = True

    def send(self, message: SmsMessage) -> ProviderResult:
        log.warning("SMS to %s: %s", message.phone, message.text)
        return ProviderResult(ok=True, provider_id=f"console-{next(_counter)}", code="OK")


class MemorySmsBackend:
    """Tests: the message is appended to `outbox`."""

    name = "memory"
    records = True

    def send(self, message: SmsMessage) -> ProviderResult:
        outbox.append((message.phone, message.text))
        return ProviderResult(ok=True, provider_id=f"memory-{next(_counter)}", code="OK")


class NullSmsBackend:
    """Sends nothing and records nothing: for replaying history (the demo) where no real person is messaged."""

    name = "null"
    records = False

    def send(self, message: SmsMessage) -> ProviderResult:
        return ProviderResult(ok=True, code="null")


def sms_backend() -> SmsBackend:
    path = getattr(settings, "RENDA_SMS_BACKEND", "renda.core.sms.backends.ConsoleSmsBackend")
    backend: SmsBackend = import_string(path)()
    return backend
