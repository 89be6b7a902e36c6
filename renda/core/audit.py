"""The audit trail: record (inside the caller's transaction), seal (batched hash chain), verify.

Every write service calls `audit_record` inside its own `transaction.atomic()`, so the event and the change
commit or roll back together. Recording is a plain INSERT: no lock is taken, so concurrent writers (a burst
of votes) never wait for each other. `audit_seal` runs from a periodic job (and before every verification):
it locks the chain head, takes the unsealed events in id order, and chains each one's hash over the
previous hash. `audit_verify` recomputes the chain; an edited, deleted or inserted row breaks it.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

from .actors import actor_id, actor_label
from .context import client_ip
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    """A JSON-safe, stable form of a field value (dates as ISO text, decimals as text, models as ids)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The values of an instance's concrete fields (foreign keys as ids), for before/after in an event."""
    names = list(fields) if fields is not None else [f.attname for f in instance._meta.concrete_fields]
    return {name: jsonable(getattr(instance, name)) for name in names}


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose value differs, so an event shows what the change was."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _actor_fields(actor: object) -> tuple[int | None, str]:
    return actor_id(actor), actor_label(actor)


def audit_event(
    *,
    actor: object,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    region_id: int | None = None,
) -> AuditEvent:
    """An unsaved event (for bulk writers); `audit_record` saves one."""
    actor_id, actor_label = _actor_fields(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    return AuditEvent(
        created_at=timezone.now(),
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=str(object_repr)[:200],
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        client_ip=client_ip.get(),
        region_id=region_id,
    )


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events must be written inside the transaction of the change they record")


def audit_record(**kwargs: Any) -> AuditEvent:
    _require_transaction()
    event = audit_event(**kwargs)
    event.save(force_insert=True)
    return event


def audit_created(*, actor: object, action: str, obj: models.Model, region_id: int | None = None, **also: Any) -> AuditEvent:
    """The event of a new row: its snapshot (and what `also` adds: the rows made with it) as `after`, in the row's
    own region unless another is named."""
    region = region_id if region_id is not None else getattr(obj, "region_id", None)
    return audit_record(actor=actor, action=action, obj=obj, after={**snapshot(obj), **also}, region_id=region)


def audit_saved(
    obj: models.Model, *, actor: object, action: str, before: dict | None = None, region_id: int | None = None, **values: Any
) -> AuditEvent:
    """Set `values` on a row (locked by the caller), save those fields alone and record them as `after` (models as
    their ids), after `before` when given, in the row's own region unless another is named."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values))
    region = region_id if region_id is not None else getattr(obj, "region_id", None)
    return audit_record(actor=actor, action=action, obj=obj, before=before, after=values, region_id=region)


def audit_record_many(events: list[AuditEvent]) -> None:
    _require_transaction()
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def _content(event: AuditEvent) -> dict:
    created = event.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "id": event.pk,
        "created_at": created,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "client_ip": event.client_ip,
        "region_id": event.region_id,
        "seq": event.seq,
    }


def event_hash(event: AuditEvent, prev_hash: str) -> str:
    payload = json.dumps(_content(event), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _write_seals(events: list[AuditEvent]) -> None:
    """The seals of a batch in one executemany (bulk_update's CASE per row costs seconds on thousands of events)."""
    table, pk = AuditEvent._meta.db_table, AuditEvent._meta.pk.column
    connection = connections[router.db_for_write(AuditEvent)]
    quote = connection.ops.quote_name
    sql = f"UPDATE {quote(table)} SET {quote('seq')} = %s, {quote('prev_hash')} = %s, {quote('hash')} = %s WHERE {quote(pk)} = %s"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(e.seq, e.prev_hash, e.hash, e.pk) for e in events])


def audit_seal(*, batch_size: int = 2000) -> int:
    """Chain every committed, unsealed event. Returns how many were sealed. Safe to run concurrently."""
    total = 0
    while True:
        with transaction.atomic():
            AuditChainHead.objects.get_or_create(pk=1)
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            events = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:batch_size])
            if not events:
                return total
            seq, prev = head.last_seq, head.last_hash or GENESIS
            for event in events:
                seq += 1
                event.seq = seq
                event.prev_hash = prev
                # Hash what the database will hand back, so that verification sees the same values.
                event.before = json.loads(json.dumps(event.before)) if event.before is not None else None
                event.after = json.loads(json.dumps(event.after)) if event.after is not None else None
                event.hash = event_hash(event, prev)
                prev = event.hash
            _write_seals(events)
            head.last_seq, head.last_hash, head.sealed_at = seq, prev, timezone.now()
            head.save(update_fields=["last_seq", "last_hash", "sealed_at"])
            transaction.on_commit(functools.partial(anchor_write, seq, prev))
            total += len(events)


# --- The anchor outside the database ----------------------------------------------------------------------------
# The chain head lives in the same database as the events: someone who can delete the last events can also rewind
# the head, and the chain would still verify. So every seal also appends its head (position and hash) to a file
# outside the database, each line signed with an HMAC whose key the database does not hold (RENDA_AUDIT_ANCHOR_KEY,
# by default derived from SECRET_KEY). Verification compares the chain with the last anchored head: an anchored
# position beyond the chain's end, or a different hash at that position, is a break.


