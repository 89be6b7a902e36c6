"""Periodic jobs. Apps register functions here; `renda daily` (cron, once a day) runs every daily job and
`renda audit-seal` runs every minute. Each job must be safe to run twice (notices carry dedupe keys)."""

from __future__ import annotations

from collections.abc import Callable

DAILY: dict[str, Callable[[], int]] = {}


def daily(name: str) -> Callable[[Callable[[], int]], Callable[[], int]]:
    def register(func: Callable[[], int]) -> Callable[[], int]:
        DAILY[name] = func
        return func

    return register
