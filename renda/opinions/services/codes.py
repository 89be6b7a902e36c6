"""Codes: the opinion's tracking code, and the one-time code that confirms a voter's phone (SMS, rate-limited per
phone and per client address; only a hash is kept, it expires and is used once)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import random
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import ratelimit, rules
from renda.core.errors import DomainError
from renda.core.sms import CODE, send_sms

from ..models import PhoneCode

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code(rng: random.Random | None = None) -> str:
    choice = rng.choice if rng is not None else secrets.choice
    return "".join(choice(CODE_ALPHABET) for _ in range(10))


def _hash_code(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def normalise_phone(phone: str) -> str:
    phone = "".join(ch for ch in (phone or "") if ch.isdigit())
    if len(phone) != 11 or not phone.startswith("1"):
        raise DomainError(_("Enter an 11-digit mobile number."))
    return phone


def code_request(*, phone: str, client_ip: str | None) -> None:
    """Send a one-time code to a phone (rate-limited per phone and per client address)."""
    phone = normalise_phone(phone)
    if ratelimit.hit(f"opinions:sms:ip:{client_ip or '-'}", int(rules.value("opinions.sms_per_ip_hour"))) or ratelimit.hit(
        f"opinions:sms:phone:{phone}", int(rules.value("opinions.sms_per_phone_hour"))
    ):
        raise DomainError(_("Too many codes were requested. Please try again later."), code="rate_limited")
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = int(rules.value("opinions.code_minutes"))
    with transaction.atomic():
        PhoneCode.objects.create(
            phone=phone, code_hash=_hash_code(phone, code), expires_at=timezone.now() + datetime.timedelta(minutes=minutes)
        )
        send_sms(phone, CODE, {"code": code, "minutes": minutes})


def _code_verify(*, phone: str, code: str) -> int:
    """Check the newest unused code for the phone in a transaction of its own (so a wrong try is counted even
    though the submission fails). Returns the code's id; the submission marks it used."""
    wrong = _("The code is wrong or has expired. Request a new one.")
    with transaction.atomic():
        record = PhoneCode.objects.select_for_update().filter(phone=phone, used_at__isnull=True).order_by("-created_at").first()
        if record is None or record.expires_at < timezone.now() or record.attempts >= int(rules.value("opinions.code_attempts")):
            raise DomainError(wrong)
        matches = hmac.compare_digest(record.code_hash, _hash_code(phone, (code or "").strip()))
        if not matches:
            PhoneCode.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
    if not matches:
        raise DomainError(wrong)
    return record.pk


def _code_use(pk: int) -> None:
    """Inside the submission's transaction: a code is used once (a concurrent second use fails)."""
    if not PhoneCode.objects.filter(pk=pk, used_at__isnull=True).update(used_at=timezone.now()):
        raise DomainError(_("The code is wrong or has expired. Request a new one."))
