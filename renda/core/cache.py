"""The production cache of a single server: Django's file cache, with its culling throttled.

Django's `FileBasedCache.set` lists the whole cache directory on every write to decide whether to cull (one
file per entry: every session, every cached user). With thousands of deputies signed in, that listing made
each write cost milliseconds — on the first request of every user. Here the directory is listed at most once
per `CULL_INTERVAL` seconds per process; between two checks the cache can overshoot `MAX_ENTRIES` by what is
written in that interval, which the next check removes.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    cull_interval = 60.0

    def __init__(self, dir: str, params: dict[str, Any]) -> None:  # noqa: A002 - Django's signature
        super().__init__(dir, params)
        self.cull_interval = float(params.get("OPTIONS", {}).get("CULL_INTERVAL", self.cull_interval))
        self._next_cull = 0.0

    def _cull(self) -> None:
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.cull_interval
        super()._cull()  # type: ignore[misc]
