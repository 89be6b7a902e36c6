"""Core's API operations: login locks (administrators)."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from . import accounts, security
from .actors import user_of
from .context import client_ip
from .errors import NotPermitted
from .permissions import can_administer
from .schemas import ErrorOut

router = Router(tags=["accounts"])


class LockOut(Schema):
    kind: str
    target: str
    failures: int


class UnlockIn(Schema):
    username: str = ""
    address: str = ""


class UnlockOut(Schema):
    cleared: int


@router.get("/login-locks", response={200: list[LockOut], 403: ErrorOut}, summary="Accounts and addresses locked now")
def login_locks(request: HttpRequest) -> list[LockOut]:
    if not can_administer(request.user):
        raise NotPermitted()
    return [LockOut(kind=lock.kind, target=lock.target, failures=lock.failures) for lock in security.locks()]


@router.post(
    "/login-locks/unlock",
    response={200: UnlockOut, 403: ErrorOut, 422: ErrorOut},
    summary="Lift a login lock (audited)",
)
def login_unlock(request: HttpRequest, payload: UnlockIn) -> UnlockOut:
    user = user_of(request.user)
    if user is None:
        raise NotPermitted()
    cleared = security.login_unlock(actor=user, username=payload.username, address=payload.address)
    return UnlockOut(cleared=cleared)


class PasswordChangeIn(Schema):
    old_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)
    confirm: str = Field(max_length=128)


class ResetRequestIn(Schema):
    username: str = Field(max_length=150)


class ResetConfirmIn(Schema):
    username: str = Field(max_length=150)
    code: str = Field(max_length=6)
    new_password: str = Field(max_length=128)
    confirm: str = Field(max_length=128)


class DoneOut(Schema):
    detail: str


@router.post(
    "/password",
    response={200: DoneOut, 401: ErrorOut, 422: ErrorOut},
    summary="Change your own password (also the first-login change)",
)
def password_change(request: HttpRequest, payload: PasswordChangeIn) -> DoneOut:
    user = user_of(request.user)
    if user is None:
        raise NotPermitted()
    accounts.password_change(actor=user, **payload.dict())
    if hasattr(request, "session"):
        update_session_auth_hash(request, user)
    return DoneOut(detail=_("Your password has been changed."))


@router.post(
    "/password-reset",
    auth=None,
    response={200: DoneOut, 422: ErrorOut},
    summary="Send a password-reset code to the account's phone on record (the answer does not say whether it exists)",
)
def password_reset(request: HttpRequest, payload: ResetRequestIn) -> DoneOut:
    accounts.password_reset_request(username=payload.username, client_ip=client_ip.get())
    return DoneOut(detail=_("If the account has a mobile phone on record, a code has been sent to it."))


@router.post(
    "/password-reset/confirm",
    auth=None,
    response={200: DoneOut, 422: ErrorOut},
    summary="Set a new password with the code from the SMS",
)
def password_reset_confirm(request: HttpRequest, payload: ResetConfirmIn) -> DoneOut:
    accounts.password_reset_confirm(**payload.dict())
    return DoneOut(detail=_("Your password has been reset. Log in with the new one."))
