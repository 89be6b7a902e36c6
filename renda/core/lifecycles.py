"""Core's state machines: an SMS delivery (renda/core/sms) and an export written by the task worker.

    queued ──send──▶ sent
      │ ▲
      │ └─defer (a refusal that may pass later: tried again after a backoff)
      └──fail──▶ failed (a permanent refusal, or the last attempt)

Only the platform moves a delivery (the task that sends it), so no move is offered to a user.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .lifecycle import Lifecycle, T
from .models import Export, SmsDelivery

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


X = Export.State

# An export written by the task worker (renda/core/exports.py):
#
#     queued ──start──▶ running ──finish──▶ done ──expire──▶ expired (the file deleted by the daily job)
#        └──────────fail──────┴──▶ failed
#
# Only the platform moves an export; its requester downloads it while it is done.
EXPORT: Lifecycle[Export] = Lifecycle(
    Export,
    field="state",
    audit_prefix="export",
    noun=_("export"),
    transitions=[
        T("start", {X.QUEUED}, X.RUNNING, _("being written")),
        T("finish", {X.RUNNING}, X.DONE, _("ready")),
        T("fail", {X.QUEUED, X.RUNNING}, X.FAILED, _("failed")),
        T("expire", {X.DONE}, X.EXPIRED, _("expired")),
    ],
    groups={"pending": {X.QUEUED, X.RUNNING}, "ready": {X.DONE}, "over": {X.FAILED, X.EXPIRED}},
    region_attr=None,
)
