"""Sending: a delivery record per message, written with the notice; the task queue sends it, with retries.

`send_sms` writes the `SmsDelivery` row (queued) and its audit event in the caller's transaction, and queues the
task once that transaction commits — a rolled-back change sends nothing. The task (`deliver_sms`, django-tasks:
the database backend with `manage.py db_worker` in production, the immediate backend in tests) claims the row,
asks the configured backend to send it, and moves it: sent (with the provider's id), deferred (a refusal that may
pass later: tried again after RENDA_SMS_RETRY_SECONDS, doubled each time) or failed (a permanent refusal, or the
last of RENDA_SMS_MAX_ATTEMPTS). The daily job `core.sms_requeue` queues again what a lost task left behind.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from .. import rules
from ..actors import system
from ..audit import audit_record
from ..clock import recording_past
from ..jobs import daily
from ..lifecycles import DELIVERY
from ..models import SmsDelivery
from ..text import mask_phone
from .backends import ProviderResult, SmsBackend, SmsMessage, sms_backend
from .kinds import KINDS, TEXT, MessageKind

log = logging.getLogger("renda.sms")

SIGN_NAME = rules.register(
    "sms.sign_name", "", "The SMS signature (签名) approved in the provider's console; empty: RENDA_SMS_SIGN_NAME"
)
TEMPLATES = rules.register(
    "sms.templates", {}, "Template ids approved in the provider's console, by message kind (over RENDA_SMS_TEMPLATES)"
)
REQUEUE_MINUTES = 10  # a queued message this late past its due attempt has lost its task


class RegionLike(Protocol):
    pk: Any
    path: str


def sign_name(region_path: str = "") -> str:
    return str(rules.value(SIGN_NAME.key, region_path=region_path) or getattr(settings, "RENDA_SMS_SIGN_NAME", ""))


def template_id(kind: str, region_path: str = "") -> str:
    templates = {**getattr(settings, "RENDA_SMS_TEMPLATES", {}), **(rules.value(TEMPLATES.key, region_path=region_path) or {})}
    return str(templates.get(kind, ""))


def send_sms(
    phone: str,
    message: MessageKind | str,
    params: Mapping[str, object] | None = None,
    *,
    region: RegionLike | None = None,
    about: models.Model | None = None,
) -> SmsDelivery | None:
    """Queue one SMS: a delivery record now (in the caller's transaction), the sending once it commits.

    `message` is a registered kind (its parameters in `params`); plain text is accepted for the console and memory
    backends only (a provider sends approved templates). `region` chooses the signature and templates (rules) and
    which staff see the record; `about` is the record the message is about. Nothing is recorded or sent when the
    backend records nothing (the demo's history) or
    while events of the past are recorded (`renda.core.clock.past_events`)."""
    backend = sms_backend()
    if not backend.records or recording_past():  # nothing is sent for events of the past (`clock.past_events`)
        return None
    kind, raw = (message, dict(params or {})) if isinstance(message, MessageKind) else (TEXT, {"text": message})
    values = {name: str(raw.get(name, "")) for name in kind.params}
    region_path = region.path if region is not None else ""
    region_id = int(region.pk) if region is not None and region.pk is not None else None
    ref = f"{about._meta.label_lower}:{about.pk}" if about is not None else ""
    with transaction.atomic():
        row = SmsDelivery.objects.create(
            kind=kind.key,
            phone=phone,
            text=kind.render(values, masked=True)[:500],
            params=values,
            sign_name=sign_name(region_path),
            template_id=template_id(kind.key, region_path),
            backend=backend.name,
            ref=ref[:64],
            region_id=region_id,
            next_attempt_at=timezone.now(),
        )
        audit_record(
            actor=system(f"sms: {kind.key}"),
            action="sms.queue",
            obj=row,
            after={"kind": kind.key, "phone": mask_phone(phone), "ref": row.ref, "backend": backend.name},
            region_id=region_id,
        )
        pk = row.pk
        transaction.on_commit(lambda: enqueue(pk))
    return row


@task()
def deliver_sms(delivery_id: int) -> str:
    """The queued task: one attempt at one delivery."""
    return deliver(delivery_id)


def enqueue(delivery_id: int, *, run_after: datetime.datetime | None = None) -> None:
    """Queue the task; a backend that cannot defer (the immediate one, in tests) runs it now. A failure to queue
    leaves the row queued for the daily job to pick up again."""
    job = deliver_sms
    if run_after is not None and job.get_backend().supports_defer:
        job = job.using(run_after=run_after)
    try:
        job.enqueue(delivery_id)
    except Exception:  # the queue is down: the record stays queued and `requeue` finds it
        log.exception("could not queue SMS delivery %s", delivery_id)


def _max_attempts() -> int:
    return max(1, int(getattr(settings, "RENDA_SMS_MAX_ATTEMPTS", 5)))


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt: RENDA_SMS_RETRY_SECONDS after the first, doubled after each further one."""
    base = int(getattr(settings, "RENDA_SMS_RETRY_SECONDS", 60))
    return datetime.timedelta(seconds=base * 2 ** max(0, attempts - 1))


def _message(row: SmsDelivery) -> SmsMessage:
    kind = KINDS.get(row.kind)
    stored = {str(k): str(v) for k, v in (row.params or {}).items()}
    order = kind.order() if kind is not None else tuple(stored)
    params = {name: stored[name] for name in order if name in stored}  # Tencent fills {1}, {2}… in this order
    text = kind.render(params) if kind is not None else row.text
    return SmsMessage(
        phone=row.phone,
        kind=row.kind,
        text=text,
        params=params,
        sign_name=row.sign_name,
        template_id=row.template_id,
        reference=str(row.pk),
    )


def _refusal(row: SmsDelivery, backend: SmsBackend) -> ProviderResult | None:
    """What a provider would refuse for sure, found before calling it: no template or no signature configured."""
    if not getattr(backend, "templates", False):
        return None
    if not row.template_id:
        return ProviderResult(ok=False, code="no_template", message=f"RENDA_SMS_TEMPLATES has no template for {row.kind}")
    if not row.sign_name:
        return ProviderResult(ok=False, code="no_signature", message="RENDA_SMS_SIGN_NAME (or the rule sms.sign_name) is empty")
    return None


def _audit_shape(state: str, row: SmsDelivery, extra: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The event names the outcome, never the parameters (a one-time code) or the number."""
    after = {"state": row.state, "attempts": row.attempts, "provider_id": row.provider_id, "error_code": row.error_code}
    return {"state": state}, after


def deliver(delivery_id: int, *, backend: SmsBackend | None = None) -> str:
    """One attempt: claim the row (a duplicate task finds it claimed or done), send, record the outcome."""
    row = SmsDelivery.objects.filter(pk=delivery_id).first()
    if row is None or not DELIVERY.in_group(row, "pending"):
        return "done"
    backend = backend or sms_backend()
    now = timezone.now()
    attempts = row.attempts + 1
    claimed = SmsDelivery.objects.filter(pk=row.pk, state=row.state, attempts=row.attempts).update(
        attempts=attempts, last_attempt_at=now, backend=backend.name
    )
    if not claimed:
        return "claimed"
    result = _refusal(row, backend)
    if result is None:
        try:
            result = backend.send(_message(row))
        except Exception as exc:  # a backend bug or an SDK surprise: counted as an attempt that may pass later
            log.exception("SMS backend %s raised", backend.name)
            result = ProviderResult(ok=False, code=type(exc).__name__, message=str(exc)[:500], retry=True)
    return record(row.pk, result, attempts=attempts, now=now)


def record(delivery_id: int, result: ProviderResult, *, attempts: int, now: datetime.datetime) -> str:
    """Move the delivery after an attempt; a deferred one is queued again after its backoff."""
    actor = system(f"sms: delivery {delivery_id}")
    secrets = _secrets(delivery_id)

    def scrub(row: SmsDelivery) -> None:
        if secrets:
            row.params = {k: v for k, v in (row.params or {}).items() if k not in secrets}

    if result.ok:

        def sent(row: SmsDelivery) -> None:
            row.sent_at, row.provider_id, row.next_attempt_at = now, result.provider_id[:100], None
            row.error_code, row.error = "", ""
            scrub(row)

        DELIVERY.apply(delivery_id, "send", actor=actor, effects=sent, audit=_audit_shape)
        return "sent"
    if result.retry and attempts < _max_attempts():
        due = now + backoff(attempts)

        def defer(row: SmsDelivery) -> None:
            row.next_attempt_at, row.error_code, row.error = due, result.code[:100], result.message[:500]

        DELIVERY.apply(delivery_id, "defer", actor=actor, effects=defer, audit=_audit_shape)
        enqueue(delivery_id, run_after=due)
        return "deferred"

    def failed(row: SmsDelivery) -> None:
        row.failed_at, row.next_attempt_at = now, None
        row.error_code, row.error = result.code[:100], result.message[:500]
        scrub(row)

    DELIVERY.apply(delivery_id, "fail", actor=actor, effects=failed, audit=_audit_shape)
    return "failed"


def _secrets(delivery_id: int) -> tuple[str, ...]:
    kind_key = SmsDelivery.objects.filter(pk=delivery_id).values_list("kind", flat=True).first()
    kind = KINDS.get(kind_key or "")
    return kind.secret if kind is not None else ()


@daily("core.sms_requeue")
def requeue(now: datetime.datetime | None = None) -> int:
    """Queue again the deliveries still queued well past their due attempt (a task lost with a worker)."""
    now = now or timezone.now()
    late = now - datetime.timedelta(minutes=REQUEUE_MINUTES)
    ids = list(
        SmsDelivery.objects.filter(state__in=DELIVERY.group("pending"), next_attempt_at__lt=late).values_list("pk", flat=True)[
            :1000
        ]
    )
    for pk in ids:
        enqueue(pk)
    return len(ids)
