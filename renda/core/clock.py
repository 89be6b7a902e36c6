"""The real time of an event: live entry says "now"; a ledger brought from past years says when it happened.

Every service that records a step takes `at=` (default now) and passes it through `event_time`, which refuses a
time in the future and a time before the step it follows, with a reason the user can act on. Deadlines and
"answered on time" are then computed from these times by the same rules as live entry."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

#: a clock on a phone or a server a little ahead is not "the future"
SLACK = datetime.timedelta(minutes=5)


def event_time(at: datetime.datetime | None = None, *, after: datetime.datetime | None = None) -> datetime.datetime:
    """`at` (aware; a naive time is read in the site's time zone), or now when None. Refused when it lies in the
    future, or before `after` (the previous step of the same record)."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + SLACK:
        raise DomainError(_("The time %(at)s is in the future.") % {"at": _shown(at)})
    if after is not None and at < after:
        raise DomainError(
            _("The time %(at)s is before the previous step (%(after)s).") % {"at": _shown(at), "after": _shown(after)}
        )
    return at


def _shown(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


# The "past events" switch: while a ledger of past years is recorded, the steps it replays happened long ago and
# their people were told then. `core.notify.notify` and `core.sms.send_sms` send nothing inside `past_events()`.
_PAST: contextvars.ContextVar[str] = contextvars.ContextVar("renda_past_events", default="")


@contextlib.contextmanager
def past_events(reason: str) -> Iterator[None]:
    """Record events of the past: no in-app notice and no SMS goes out for them (`reason` names the ledger)."""
    token = _PAST.set(reason or "past events")
    try:
        yield
    finally:
        _PAST.reset(token)


def recording_past() -> str:
    """The reason when past events are being recorded (no notice, no SMS), else ""."""
    return _PAST.get()
