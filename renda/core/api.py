"""Core's API operations: login locks (administrators); passwords; the caller's own account, API tokens and notices."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from . import accounts, security, selectors, services, tokens
from .actors import user_of
from .context import client_ip
from .errors import NotPermitted
from .models import ApiToken, Notice, User
from .permissions import can_administer
from .routes import named
from .schemas import ErrorOut, Id, PageNumber, PageSize
from .text import mask_phone

router = Router(tags=["accounts"])


def _me(request: HttpRequest) -> User:
    """The signed-in caller (403 for anyone else)."""
    user = user_of(request.user)
    if user is None:
        raise NotPermitted()
    return user


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
    cleared = security.login_unlock(actor=_me(request), username=payload.username, address=payload.address)
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
    user = _me(request)
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


# --- Notices (the notice list's page writes, and the list itself for a phone client) -------------------------------
notices_router = Router(tags=["notices"])

Kind = Annotated[str, Field(max_length=64)]


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    event_on: datetime.date | None = Field(description="When the thing happens or happened: a meeting's day, a deadline")
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NoticePage(Schema):
    count: int
    unread: int
    page: int
    page_size: int
    items: list[NoticeOut]


class NoticeGroupOut(Schema):
    kind: str
    count: int
    latest: NoticeOut


class MarkReadIn(Schema):
    kind: Kind = ""


class MarkedOut(Schema):
    marked: int


# The caller's own account, API tokens and notices: the twins of the account, tokens and notices pages.


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


@notices_router.get("", response={200: NoticePage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}, summary="The caller's notices, newest first")
def notices(request: HttpRequest, kind: Kind = "", unread: bool = False, page: PageNumber = 1, page_size: PageSize = 30) -> dict[str, Any]:
    """Each notice once per event, with the event's date (`event_on`) beside the date it was written; `kind` narrows
    to one group of the home page, `unread` to the unread ones."""
    user = _me(request)
    qs = selectors.notice_list(user=user, kind=kind.replace("\x00", ""))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    rows = list(qs[(page - 1) * page_size : page * page_size])
    return {"count": qs.count(), "unread": selectors.unread_notice_count(user=user), "page": page, "page_size": page_size,
            "items": rows}  # fmt: skip


@notices_router.get("/groups", response={200: list[NoticeGroupOut], 401: ErrorOut, 403: ErrorOut}, summary="Unread notices grouped by kind")
def notice_groups(request: HttpRequest) -> list[selectors.NoticeGroup]:
    return selectors.unread_notice_groups(user=_me(request))


@notices_router.post("/read", response={200: MarkedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}, summary="Mark all notices (or all of one kind) read")
def notices_read(request: HttpRequest, payload: MarkReadIn) -> MarkedOut:
    user = _me(request)
    kind = payload.kind.replace("\x00", "")
    ids = list(selectors.notice_list(user=user, kind=kind).values_list("pk", flat=True)) if kind else None
    return MarkedOut(marked=services.notices_mark_read(actor=user, ids=ids))


@notices_router.post("/{notice_id}/read", response={200: NoticeOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}, summary="Mark one notice read (opening it)")
def notice_read(request: HttpRequest, notice_id: Id) -> Notice:
    """The caller's own notice only: another user's answers 404, as if it did not exist."""
    user = _me(request)
    notice = named(selectors.notice_list(user=user), notice_id)
    services.notices_mark_read(actor=user, ids=[notice.pk])
    notice.refresh_from_db()
    return notice


# The page writes these operations twin (tests/test_api_coverage.py).
PAGE_TWINS: dict[str, str | dict[str, str]] = {
    "core:account": "POST /api/accounts/me",
    "core:token_list": "POST /api/accounts/tokens",
    "core:token_revoke": "POST /api/accounts/tokens/{token_id}/revoke",
    "core:notice_list": "POST /api/notices/read",
    "core:notice_open": "POST /api/notices/{notice_id}/read",
}
