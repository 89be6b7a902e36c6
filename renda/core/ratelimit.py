"""Counting hits per key in a time window, in the cache every worker shares (production: Redis or files), so a
limit holds across workers. Used for one-time SMS codes (per phone, per client address) and code guessing."""

from __future__ import annotations

from django.core.cache import cache


def hit(key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one hit for `key`; True when the key had already used its `limit` within the window."""
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > limit
