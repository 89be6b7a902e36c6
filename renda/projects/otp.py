"""Phone confirmation by a one-time code (no account). Self-contained so it can move to renda.core later:
it needs only a model with (phone, purpose, code_hash, attempts, expires_at, used_at, client_ip, created_at),
`renda.core.notify.send_sms` and the rules below.

    otp.request(phone=..., purpose="projects.proposal", client_ip=...)   # sends the code by SMS
    otp.consume(phone=..., purpose="projects.proposal", code=...)        # raises DomainError when wrong

Only a salted hash of the code is stored; a code is valid for a few minutes, for a few tries, once.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import ratelimit, rules
from renda.core.errors import DomainError
from renda.core.sms import CODE, send_sms

from .models import PhoneChallenge
from .rules import OTP_ATTEMPTS, OTP_MINUTES, OTP_PER_HOUR, OTP_PER_IP_HOUR

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def clean_phone(phone: str) -> str:
    phone = re.sub(r"[\s-]", "", phone or "")
    if not PHONE_RE.match(phone):
        raise DomainError(_("Enter a valid mobile phone number (11 digits)."))
    return phone


def _hash(phone: str, purpose: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}|{phone}|{code}".encode(), hashlib.sha256).hexdigest()


def request(*, phone: str, purpose: str, client_ip: str | None = None, rng=None) -> None:
    """Send a fresh 6-digit code. Refused after too many requests for the phone, or from the client address (any
    phones), within an hour."""
    phone = clean_phone(phone)
    # one address asking codes for many phones (SMS bombing) is stopped before anything is stored or sent
    if ratelimit.hit(f"{purpose}:otp:ip:{client_ip or '-'}", int(rules.value(OTP_PER_IP_HOUR.key))):
        raise DomainError(_("Too many codes were requested. Please try again later."), code="rate_limited")
    now = timezone.now()
    with transaction.atomic():
        recent = PhoneChallenge.objects.filter(
            phone=phone, purpose=purpose, created_at__gte=now - datetime.timedelta(hours=1)
        ).count()
        if recent >= int(rules.value(OTP_PER_HOUR.key)):
            raise DomainError(_("Too many codes were requested for this phone. Try again in an hour."))
        code = f"{(rng or secrets.SystemRandom()).randrange(10**6):06d}"
        PhoneChallenge.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_hash(phone, purpose, code),
            expires_at=now + datetime.timedelta(minutes=int(rules.value(OTP_MINUTES.key))),
            client_ip=client_ip,
        )
        send_sms(phone, CODE, {"code": code, "minutes": rules.value(OTP_MINUTES.key)})


def consume(*, phone: str, purpose: str, code: str) -> None:
    """Check the latest code for the phone and use it up; a wrong try is counted. Call it before (outside) the
    transaction that does the work, so that a wrong try stays counted when the request fails."""
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
            and challenge.attempts < int(rules.value(OTP_ATTEMPTS.key))
            and hmac.compare_digest(challenge.code_hash, _hash(phone, purpose, (code or "").strip()))
        )
        if ok and challenge is not None:
            challenge.used_at = now
            challenge.save(update_fields=["used_at"])
        elif challenge is not None:
            PhoneChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
    if not ok:
        raise DomainError(_("The confirmation code is wrong or has expired. Request a new one."))


def mask(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"
