"""Codes: the opinion's tracking code, and the one-time code that confirms a voter's phone (core.otp: SMS,
rate-limited per phone and per client address; only a hash is kept, it expires and is used once), bounded by the
opinions' own rules (`opinions.code_minutes`, `opinions.code_attempts`, `opinions.sms_per_phone_hour`,
`opinions.sms_per_ip_hour`)."""

from __future__ import annotations

import random
import secrets

from django.utils.translation import gettext as _

from renda.core import otp
from renda.core.errors import DomainError
from renda.core.text import normalise_phone as _normalise

from ..rules import CODE_ATTEMPTS, CODE_MINUTES, SMS_PER_IP_HOUR, SMS_PER_PHONE_HOUR

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PURPOSE = otp.Purpose(
    "opinions.submit",
    minutes=CODE_MINUTES,
    attempts=CODE_ATTEMPTS,
    per_phone_hour=SMS_PER_PHONE_HOUR,
    per_address_hour=SMS_PER_IP_HOUR,
)


def new_tracking_code(rng: random.Random | None = None) -> str:
    choice = rng.choice if rng is not None else secrets.choice
    return "".join(choice(CODE_ALPHABET) for _ in range(10))


def normalise_phone(phone: str) -> str:
    """A mainland mobile number as 11 ASCII digits (core.text.normalise_phone: full-width digits folded, other
    scripts' digits refused), or DomainError."""
    cleaned = _normalise(phone)
    if cleaned is None:
        raise DomainError(_("Enter an 11-digit mobile number."), code="invalid_phone")
    return cleaned


def code_request(*, phone: str, client_ip: str | None) -> None:
    """Send a one-time code to a phone (rate-limited per phone and per client address)."""
    otp.request(
        phone=normalise_phone(phone),
        purpose=PURPOSE,
        client_ip=client_ip,
    )


def _code_verify(*, phone: str, code: str) -> int:
    """Check the newest unused code for the phone in a transaction of its own (so a wrong try is counted even
    though the submission fails). Returns the code's id; the submission marks it used."""
    return otp.verify(phone=phone, purpose=PURPOSE, code=code)


def _code_use(pk: int) -> None:
    """Inside the submission's transaction: a code is used once (a concurrent second use fails)."""
    otp.use(pk)
