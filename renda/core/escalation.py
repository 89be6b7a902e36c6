"""Reminders before a deadline and escalation after it (issue #14), as rules of each workflow.

A workflow registers its ladder as a rule (data, overridable per region like every rule): a list of steps
`{"key": "overdue", "days": 1, "to": ["unit", "office"]}` where `days` counts from the deadline (negative: before
it) and `to` names who hears — `unit` (the unit's clerks), `unit_leader` (the leader answerable for the unit's
handling), `officer` (the liaison officer of the station the item came in at), `office` (the congress office or town
staff), `supervising_leader` (the congress leader who supervises).
The workflow's daily job finds its open items and calls `escalate()` for each; the step the item has reached today
(the latest of the ladder) is sent once per item, step and deadline (an `Escalation` row, unique), with one notice
per recipient dated by the deadline and an audit event on the item — a second run the same day, or the next day
on the same step, sends nothing. An item found late (a ledger brought in years later) gets the step it is on, not
every step it has passed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction

from .actors import system
from .audit import audit_record
from .models import Escalation, User
from .notify import notify
from .rules import RuleDefinition, register, value

_M = TypeVar("_M", bound=models.Model)
RECIPIENTS = ("unit", "unit_leader", "officer", "office", "supervising_leader")


@dataclass(frozen=True)
class Step:
    key: str
    days: int
    to: tuple[str, ...]


def register_ladder(key: str, reminders: str, *, who: str, **steps: tuple[int, str]) -> RuleDefinition:
    """A workflow's ladder registered as its rule: each step by its key as (days from the deadline, who hears: names
    of `RECIPIENTS` separated by spaces), in order; `reminders` says what the reminders are about and `who` what each
    recipient is in this workflow (both go into the rule's description)."""
    default = []
    for step, (days, to) in steps.items():
        unknown = set(to.split()) - set(RECIPIENTS)
        if unknown:
            raise ValueError(f"{key}: no such recipient {sorted(unknown)}")
        default.append({"key": step, "days": days, "to": to.split()})
    return register(key, default, f"{reminders}: days from the deadline (negative: before), and who hears — {who}")


def ladder(rule_key: str, *, region_path: str = "") -> list[Step]:
    """The steps of a rule's ladder for a region, in order of their day; malformed entries are skipped."""
    steps = []
    for raw in value(rule_key, region_path=region_path) or []:
        if not isinstance(raw, dict) or not str(raw.get("key", "")).strip():
            continue
        try:
            days = int(raw.get("days", 0))
        except (TypeError, ValueError):
            continue
        to = tuple(r for r in raw.get("to", []) if r in RECIPIENTS)
        steps.append(Step(str(raw["key"]).strip()[:40], days, to))
    return sorted(steps, key=lambda s: s.days)


def ladder_horizon(rule: Any) -> int:
    """How many days ahead of a deadline the earliest reminder of any region's ladder for `rule` comes (the default
    and every region's override), so a daily job reads only the items that may have reached a step."""
    from .models import Rule

    values = [rule.default, *Rule.objects.filter(key=rule.key).values_list("value", flat=True)]
    days = [int(step.get("days", 0)) for v in values if isinstance(v, list) for step in v if isinstance(step, dict)
            and str(step.get("days", "0")).lstrip("-").isdigit()]  # fmt: skip
    return max([0, *(-d for d in days)])


def unsent(items: Iterable[tuple[_M, Step, datetime.date]]) -> Iterator[tuple[_M, Step, datetime.date]]:
    """The (item, step, deadline) triples whose step has not been sent yet, read 500 at a time: a daily job over many
    open items does one query per 500 of them for the steps already sent, not one per item."""
    batch: list[tuple[_M, Step, datetime.date]] = []

    def flush() -> Iterator[tuple[_M, Step, datetime.date]]:
        sent = set(
            Escalation.objects.filter(item__in=[item_key(o) for o, _s, _d in batch]).values_list("item", "step", "due_on")
        )
        yield from ((o, s, d) for o, s, d in batch if (item_key(o), s.key, d) not in sent)
        batch.clear()

    for triple in items:
        batch.append(triple)
        if len(batch) >= 500:
            yield from flush()
    if batch:
        yield from flush()


def step_on(steps: list[Step], *, due_on: datetime.date, today: datetime.date) -> Step | None:
    """The step reached today: the latest whose day has come — a reminder only while the deadline is ahead."""
    reached = None
    for step in steps:
        if due_on + datetime.timedelta(days=step.days) > today:
            break
        if step.days < 0 and today >= due_on:
            continue  # past the deadline, a reminder before it no longer applies
        reached = step
    return reached


def item_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def escalate(
    *,
    obj: models.Model,
    step: Step,
    due_on: datetime.date,
    today: datetime.date,
    recipients: Mapping[str, tuple[Iterable[User], str]],
    kind: str,
    title: str,
    url: str,
    region_id: int | None = None,
) -> int:
    """Send `step` for `obj` once: a notice to everyone the step names (`recipients[name]` = the users and the item
    they hear of it once about, e.g. the office once per suggestion, not once per unit), audited on `obj`. Returns
    the notices written (0 when the step was sent before)."""
    item = item_key(obj)
    with transaction.atomic():
        row, created = Escalation.objects.get_or_create(
            item=item, step=step.key, due_on=due_on, defaults={"region_id": region_id, "sent_on": today}
        )
        if not created:
            return 0
        sent, told = 0, []
        for name in step.to:
            users, about = recipients.get(name, ((), item))
            n = notify(users=users, kind=f"{kind}.{step.key}", title=title, url=url, event_on=due_on,
                       dedupe_key=f"escalation.{about}.{step.key}.{due_on:%Y%m%d}")  # fmt: skip
            sent += n
            told.append({"to": name, "notices": n})
        row.recipients = sent
        row.save(update_fields=["recipients"])
        after: dict[str, Any] = {
            "step": step.key,
            "days": step.days,
            "due_on": due_on.isoformat(),
            "sent_on": today.isoformat(),
            "told": told,
        }
        audit_record(
            actor=system(f"daily job: {kind} {step.key}"), action=f"{kind}.escalation", obj=obj, after=after, region_id=region_id
        )
    return sent


def climb(
    *,
    rule: Any,
    items: Iterable[_M],
    today: datetime.date,
    kind: str,
    due_on: Callable[[_M], datetime.date | None],
    region_path: Callable[[_M], str],
    recipients: Callable[[_M, Step], Mapping[str, tuple[Iterable[User], str]]],
    title: Callable[[_M, Step, datetime.date], str],
    url: Callable[[_M], str],
    region_id: Callable[[_M], int | None] = lambda obj: getattr(obj, "region_id", None),
) -> int:
    """A daily job's whole run: each open item (a queryset filtered to what is still awaited, with a deadline up to
    `ladder_horizon(rule)` days ahead; streamed) is sent the step of its region's ladder it has reached today, once.
    Returns the notices written; a second run the same day writes none."""
    ladders: dict[str, list[Step]] = {}

    def reached() -> Iterator[tuple[_M, Step, datetime.date]]:
        for obj in items.iterator(chunk_size=500) if isinstance(items, models.QuerySet) else items:
            due = due_on(obj)
            if due is None:
                continue
            path = region_path(obj)
            if path not in ladders:  # one read of the rule per region, not per item
                ladders[path] = ladder(rule.key, region_path=path)
            step = step_on(ladders[path], due_on=due, today=today)
            if step is not None:
                yield obj, step, due

    sent = 0
    for obj, step, due in unsent(reached()):
        sent += escalate(obj=obj, step=step, due_on=due, today=today, recipients=recipients(obj, step), kind=kind,
                         title=title(obj, step, today), url=url(obj), region_id=region_id(obj))  # fmt: skip
    return sent