def _anchor_path() -> Path | None:
    path = getattr(settings, "RENDA_AUDIT_ANCHOR", "")
    return Path(path) if path else None


def _anchor_key() -> bytes:
    key = getattr(settings, "RENDA_AUDIT_ANCHOR_KEY", "") or ("renda-audit-anchor:" + settings.SECRET_KEY)
    return hashlib.sha256(key.encode()).digest()


def _anchor_mac(seq: int, head_hash: str, at: str) -> str:
    return hmac.new(_anchor_key(), f"{seq}:{head_hash}:{at}".encode(), hashlib.sha256).hexdigest()


def anchor_write(seq: int, head_hash: str) -> None:
    """Append the sealed head to the anchor file (after the seal committed)."""
    path = _anchor_path()
    if path is None:
        return
    at = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = json.dumps({"seq": seq, "hash": head_hash, "at": at, "mac": _anchor_mac(seq, head_hash, at)}, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str


def anchor_read() -> tuple[Anchor | None, str]:
    """The last anchored head, or (None, problem) when the file is missing lines' signatures or order."""
    path = _anchor_path()
    if path is None or not path.exists():
        return None, ""
    last: Anchor | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
            anchor = Anchor(int(entry["seq"]), str(entry["hash"]), str(entry["at"]))
            mac = str(entry["mac"])
        except (ValueError, KeyError, TypeError):
            return last, f"anchor file line {number} is unreadable"
        if not hmac.compare_digest(mac, _anchor_mac(anchor.seq, anchor.hash, anchor.at)):
            return last, f"anchor file line {number} is not signed with the anchor key"
        if last is not None and anchor.seq < last.seq:
            return last, f"anchor file line {number} goes back in the chain"
        last = anchor
    return last, ""


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    unsealed: int
    problem: str = ""
    event_id: int | None = None
    anchored: int = 0


def audit_verify() -> VerifyResult:
    """Walk the sealed chain in order and recompute every hash."""
    head = AuditChainHead.objects.filter(pk=1).first()
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    expected_seq, prev = 0, GENESIS
    anchor, _problem = anchor_read()
    hashes: dict[int, str] = {}
    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        expected_seq += 1
        if event.seq != expected_seq:
            return VerifyResult(False, expected_seq - 1, unsealed, f"missing event at position {expected_seq}", event.pk)
        if event.prev_hash != prev:
            return VerifyResult(False, expected_seq - 1, unsealed, "link to the previous event broken", event.pk)
        if event_hash(event, prev) != event.hash:
            return VerifyResult(False, expected_seq - 1, unsealed, "content does not match its hash", event.pk)
        if anchor is not None and event.seq == anchor.seq:
            hashes[event.seq] = event.hash
        prev = event.hash
    head_seq = head.last_seq if head else 0
    head_hash = (head.last_hash if head else "") or GENESIS
    if expected_seq != head_seq or prev != head_hash:
        return VerifyResult(False, expected_seq, unsealed, "chain end does not match the recorded head")
    anchor, problem = anchor_read()
    if problem:
        return VerifyResult(False, expected_seq, unsealed, problem)
    if anchor is not None:
        if anchor.seq > expected_seq:
            return VerifyResult(
                False, expected_seq, unsealed, f"the chain ends at {expected_seq} but position {anchor.seq} was anchored"
            )
        at_anchor = hashes.get(anchor.seq)
        if at_anchor is not None and at_anchor != anchor.hash:
            return VerifyResult(False, expected_seq, unsealed, f"the event at position {anchor.seq} differs from its anchor")
    return VerifyResult(True, expected_seq, unsealed, anchored=anchor.seq if anchor else 0)


def audit_insert_sql(event: AuditEvent, *, source: str, prefix: str = "audit_") -> tuple[str, dict[str, Any]]:
    """An `INSERT … SELECT … FROM <source> RETURNING 1` statement that writes `event` once per row of `source`
    (a CTE of the caller's single-statement write, e.g. the vote path), with its named parameters.

    The column list comes from the AuditEvent model, so a change of the audit table needs no edit in the
    callers; the before/after values are passed as JSON text and the chain columns start unsealed."""
    columns: list[str] = []
    values: list[str] = []
    params: dict[str, Any] = {}
    for f in AuditEvent._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        if f.attname in {"seq"}:
            values.append("NULL")
            continue
        if f.attname in {"prev_hash", "hash"}:
            values.append("''")
            continue
        value = getattr(event, f.attname)
        if f.attname in {"before", "after"}:
            value = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
        name = f"{prefix}{f.attname}"
        params[name] = value
        values.append(f"%({name})s")
    sql = (
        f"INSERT INTO {AuditEvent._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from the model
        f"SELECT {', '.join(values)} FROM {source} RETURNING 1"
    )
    return sql, params
