"""Notices: in-app rows written in the caller's transaction; SMS copies recorded with them and sent by the task queue.

SMS lives in `renda.core.sms` (message kinds, backends, providers, delivery records); the names below are kept here
so that callers and settings written against this module go on working: RENDA_SMS_BACKEND may name
`renda.core.notify.ConsoleSmsBackend`, tests read `renda.core.notify.outbox`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from .clock import past_events, recording_past
from .models import Notice
from .sms import ConsoleSmsBackend, MemorySmsBackend, NullSmsBackend, SmsBackend, outbox, send_sms, sms_backend

__all__ = [
    "ConsoleSmsBackend",
    "MemorySmsBackend",
    "NullSmsBackend",
    "SmsBackend",
    "notify",
    "outbox",
    "past_events",
    "send_sms",
    "sms_backend",
]

log = logging.getLogger("renda.notify")


def notify(
    *,
    users: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    event_on: datetime.date | None = None,
) -> int:
    """One in-app notice per user. With a dedupe key, a user gets that notice at most once (safe to re-run: a step
    retried or a daily job run twice writes nothing new). `event_on` is the date of the thing itself — the meeting's
    day, the deadline — shown beside (and sorted before) the date the notice was written."""
    users = [u for u in users if u is not None]
    if not users or recording_past():  # a ledger of past events tells nobody today
        return 0
    if dedupe_key:
        already = set(Notice.objects.filter(dedupe_key=dedupe_key, user__in=users).values_list("user_id", flat=True))
        users = [u for u in users if u.pk not in already]
    Notice.objects.bulk_create(
        [
            Notice(user=u, kind=kind, title=title[:200], body=body, url=url[:300], dedupe_key=dedupe_key[:200], event_on=event_on)
            for u in users
        ]
    )
    return len(users)
