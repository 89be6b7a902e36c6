"""Core's API operations: login locks (administrators); passwords; the caller's own account, API tokens and notices."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from . import accounts, security, selectors, services, tokens
from .actors import user_of
from .context import client_ip
from .errors import NotPermitted
from .models import ApiToken, User
from .permissions import can_administer
from .schemas import ErrorOut, Id, PageNumber
from .text import mask_phone

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


# The caller's own account, API tokens and notices: the twins of the account, tokens and notices pages.


def _me(request: HttpRequest) -> User:
    user = user_of(request.user)
    if user is None:
        raise NotPermitted()
    return user


class AccountOut(Schema):
    username: str
    display_name: str
    phone: str  # masked: 139****0009


class AccountIn(Schema):
    display_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=20)


def _account(user: User) -> AccountOut:
    return AccountOut(username=user.username, display_name=user.display_name, phone=mask_phone(user.phone))


@router.get("/me", response={200: AccountOut, 401: ErrorOut}, summary="Your own account")
def account(request: HttpRequest) -> AccountOut:
    return _account(_me(request))


@router.post(
    "/me",
    response={200: AccountOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    summary="Change your display name and mobile phone (for password resets), audited",
)
def account_update(request: HttpRequest, payload: AccountIn) -> AccountOut:
    return _account(accounts.profile_update(actor=_me(request), display_name=payload.display_name, phone=payload.phone))


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenIn(Schema):
    name: str = Field(max_length=100)


class NewTokenOut(TokenOut):
    key: str  # shown once: only its digest is kept


@router.get("/tokens", response={200: list[TokenOut], 401: ErrorOut}, summary="Your API tokens (the keys are not kept)")
def token_list(request: HttpRequest) -> Any:
    return list(selectors.api_token_list(user=_me(request))[:200])


@router.post(
    "/tokens",
    response={200: NewTokenOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    summary="Create an API token; its key is in this answer only",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    token, key = tokens.api_token_create(actor=_me(request), name=payload.name)
    return {**TokenOut.from_orm(token).dict(), "key": key}


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Revoke one of your API tokens (again: no change)",
)
def token_revoke(request: HttpRequest, token_id: Id) -> Any:
    user = _me(request)
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotPermitted(hide=True)
    return tokens.api_token_revoke(actor=user, token=token)


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NoticesReadIn(Schema):
    kind: str = Field("", max_length=64)  # empty: all of them
    ids: list[Id] | None = Field(None, max_length=1000)  # only these (of yours)


class ReadOut(Schema):
    read: int


@router.get(
    "/notices", response={200: list[NoticeOut], 401: ErrorOut, 422: ErrorOut}, summary="Your notices, newest first (50 a page)"
)
def notice_list(request: HttpRequest, kind: str = Query("", max_length=64), page: PageNumber = 1) -> Any:
    start = (page - 1) * 50
    return list(selectors.notice_list(user=_me(request), kind=kind)[start : start + 50])


@router.post(
    "/notices/read",
    response={200: ReadOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    summary="Mark your notices read: all, those of a kind, or those listed",
)
def notices_read(request: HttpRequest, payload: NoticesReadIn) -> ReadOut:
    user = _me(request)
    ids = payload.ids
    if payload.kind:
        of_kind = selectors.notice_list(user=user, kind=payload.kind).values_list("pk", flat=True)
        ids = [pk for pk in of_kind if ids is None or pk in ids]
    return ReadOut(read=services.notices_mark_read(actor=user, ids=ids))


@router.post(
    "/notices/{notice_id}/open",
    response={200: NoticeOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open one of your notices: marked read, answered with its link",
)
def notice_open(request: HttpRequest, notice_id: Id) -> Any:
    user = _me(request)
    notice = selectors.notice_list(user=user).filter(pk=notice_id).first()
    if notice is None:
        raise NotPermitted(hide=True)
    services.notices_mark_read(actor=user, ids=[notice.pk])
    notice.refresh_from_db()
    return notice


# The page writes these operations twin (tests/test_api_coverage.py).
PAGE_TWINS: dict[str, str | dict[str, str]] = {
    "core:account": "POST /api/accounts/me",
    "core:token_list": "POST /api/accounts/tokens",
    "core:token_revoke": "POST /api/accounts/tokens/{token_id}/revoke",
    "core:notice_list": "POST /api/accounts/notices/read",
    "core:notice_open": "POST /api/accounts/notices/{notice_id}/open",
}
