"""Phone confirmation by a one-time code, for anyone without a password at hand (a voter, a deputy resetting a
password). Only a salted hash of the code is stored; a code is valid for a few minutes, for a few tries, once.

    otp.request(phone=..., purpose="accounts.reset", client_ip=...)   # sends the code by SMS
    otp.consume(phone=..., purpose="accounts.reset", code=...)        # raises DomainError when wrong

Requests are limited per phone and per client address (renda/core/ratelimit.py), so one client cannot send SMS to
many phones, nor many SMS to one phone.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
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


def clean_phone(phone: str) -> str:
    cleaned = normalise_phone(phone)
    if cleaned is None:
        raise DomainError(_("Enter a valid mobile phone number (11 digits)."), code="invalid_phone")
    return cleaned


def _hash(phone: str, purpose: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}|{phone}|{code}".encode(), hashlib.sha256).hexdigest()


def request(
    *, phone: str, purpose: str, client_ip: str | None = None, kind: MessageKind = CODE, rng: Random | None = None
) -> None:
    """Send a fresh 6-digit code: an SMS of `kind` (its parameters `code` and `minutes`)."""
    phone = clean_phone(phone)
    if ratelimit.hit(f"{purpose}:otp:ip:{client_ip or '-'}", int(rules.value(PER_ADDRESS_HOUR.key))) or ratelimit.hit(
        f"{purpose}:otp:phone:{phone}", int(rules.value(PER_PHONE_HOUR.key))
    ):
        raise DomainError(_("Too many codes were requested. Please try again later."), code="rate_limited")
    now = timezone.now()
    minutes = int(rules.value(MINUTES.key))
    code = f"{(rng or secrets.SystemRandom()).randrange(10**6):06d}"
    with transaction.atomic():
        PhoneChallenge.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_hash(phone, purpose, code),
            expires_at=now + datetime.timedelta(minutes=minutes),
            client_ip=client_ip,
        )
        send_sms(phone, kind, {"code": code, "minutes": minutes})


def consume(*, phone: str, purpose: str, code: str) -> str:
    """Check the latest code for the phone and use it up; returns the normalised phone. A wrong try is counted:
    call it outside the transaction that does the work, so that the count stays when the request fails."""
    phone = clean_phone(phone)
    now = timezone.now()
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        ok = (
            challenge is not None
            and challenge.expires_at >= now
            and challenge.attempts < int(rules.value(ATTEMPTS.key))
            and hmac.compare_digest(challenge.code_hash, _hash(phone, purpose, (code or "").strip()))
        )
        if ok and challenge is not None:
            challenge.used_at = now
            challenge.save(update_fields=["used_at"])
        elif challenge is not None:
            PhoneChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
    if not ok:
        raise DomainError(_("The confirmation code is wrong or has expired. Request a new one."), code="wrong_code")
    return phone
