"""Phone confirmation by a one-time code, for anyone without a password at hand (a voter, a deputy resetting a
password). Only a salted hash of the code is stored; a code is valid for a few minutes, for a few tries, once.

    otp.request(phone=..., purpose="accounts.reset", client_ip=...)   # sends the code by SMS
    otp.consume(phone=..., purpose="accounts.reset", code=...)        # raises DomainError when wrong

Requests are limited per phone and per client address (renda/core/ratelimit.py), so one client cannot send SMS to
many phones, nor many SMS to one phone. A workflow with limits of its own passes a `Purpose` naming its rules
(opinions: `opinions.code_minutes` …; projects: `projects.otp_*`); a plain string uses the `core.otp_*` rules.
When the code must stay valid until the work it confirms is written (a voter's submission that may still be refused),
call `verify` before the work's transaction and `use` inside it; `consume` does both at once.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from random import Random

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ratelimit, rules
from .errors import DomainError
from .models import PhoneChallenge
from .sms import CODE, MessageKind, send_sms
from .text import normalise_phone

MINUTES = rules.register("core.otp_minutes", 10, "Minutes a one-time SMS code stays valid")
ATTEMPTS = rules.register("core.otp_attempts", 5, "Wrong tries a one-time code allows")
PER_PHONE_HOUR = rules.register("core.otp_per_phone_hour", 5, "One-time codes one phone may receive in an hour")
PER_ADDRESS_HOUR = rules.register("core.otp_per_address_hour", 20, "One-time codes one client address may request in an hour")


@dataclass(frozen=True)
class Purpose:
    """What a code confirms, and the rules that bound it."""

    name: str
    minutes: rules.RuleDefinition = MINUTES
    attempts: rules.RuleDefinition = ATTEMPTS
    per_phone_hour: rules.RuleDefinition = PER_PHONE_HOUR
    per_address_hour: rules.RuleDefinition = PER_ADDRESS_HOUR


def _purpose(purpose: str | Purpose) -> Purpose:
    return purpose if isinstance(purpose, Purpose) else Purpose(purpose)


def clean_phone(phone: str) -> str:
    cleaned = normalise_phone(phone)
    if cleaned is None:
        raise DomainError(_("Enter a valid mobile phone number (11 digits)."), code="invalid_phone")
    return cleaned


def _hash(phone: str, purpose: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}|{phone}|{code}".encode(), hashlib.sha256).hexdigest()


def request(
    *, phone: str, purpose: str | Purpose, client_ip: str | None = None, kind: MessageKind = CODE, rng: Random | None = None
) -> None:
    """Send a fresh 6-digit code: an SMS of `kind` (its parameters `code` and `minutes`)."""
    phone, bound = clean_phone(phone), _purpose(purpose)
    if ratelimit.hit(f"{bound.name}:otp:ip:{client_ip or '-'}", int(rules.value(bound.per_address_hour.key))) or ratelimit.hit(
        f"{bound.name}:otp:phone:{phone}", int(rules.value(bound.per_phone_hour.key))
    ):
        raise DomainError(_("Too many codes were requested. Please try again later."), code="rate_limited")
    now = timezone.now()
    minutes = int(rules.value(bound.minutes.key))
    code = f"{(rng or secrets.SystemRandom()).randrange(10**6):06d}"
    with transaction.atomic():
        PhoneChallenge.objects.create(
            phone=phone,
            purpose=bound.name,
            code_hash=_hash(phone, bound.name, code),
            expires_at=now + datetime.timedelta(minutes=minutes),
            client_ip=client_ip,
        )
        send_sms(phone, kind, {"code": code, "minutes": minutes})


def _wrong() -> DomainError:
    return DomainError(_("The confirmation code is wrong or has expired. Request a new one."), code="wrong_code")


def verify(*, phone: str, purpose: str | Purpose, code: str) -> int:
    """Check the latest unused code for the phone, in a transaction of its own so that a wrong try stays counted;
    returns the code's id for `use`. Call it outside the transaction that does the work."""
    phone, bound = clean_phone(phone), _purpose(purpose)
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(phone=phone, purpose=bound.name, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        ok = (
            challenge is not None
            and challenge.expires_at >= timezone.now()
            and challenge.attempts < int(rules.value(bound.attempts.key))
            and hmac.compare_digest(challenge.code_hash, _hash(phone, bound.name, (code or "").strip()))
        )
        if challenge is not None and not ok:
            PhoneChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
    if not ok or challenge is None:
        raise _wrong()
    return challenge.pk


def use(challenge_id: int) -> None:
    """Spend a verified code, inside the transaction of the work it confirms: a code is used once (a concurrent
    second use fails)."""
    if not PhoneChallenge.objects.filter(pk=challenge_id, used_at__isnull=True).update(used_at=timezone.now()):
        raise _wrong()


def consume(*, phone: str, purpose: str | Purpose, code: str) -> str:
    """Check the latest code for the phone and use it up; returns the normalised phone. A wrong try is counted:
    call it outside the transaction that does the work, so that the count stays when the request fails."""
    challenge_id = verify(phone=phone, purpose=purpose, code=code)
    use(challenge_id)
    return clean_phone(phone)
