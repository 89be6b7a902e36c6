"""Core's state machines: an SMS delivery (renda/core/sms).

    queued ──send──▶ sent
      │ ▲
      │ └─defer (a refusal that may pass later: tried again after a backoff)
      └──fail──▶ failed (a permanent refusal, or the last attempt)

Only the platform moves a delivery (the task that sends it), so no move is offered to a user.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .lifecycle import Lifecycle, T
from .models import SmsDelivery

D = SmsDelivery.State

DELIVERY: Lifecycle[SmsDelivery] = Lifecycle(
    SmsDelivery,
    field="state",
    audit_prefix="sms",
    noun=_("SMS"),
    transitions=[
        T("send", {D.QUEUED}, D.SENT, _("sent")),
        T("defer", {D.QUEUED}, D.QUEUED, _("to be tried again")),
        T("fail", {D.QUEUED}, D.FAILED, _("failed")),
    ],
    groups={"pending": {D.QUEUED}, "done": {D.SENT, D.FAILED}, "failed": {D.FAILED}},
)
