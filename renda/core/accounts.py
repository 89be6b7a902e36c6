"""A user's own account: change the password, reset it by a code sent to the phone on record, and the first-login
change for accounts that staff created. Every change is audited; a password is never written to the trail."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import otp, ratelimit, rules, sms
from .audit import audit_record
from .errors import DomainError
from .models import User
from .text import mask_phone, normalise_phone

RESET_PURPOSE = "accounts.reset"


def _validate(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(exc.messages, code="weak_password") from exc


def password_change(*, actor: User, old_password: str, new_password: str, confirm: str) -> User:
    if not actor.check_password(old_password or ""):
        raise DomainError(_("Your current password is not right."), code="wrong_password")
    return _set_password(actor, new_password, confirm, action="account.password_change")


def _set_password(user: User, new_password: str, confirm: str, *, action: str) -> User:
    if new_password != confirm:
        raise DomainError(_("The two new passwords differ."), code="mismatch")
    _validate(new_password, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        was_forced = locked.must_change_password
        locked.must_change_password = False
        locked.save(update_fields=["password", "must_change_password"])
        audit_record(actor=locked, action=action, obj=locked, after={"first_login_change": was_forced})
    user.password, user.must_change_password = locked.password, False
    return locked


def _user_for_reset(username: str) -> User | None:
    user = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if user is None or normalise_phone(user.phone) is None:
        return None
    return user


def password_reset_request(*, username: str, client_ip: str | None) -> None:
    """Send a reset code to the account's phone on record. Says nothing about whether the account exists (the
    answer is the same), but counts the request against the limits either way."""
    user = _user_for_reset(username)
    if user is None:  # nothing to send, but the address's requests are counted all the same
        if ratelimit.hit(f"{RESET_PURPOSE}:otp:ip:{client_ip or '-'}", int(rules.value(otp.PER_ADDRESS_HOUR.key))):
            raise DomainError(_("Too many codes were requested. Please try again later."), code="rate_limited")
        return
    otp.request(
        phone=user.phone,
        purpose=RESET_PURPOSE,
        client_ip=client_ip,
        kind=sms.RESET_CODE,
    )


def password_reset_confirm(*, username: str, code: str, new_password: str, confirm: str) -> User:
    user = _user_for_reset(username)
    if user is None:
        raise DomainError(_("The confirmation code is wrong or has expired. Request a new one."), code="wrong_code")
    otp.consume(phone=user.phone, purpose=RESET_PURPOSE, code=code)
    return _set_password(user, new_password, confirm, action="account.password_reset")


def profile_update(*, actor: User, display_name: str, phone: str) -> User:
    phone = phone.strip()
    cleaned = normalise_phone(phone) if phone else ""
    if cleaned is None:
        raise DomainError(_("Enter a valid mobile phone number (11 digits)."), code="invalid_phone")
    display_name = display_name.strip()[:100]
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=actor.pk)
        before = {"display_name": locked.display_name, "phone": mask_phone(locked.phone)}
        locked.display_name, locked.phone = display_name, cleaned
        locked.save(update_fields=["display_name", "phone"])
        audit_record(actor=actor, action="account.profile", obj=locked, before=before, after={"display_name": display_name, "phone": mask_phone(cleaned)})
    return locked
