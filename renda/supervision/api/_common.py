"""What the supervision API's modules share: the router, the record shells of core.routes bound to the caller's
scope, and the look-ups of records a body names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from renda.core.errors import DomainError
from renda.core.models import User
from renda.core.routes import Record
from renda.core.schemas import ERRORS
from renda.meetings.models import Meeting
from renda.meetings.permissions import meeting_q
from renda.org.scoping import Scope, scope_for

router = Router(tags=["supervision"])

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])


def record(
    get: Callable[..., M], detail: Callable[[Scope, M], dict[str, Any]], name: str, out: type[Schema]
) -> Record[Scope, M, dict[str, Any]]:
    """The route shells (read, write, call, create, post) of a record kind (`name`: its keyword in the services), in
    the caller's scope; its writes answer its detail (`out`)."""
    return Record(scope=scope_for, get=get, detail=detail, name=name, router=router, answers={200: out, **ERRORS})


def _post(path: str, out: type[Schema], summary: str) -> Callable[[F], F]:
    """A write answered with `out` (not a record kind's detail: `record(…).post` declares those), or a shared error."""
    return router.post(path, response={200: out, **ERRORS}, summary=summary)


def _found(qs: QuerySet[M], pk: int | None, what: str) -> M:
    """A related record named in a body, among those the caller may name: 422 when it is not one of them."""
    row = qs.filter(pk=pk).first() if pk else None
    if row is None:
        raise DomainError(_("Unknown %(what)s.") % {"what": what})
    return row


def _found_all(qs: QuerySet[M], pks: list[int], refusal: str) -> list[M]:
    """Every record a body names by its ids among `qs`: 422 with `refusal` when one of them is not there."""
    rows = list(qs.filter(pk__in=pks))
    if len(rows) != len(set(pks)):
        raise DomainError(refusal)
    return rows


def _meeting(scope: Scope, pk: int | None) -> Meeting:
    """A meeting the caller may see, named in a body (422 otherwise)."""
    q = meeting_q(scope)
    return _found(Meeting.objects.filter(q).select_related("body") if q is not None else Meeting.objects.none(), pk, _("meeting"))


def _user(request: HttpRequest) -> User:
    """The caller (the API's authentication lets only a signed-in user or a token's user through)."""
    return cast(User, request.user)


class SupervisionActionIn(Schema):
    action: str


class TextIn(Schema):
    text: str
