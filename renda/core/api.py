"""Core's API operations: login locks (administrators)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from . import security
from .actors import user_of
from .errors import NotPermitted
from .permissions import can_administer

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


class ErrorOut(Schema):
    detail: str


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
