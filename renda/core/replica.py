"""Reads on a PostgreSQL streaming replica (hot standby), when `DATABASE_REPLICA_URL` is set.

The rule: a request that cannot write (GET, HEAD, OPTIONS) reads from the replica — lists, figures, exports, detail
pages — unless

* the caller wrote a moment ago (read-your-writes): a write answers with a short-lived cookie, and a write made with
  an API token marks that token in the shared cache, for `RENDA_REPLICA_STICKY_SECONDS`; until it lapses the
  caller reads from the primary, so a record just saved is never missing from the next page;
* the replica is down or lags behind the primary by more than `RENDA_REPLICA_MAX_LAG_SECONDS`: checked at most
  every `RENDA_REPLICA_CHECK_SECONDS` per process, reads fall back to the primary meanwhile;
* the read runs inside a transaction on the primary (a service that reads and then writes reads what it locks).

Every write goes to the primary. A read request that fails while the replica was in use and finds the replica
unusable is served again from the primary (safe: the method cannot write), so stopping the replica during a list
load costs a retry, not an error. Without `DATABASE_REPLICA_URL` nothing here is installed.
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
STICKY_COOKIE = "renda_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_reads_on_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("renda_reads_on_replica", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


class _Health:
    """The replica's state as this process last saw it: usable or not, and when that was checked."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked = float("-inf")
        self.usable = False


health = _Health()

# Seconds the standby's replay is behind: 0 when it has replayed everything it received (an idle primary writes
# nothing, so the age of the last replayed transaction alone would look like lag); NULL on a server not in recovery.
LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)


def measure_lag() -> float | None:
    """The replica's lag in seconds (None where the server is not a standby, e.g. the test mirror). Raises
    DatabaseError when it cannot be reached."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        row = cursor.fetchone()
    return None if row is None or row[0] is None else float(row[0])


def replica_usable(*, force: bool = False) -> bool:
    """Whether reads may go to the replica now (checked at most every RENDA_REPLICA_CHECK_SECONDS unless forced)."""
    if not configured():
        return False
    now = time.monotonic()
    with health.lock:
        if not force and now - health.checked < _setting("RENDA_REPLICA_CHECK_SECONDS", 5):
            return health.usable
        health.checked = now
    try:
        lag = measure_lag()
        usable = lag is None or lag <= _setting("RENDA_REPLICA_MAX_LAG_SECONDS", 10)
    except DatabaseError:
        usable = False
        connections[REPLICA].close()  # a fresh connection at the next check
    with health.lock:
        health.usable = usable
    return usable


class ReplicaRouter:
    """Database router: reads to the replica while the request allows it (see the module's rule), writes and
    migrations to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        if not _reads_on_replica.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA if replica_usable() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both servers

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _token_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    return "replica:sticky:" + hashlib.sha256(header.encode()).hexdigest()[:32]


def _sticky(request: HttpRequest) -> bool:
    if request.COOKIES.get(STICKY_COOKIE):
        return True
    key = _token_key(request)
    return key is not None and bool(cache.get(key))


class ReplicaReadsMiddleware:
    """Decides, per request, whether its reads may use the replica; remembers a caller's writes for the sticky
    window; serves a failed read request again from the primary when the replica turns out to be unusable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            return self._write(request)
        if _sticky(request):
            return self._run(request, replica=False)
        response = self._run(request, replica=True)
        if response.status_code >= 500 and not replica_usable(force=True):
            response = self._run(request, replica=False)  # safe to repeat: the method cannot write
        return response

    def _run(self, request: HttpRequest, *, replica: bool) -> HttpResponse:
        token = _reads_on_replica.set(replica)
        try:
            return self.get_response(request)
        finally:
            _reads_on_replica.reset(token)

    def _write(self, request: HttpRequest) -> HttpResponse:
        response = self._run(request, replica=False)
        if response.status_code < 500:
            seconds = int(_setting("RENDA_REPLICA_STICKY_SECONDS", 10))
            response.set_cookie(STICKY_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax",
                                secure=request.is_secure())  # fmt: skip
            key = _token_key(request)
            if key is not None:
                cache.set(key, 1, seconds)
        return response
