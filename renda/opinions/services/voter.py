"""The voter's follow-up: on the tracking page (with the tracking code, no account) the voter reads the answer
and says whether the problem was solved, which closes the opinion. Unknown codes are counted per client address."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import ratelimit, rules

from ..lifecycles import OPINION
from ..models import Opinion, Status
from .common import _lock, _step, _when


def opinion_feedback(*, opinion: Opinion, solved: bool, note: str = "", at: datetime.datetime | None = None) -> Opinion:
    """The voter says whether it was solved (from the tracking page); the opinion closes. An answer the voter
    reads here without having been told is marked told first. `at`: when the voter said it, for a step recorded
    after the fact (a ledger)."""
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status == Status.CLOSED and locked.solved == solved:
            return locked
        OPINION.check(locked, "feedback")
        now = _when(locked, at)
        if locked.status == Status.ANSWERED:
            answered = OPINION.set_state(locked, "tell")
            locked.told_at = now
            locked.save(update_fields=["status", "told_at"])
            _step(locked, action="tell", from_status=answered, actor=None, note=_("Read on the tracking page."), at=now)
        from_status = OPINION.set_state(locked, "feedback")
        locked.solved, locked.feedback, locked.closed_at = solved, (note or "").strip(), now
        locked.save(update_fields=["status", "solved", "feedback", "closed_at"])
        word = _("solved") if solved else _("not solved")
        _step(locked, action="feedback", from_status=from_status, actor=None, note=word, at=now)
    return locked


def track_allowed(client_ip: str | None) -> bool:
    """Unknown codes are counted per client address; past the limit every code answers 'not found'."""
    return ratelimit.count(f"opinions:track:{client_ip or '-'}") < int(rules.value("opinions.track_per_ip_hour"))


def track_failed(client_ip: str | None) -> None:
    ratelimit.hit(f"opinions:track:{client_ip or '-'}", 10**9)
