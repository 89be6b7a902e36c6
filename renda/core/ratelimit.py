"""Counting hits per key in a fixed time window, exactly, across workers and app servers.

Used for one-time SMS codes (per phone, per client address), tracking-code guesses and login failures. A window of
`seconds` starts at a multiple of `seconds` since the epoch, and the count lives with that window:

- database (default): one row per (key, window) in `core_ratecounter`, incremented by a single
  `INSERT … ON CONFLICT DO UPDATE … RETURNING count` statement — atomic on PostgreSQL and SQLite, so two workers never
  both see "one below the limit". Expired rows are removed by the daily job.
- Redis (`RENDA_RATELIMIT_BACKEND=redis`, with `REDIS_URL`): `INCR` and `EXPIRE … NX` in one pipeline; the key
  expires with its window.

A cache's `incr` (what this module used before) re-saves the value with the cache's default timeout and is a
read-then-write on the file cache: an hourly limit became a five-minute one, and concurrent workers lost counts.
"""

from __future__ import annotations

import datetime
import time
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import RateCounter


class Backend(Protocol):
    def incr(self, key: str, window: int, seconds: int) -> int: ...

    def peek(self, key: str, window: int) -> int: ...

    def clear(self, key: str, windows: list[int]) -> int: ...


class DatabaseBackend:
    def incr(self, key: str, window: int, seconds: int) -> int:
        expires = datetime.datetime.fromtimestamp(window + seconds, tz=datetime.UTC)
        table = RateCounter._meta.db_table
        sql = (
            f"INSERT INTO {table} (key, bucket, count, expires_at) VALUES (%s, %s, 1, %s) "  # noqa: S608 - our table
            f"ON CONFLICT (key, bucket) DO UPDATE SET count = {table}.count + 1 RETURNING count"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [key[:200], window, expires])
            row = cursor.fetchone()
        return int(row[0])

    def peek(self, key: str, window: int) -> int:
        row = RateCounter.objects.filter(key=key[:200], bucket=window).values_list("count", flat=True).first()
        return int(row or 0)

    def clear(self, key: str, windows: list[int]) -> int:
        deleted, _ = RateCounter.objects.filter(key=key[:200], bucket__in=windows).delete()
        return deleted


class RedisBackend:
    def __init__(self, url: str) -> None:
        import redis

        self.client: Any = redis.Redis.from_url(url)

    def _name(self, key: str, window: int) -> str:
        return f"renda:rl:{key}:{window}"

    def incr(self, key: str, window: int, seconds: int) -> int:
        name = self._name(key, window)
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expireat(name, window + seconds + 1, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def peek(self, key: str, window: int) -> int:
        value = self.client.get(self._name(key, window))
        return int(value or 0)

    def clear(self, key: str, windows: list[int]) -> int:
        return int(self.client.delete(*[self._name(key, w) for w in windows])) if windows else 0


@cache
def _backend(kind: str, url: str) -> Backend:
    if kind == "redis":
        return RedisBackend(url)
    return DatabaseBackend()


def backend() -> Backend:
    kind = getattr(settings, "RENDA_RATELIMIT_BACKEND", "db")
    return _backend(kind, getattr(settings, "REDIS_URL", "") or "")


def window_of(seconds: int, now: float | None = None) -> int:
    moment = time.time() if now is None else now
    return int(moment // seconds) * seconds


def hit(key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one hit for `key`; True when the key had already used its `limit` within the window."""
    count = backend().incr(key, window_of(seconds), seconds)
    return count > limit


def count(key: str, seconds: int = 3600) -> int:
    """Hits of `key` in the current window (without counting one)."""
    return backend().peek(key, window_of(seconds))


def clear(key: str, seconds: int = 3600) -> int:
    """Forget `key`'s hits in the current and the previous window (an unlock)."""
    now = window_of(seconds)
    return backend().clear(key, [now, now - seconds])


def purge_expired() -> int:
    """Remove the database rows of windows that have ended (the daily job)."""
    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
