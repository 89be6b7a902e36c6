"""The shells an app's API routes share, so that a route says only what is its own.

- `Record`: the routes of one record kind. `read` is "the record in the caller's scope (404 outside), answered as
  its detail"; `write` is "the record in scope, the role check (403), the change (the service: 422 with its
  reason), then the record read again and answered as its detail"; `create` is "the role check, the new record,
  read back in scope as its detail". The caller's scope comes from the app's `scope` function (core does not
  import org: the app passes `renda.org.scoping.scope_for`).
  A record kind made with `conflicts=True` answers a move its state does not allow (`InvalidTransition`) with 409
  and the reason rather than 422 (`conflicts()`, also for a route's own service call). Made with its `router` and
  `answers` (the responses its writes declare: its detail and the errors), `post(path, summary)` declares a route that
  writes it.
- `page_schema` and `page_payload`: a page of a list (page, page_size, has_next, items) without counting the list.
- `vote_answer`: a vote cast through the API (a meeting's poll, a projects ballot), with its 409 and hidden 404.
- `found` and `named`: a record a request names (by its id among a query set), 404 when it is not there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, Generic, TypeVar, cast, overload

from django.db.models import Model, QuerySet
from django.http import Http404
from ninja import Schema, Status
from ninja.errors import HttpError
from pydantic import create_model

from .errors import DomainError, InvalidTransition, NotPermitted
from .listing import MAX_PAGE_SIZE

DEEPEST_PAGE = 100_000  # a deeper page answers this one: the offset stays bounded on a table of millions

S = TypeVar("S")  # the caller's scope
M = TypeVar("M")  # the record
R = TypeVar("R")  # its detail
T = TypeVar("T")
N = TypeVar("N", bound=Model)  # a record a body names
F = TypeVar("F", bound=Callable[..., Any])  # a route


@contextmanager
def conflicts() -> Iterator[None]:
    """Within it, a move the record's state (or a missing quorum) does not allow answers 409 with the reason (through
    the API's HttpError handler); the service changed nothing."""
    try:
        yield
    except InvalidTransition as exc:
        raise HttpError(409, " ".join(exc.messages)) from None


class Record(Generic[S, M, R]):
    """The route shells of one record kind: `get(scope=…, pk=…)` finds it in the caller's scope (404 outside) and
    `detail(scope, record)` answers it."""

    def __init__(
        self,
        *,
        scope: Callable[[Any], S],
        get: Callable[..., M],
        detail: Callable[[S, M], R],
        name: str = "",
        conflicts: bool = False,
        router: Any = None,
        answers: dict[int, Any] | None = None,
    ) -> None:
        self.scope, self.get, self.detail = scope, get, detail
        self.name = name  # the record's keyword in its services (`call`)
        self.conflicts = conflicts  # a move the state does not allow: 409 (else 422, as any DomainError)
        self.router, self.answers = router, answers  # where its routes are declared, and their responses

    def post(self, path: str, summary: str, **options: Any) -> Callable[[F], F]:
        """The decorator of a route writing this record kind, answered as its detail: the router's `post` with the
        kind's `answers` (the OpenAPI document is the one a decorator of its own would give)."""
        if self.router is None or self.answers is None:
            raise TypeError("This record kind was made without its router and answers.")
        return cast(Callable[[F], F], self.router.post(path, response=self.answers, summary=summary, **options))

    def _changing(self) -> Any:
        return conflicts() if self.conflicts else nullcontext()

    def read(self, request: Any, pk: int) -> R:
        scope = self.scope(request.user)
        return self.detail(scope, self.get(scope=scope, pk=pk))

    def write(
        self,
        request: Any,
        pk: int,
        change: Callable[[S, M, Any], object],
        *,
        allowed: Callable[[S, M], bool] | None = None,
    ) -> R:
        """`change(scope, record, actor)` on the record in scope, refused with 403 first when `allowed` says no (before
        the body's records are looked up), then the record as it is now."""
        scope = self.scope(request.user)
        obj = self.get(scope=scope, pk=pk)
        if allowed is not None and not allowed(scope, obj):
            raise NotPermitted()
        with self._changing():
            change(scope, obj, request.user)
        return self.detail(scope, self.get(scope=scope, pk=pk))

    def call(
        self,
        request: Any,
        pk: int,
        service: Callable[..., object],
        *,
        allowed: Callable[[S, M], bool] | None = None,
        **kwargs: Any,
    ) -> R:
        """`service(actor=…, scope=…, <name>=record, **kwargs)` on the record in scope (`write`, `allowed` first)."""
        return self.write(
            request,
            pk,
            lambda scope, obj, actor: service(actor=actor, scope=scope, **{self.name: obj}, **kwargs),
            allowed=allowed,
        )

    def create(self, request: Any, make: Callable[[S, Any], Any], *, allowed: Callable[[S], bool] | None = None) -> R:
        """`make(scope, actor)` (the new record) when `allowed(scope)` (else 403), answered as read back in scope."""
        scope = self.scope(request.user)
        if allowed is not None and not allowed(scope):
            raise NotPermitted()
        with self._changing():
            obj = make(scope, request.user)
        return self.detail(scope, self.get(scope=scope, pk=obj.pk))


def fields(obj: Any, *names: str) -> dict[str, Any]:
    """The named attributes of a record, as the fields of its output (the output's names are the model's)."""
    return {name: getattr(obj, name) for name in names}


def page_schema(name: str, item: type[Any]) -> type[Schema]:
    """The output schema of a page of `item`s (named `name` in the OpenAPI document)."""
    fields: dict[str, Any] = {"page": (int, ...), "page_size": (int, ...), "has_next": (bool, ...), "items": (list[item], ...)}  # type: ignore[valid-type]
    return create_model(name, __base__=Schema, **fields)


def page_payload(qs: QuerySet[Any], page: int, page_size: int, out: Callable[[Any], Any]) -> dict[str, Any]:
    """Page `page` of `qs`, each row answered by `out`; `has_next` from one row past the page (no count)."""
    page_size, page = max(1, min(page_size, MAX_PAGE_SIZE)), max(1, min(page, DEEPEST_PAGE))
    rows = list(qs[(page - 1) * page_size : page * page_size])
    return {
        "page": page,
        "page_size": page_size,
        "has_next": qs[page * page_size : page * page_size + 1].exists(),
        "items": [out(r) for r in rows],
    }


def vote_answer(cast: Callable[[], object], *, already: type[DomainError]) -> Any:
    """`cast()` records the caller's vote and answers {"status": …}; 409 with the reason when the caller's vote is already
    recorded (`already`), 404 for a vote the caller may not even see (NotPermitted with `hide`); nothing changes."""
    try:
        status = cast()
    except already as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    except NotPermitted as exc:
        if exc.hide:
            raise Http404 from None
        raise
    return {"status": status}


def found(row: T | None) -> T:
    """The record a request names, or 404 when there is none (or none the caller may name)."""
    if row is None:
        raise Http404
    return row


@overload
def named(qs: QuerySet[N], pk: int) -> N: ...
@overload
def named(qs: QuerySet[N], pk: int | None) -> N | None: ...
def named(qs: QuerySet[N], pk: int | None) -> N | None:
    """The record a body names by its id among `qs` (404 when it is not one of them), or none without an id."""
    return None if pk is None else found(qs.filter(pk=pk).first())
