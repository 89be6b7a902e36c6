"""Core's own daily jobs."""

from __future__ import annotations

from . import ratelimit
from .jobs import daily


@daily("core.purge_rate_counters")
def purge_rate_counters() -> int:
    """Remove the counters of rate-limit windows that have ended."""
    return ratelimit.purge_expired()
