"""Reads on the replica (renda/core/replica.py): which requests read where, read-your-writes, the fallback.

The routing decisions are checked here with the router and middleware alone (a replica alias declared in the
settings, its health set by the test); the real primary + streaming standby on loopback is exercised by
tests/test_replica_cluster.py.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from renda.core import replica
from renda.core.models import User

ROUTER = replica.ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    """A replica taken as configured (these tests never query it) and healthy unless a test says otherwise."""
    monkeypatch.setattr(replica, "configured", lambda: True)
    state = {"usable": True, "checks": 0}

    def usable(*, force: bool = False) -> bool:
        state["checks"] += 1
        return state["usable"]

    monkeypatch.setattr(replica, "replica_usable", usable)
    cache.clear()
    yield state
    cache.clear()


def _middleware(seen: list[str], statuses: list[int] | None = None):
    """A middleware around a view that records where a read would go, answering the given statuses in turn."""
    answers = list(statuses or [])

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(ROUTER.db_for_read(User))
        return HttpResponse(status=answers.pop(0) if answers else 200)

    return replica.ReplicaReadsMiddleware(view)


def test_without_a_replica_everything_reads_from_the_primary(settings):
    assert replica.REPLICA not in settings.DATABASES
    seen: list[str] = []
    response = _middleware(seen)(RequestFactory().get("/suggestions/"))
    assert seen == [DEFAULT_DB_ALIAS] and replica.STICKY_COOKIE not in response.cookies


def test_a_read_request_reads_from_the_replica_and_a_write_from_the_primary(with_replica):
    seen: list[str] = []
    middleware = _middleware(seen)
    middleware(RequestFactory().get("/suggestions/"))
    middleware(RequestFactory().post("/suggestions/new/"))
    assert seen == [replica.REPLICA, DEFAULT_DB_ALIAS]
    assert ROUTER.db_for_write(User) == DEFAULT_DB_ALIAS
    assert ROUTER.allow_migrate(replica.REPLICA, "core") is False and ROUTER.allow_migrate(DEFAULT_DB_ALIAS, "core")


def test_after_a_write_the_writer_reads_from_the_primary_for_the_sticky_window(with_replica, settings):
    settings.RENDA_REPLICA_STICKY_SECONDS = 7
    seen: list[str] = []
    middleware = _middleware(seen)
    response = middleware(RequestFactory().post("/opinions/1/route/"))
    cookie = response.cookies[replica.STICKY_COOKIE]
    assert cookie["max-age"] == 7 and cookie["httponly"]
    # the browser sends the cookie back: its next page reads what it has just written
    middleware(RequestFactory(headers={"Cookie": f"{replica.STICKY_COOKIE}=1"}).get("/opinions/1/"))
    # another user, without the cookie, reads from the replica
    middleware(RequestFactory().get("/opinions/1/"))
    assert seen == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS, replica.REPLICA]


def test_an_api_client_with_a_token_reads_its_writes_through_the_shared_cache(with_replica):
    seen: list[str] = []
    middleware = _middleware(seen)
    mine, other = {"Authorization": "Bearer mine"}, {"Authorization": "Bearer other"}
    middleware(RequestFactory(headers=mine).post("/api/opinions/1/actions"))
    middleware(RequestFactory(headers=mine).get("/api/opinions/1"))
    middleware(RequestFactory(headers=other).get("/api/opinions/1"))
    assert seen == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS, replica.REPLICA]


def test_a_failed_write_does_not_make_the_caller_sticky(with_replica):
    response = _middleware([], [500])(RequestFactory().post("/opinions/1/route/"))
    assert replica.STICKY_COOKIE not in response.cookies


def test_reads_fall_back_to_the_primary_while_the_replica_is_unusable(with_replica):
    with_replica["usable"] = False
    seen: list[str] = []
    _middleware(seen)(RequestFactory().get("/suggestions/"))
    assert seen == [DEFAULT_DB_ALIAS]


def test_a_read_that_failed_on_a_replica_gone_down_is_served_again_from_the_primary(with_replica):
    seen: list[str] = []
    middleware = _middleware(seen, [500, 200])

    def view_then_replica_down(request):
        response = inner(request)
        with_replica["usable"] = False  # the replica went away while the page was read
        return response

    inner = middleware.get_response
    middleware.get_response = view_then_replica_down
    response = middleware(RequestFactory().get("/suggestions/"))
    assert response.status_code == 200 and seen == [replica.REPLICA, DEFAULT_DB_ALIAS]


def test_a_server_error_with_a_healthy_replica_is_answered_once(with_replica):
    seen: list[str] = []
    response = _middleware(seen, [500, 200])(RequestFactory().get("/suggestions/"))
    assert response.status_code == 500 and seen == [replica.REPLICA]


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_on_the_primary_stay_on_the_primary(with_replica):
    from django.db import transaction

    token = replica._reads_on_replica.set(True)
    try:
        assert ROUTER.db_for_read(User) == replica.REPLICA
        with transaction.atomic():
            assert ROUTER.db_for_read(User) == DEFAULT_DB_ALIAS
    finally:
        replica._reads_on_replica.reset(token)
