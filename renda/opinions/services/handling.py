"""Handling: the station's side routes an opinion to a unit, answers it on the spot, reports it upward, merges it,
declares it outside the remit, records the answer to what was raised or reported, and tells the voter; the unit
it is routed to answers or returns it. Each move: the row locked, the lifecycle's table checked (`OPINION`), a
step and an audit event written; a retried submit changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record
from renda.core.errors import DomainError, NotPermitted
from renda.core.notify import notify
from renda.core.selectors import picked
from renda.core.sms import send_sms
from renda.org.models import Role, Unit
from renda.org.scoping import Scope

from .. import permissions, sms
from ..lifecycles import OPINION
from ..models import Opinion, Status, Step
from ..selectors import routable_units
from .common import _lock, _require_handle, _step, _when, answer_deadline

S = Status
#: a field of `_simple` set to the step's own time
_NOW = object()


def opinion_route(
    *, actor: Actor, scope: Scope, opinion: Opinion, unit: Unit, note: str = "", at: datetime.datetime | None = None
) -> Opinion:
    """Routed to a unit, due by the rules' days from the day it was routed. `at`: when it was routed, for a step
    recorded after the fact (a ledger); then no notice goes to the unit's clerks."""
    _require_handle(scope, opinion)
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status == S.ROUTED and locked.unit_id == unit.pk:
            return locked  # a retried submit
        from_status = OPINION.set_state(locked, "route")
        if not unit.is_active:
            raise DomainError(_("This unit is no longer active."))
        if not (locked.region.path.startswith(unit.region.path) or unit.region.depth <= 1):
            raise DomainError(_("The unit does not serve this area."))
        now = _when(locked, at)
        locked.unit, locked.routed_at = unit, now
        locked.deadline = answer_deadline(routed_on=timezone.localdate(now), category=locked.category, region=locked.region)
        locked.reason = ""
        locked.save(update_fields=["status", "unit", "routed_at", "deadline", "reason"])
        _step(locked, action="route", from_status=from_status, actor=actor, unit=unit, note=note, at=now)
        if at is not None:
            return locked
        clerks = [g.user for g in unit.grants.filter(role=Role.UNIT_CLERK).select_related("user")]
        notify(
            users=clerks,
            kind="opinions.routed",
            title=_("A voter's opinion to answer by %(date)s") % {"date": locked.deadline.isoformat()},
            url=reverse("opinions:opinion_detail", args=[locked.pk]),
            dedupe_key=f"opinions.routed:{locked.pk}:{now:%Y%m%d%H%M%S}",
            event_on=locked.deadline,
        )
    return locked


def _finish_answer(
    locked: Opinion,
    *,
    answer: str,
    actor: Actor,
    action: str,
    from_status: str,
    unit: Unit | None = None,
    at: datetime.datetime | None = None,
) -> None:
    """The answer saved (its status already moved by the caller); a voter with a phone is told by SMS at once —
    unless the answer is recorded after the fact (`at`: a ledger's step), whose telling is its own step."""
    now = _when(locked, at)
    locked.answer, locked.answered_at = answer, now
    locked.answered_on_time = True if locked.deadline is None else timezone.localdate(now) <= locked.deadline
    locked.save(update_fields=["status", "answer", "answered_at", "answered_on_time"])
    _step(locked, action=action, from_status=from_status, actor=actor, unit=unit, note=answer, at=now)
    if locked.phone and at is None:  # the voter is told by SMS at once
        send_sms(locked.phone, sms.ANSWERED, {"code": locked.tracking_code}, region=locked.region, about=locked)
        answered = OPINION.set_state(locked, "tell")
        locked.told_at = now
        locked.save(update_fields=["status", "told_at"])
        _step(locked, action="tell", from_status=answered, actor=actor, note=_("Told by SMS."))


def _answer_text(answer: str) -> str:
    answer = (answer or "").strip()
    if len(answer) < 2:
        raise DomainError(_("Write the answer."))
    return answer


def _answer(
    *,
    actor: Actor,
    opinion: Opinion,
    action: str,
    answer: str,
    scope: Scope | None = None,
    at: datetime.datetime | None = None,
) -> Opinion:
    """Answer on the spot, record the answer, answer as the unit: a retried answer (the same text, already
    answered) changes nothing."""
    with transaction.atomic():
        locked = _lock(opinion)
        if scope is not None and not permissions.can_answer_as_unit(scope, locked):
            raise NotPermitted(hide=True)
        if OPINION.in_group(locked, "answered") and locked.answer == answer:
            return locked
        from_status = OPINION.set_state(locked, action)
        unit = locked.unit if action == "unit_answer" else None
        _finish_answer(locked, answer=answer, actor=actor, action=action, from_status=from_status, unit=unit, at=at)
    return locked


def opinion_answer_on_spot(
    *, actor: Actor, scope: Scope, opinion: Opinion, answer: str, at: datetime.datetime | None = None
) -> Opinion:
    _require_handle(scope, opinion)
    return _answer(actor=actor, opinion=opinion, action="answer_on_spot", answer=_answer_text(answer), at=at)


def opinion_record_answer(
    *, actor: Actor, scope: Scope, opinion: Opinion, answer: str, at: datetime.datetime | None = None
) -> Opinion:
    """The answer to an opinion raised as a suggestion or reported upward, recorded by the station's side."""
    _require_handle(scope, opinion)
    return _answer(actor=actor, opinion=opinion, action="record_answer", answer=_answer_text(answer), at=at)


def _simple(
    *,
    actor: Actor,
    opinion: Opinion,
    action: str,
    note: str = "",
    fields: dict[str, Any] | None = None,
    at: datetime.datetime | None = None,
) -> Opinion:
    """A move that sets the status and a few fields, with its step (at `at`, for a step recorded after the fact)."""
    fields = fields or {}
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status == OPINION.transition(action).target and all(getattr(locked, k) == v for k, v in fields.items()):
            return locked  # a retried submit
        from_status = OPINION.set_state(locked, action)
        now = _when(locked, at)
        for key, value in fields.items():
            setattr(locked, key, now if value is _NOW else value)
        locked.save(update_fields=["status", *fields])
        _step(locked, action=action, from_status=from_status, actor=actor, note=note, at=now)
    return locked


def opinion_report(*, actor: Actor, scope: Scope, opinion: Opinion, note: str, at: datetime.datetime | None = None) -> Opinion:
    """重要情况报告: reported upward to the standing committee."""
    _require_handle(scope, opinion)
    if not (note or "").strip():
        raise DomainError(_("Say what is reported and why."))
    return _simple(actor=actor, opinion=opinion, action="report", note=note.strip(), at=at)


def opinion_out_of_remit(
    *, actor: Actor, scope: Scope, opinion: Opinion, reason: str, at: datetime.datetime | None = None
) -> Opinion:
    _require_handle(scope, opinion)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason why it is outside the remit."))
    return _simple(
        actor=actor, opinion=opinion, action="out_of_remit", note=reason.strip(), fields={"reason": reason.strip()}, at=at
    )


def opinion_merge(*, actor: Actor, scope: Scope, opinion: Opinion, into: Opinion) -> Opinion:
    _require_handle(scope, opinion)
    if into.pk == opinion.pk or into.merged_into_id is not None or into.status == S.MERGED:
        raise DomainError(_("Merge into another opinion that is not itself merged."))
    if into.town_id != opinion.town_id:
        raise DomainError(_("Only opinions of the same town can be merged."))
    return _simple(actor=actor, opinion=opinion, action="merge", note=into.tracking_code, fields={"merged_into": into})


def opinion_raise_as_suggestion(*, actor: Actor, opinion: Opinion, suggestion_ref: str) -> Opinion:
    """Called by the suggestions workflow when a deputy takes the opinion up as a suggestion. The caller has
    checked that the actor may raise it; here only the lifecycle is enforced. Idempotent for the same ref."""
    ref = str(suggestion_ref or "").strip()
    if not ref:
        raise DomainError(_("Name the suggestion."))
    return _simple(actor=actor, opinion=opinion, action="raise_suggestion", note=ref, fields={"suggestion_ref": ref})


def opinion_tell(*, actor: Actor, scope: Scope, opinion: Opinion, note: str = "", at: datetime.datetime | None = None) -> Opinion:
    _require_handle(scope, opinion)
    return _simple(
        actor=actor,
        opinion=opinion,
        action="tell",
        note=note,
        fields={"told_at": _NOW} if opinion.status != S.TOLD else {},
        at=at,
    )


def opinion_unit_answer(
    *, actor: Actor, scope: Scope, opinion: Opinion, answer: str, at: datetime.datetime | None = None
) -> Opinion:
    return _answer(actor=actor, opinion=opinion, action="unit_answer", answer=_answer_text(answer), scope=scope, at=at)


def opinion_unit_return(
    *, actor: Actor, scope: Scope, opinion: Opinion, reason: str, at: datetime.datetime | None = None
) -> Opinion:
    """Not competent: back to the station's officer with a reason."""
    if not (reason or "").strip():
        raise DomainError(_("Give the reason why the unit is not competent."))
    with transaction.atomic():
        locked = _lock(opinion)
        if not permissions.can_answer_as_unit(scope, locked):
            if (
                locked.status == OPINION.transition("unit_return").target
                and Step.objects.filter(opinion=locked, action="unit_return", unit_id__in=scope.unit_ids).exists()
            ):
                return locked  # a retried return
            raise NotPermitted(hide=True)
        unit = locked.unit
        from_status = OPINION.set_state(locked, "unit_return")
        now = _when(locked, at)
        locked.unit, locked.deadline, locked.routed_at, locked.reason = None, None, None, reason.strip()
        locked.save(update_fields=["status", "unit", "deadline", "routed_at", "reason"])
        _step(locked, action="unit_return", from_status=from_status, actor=actor, unit=unit, note=reason.strip(), at=now)
        if locked.station.officer_id and unit is not None and at is None:
            notify(
                users=[locked.station.officer],
                kind="opinions.returned",
                title=_("%(unit)s returned an opinion: %(reason)s") % {"unit": unit.name, "reason": reason.strip()[:80]},
                url=reverse("opinions:opinion_detail", args=[locked.pk]),
                dedupe_key=f"opinions.returned:{locked.pk}:{now:%Y%m%d%H%M%S}",
            )
    return locked


def opinion_act(
    *,
    actor: Actor,
    scope: Scope,
    opinion: Opinion,
    action: str,
    unit_id: int | str | None = None,
    into_id: int | str | None = None,
    note: str = "",
    answer: str = "",
    reason: str = "",
) -> Opinion:
    """One of the handling moves by its name, as the opinion's page and the API post it: the unit to route to and
    the opinion to merge into come as ids. An unknown action is answered as a record that does not exist."""
    if action == "route":
        unit = picked(routable_units(opinion=opinion), unit_id)
        if unit is None:
            raise DomainError(_("Choose a handling unit."))
        return opinion_route(actor=actor, scope=scope, opinion=opinion, unit=unit, note=note)
    if action == "merge":
        into = picked(Opinion.objects.filter(town_id=opinion.town_id), into_id)
        if into is None:
            raise DomainError(_("Choose the opinion to merge into."))
        return opinion_merge(actor=actor, scope=scope, opinion=opinion, into=into)
    if action not in TEXT_MOVES:
        raise NotPermitted(hide=True)
    move, field = TEXT_MOVES[action]
    text = {"answer": answer, "note": note, "reason": reason}[field]
    return move(actor=actor, scope=scope, opinion=opinion, **{field: text})


# The moves that take one text besides the opinion, by action: the service and the name of its text.
TEXT_MOVES: dict[str, tuple[Callable[..., Opinion], str]] = {
    "answer_on_spot": (opinion_answer_on_spot, "answer"),
    "record_answer": (opinion_record_answer, "answer"),
    "unit_answer": (opinion_unit_answer, "answer"),
    "report": (opinion_report, "note"),
    "tell": (opinion_tell, "note"),
    "out_of_remit": (opinion_out_of_remit, "reason"),
    "unit_return": (opinion_unit_return, "reason"),
}


def opinion_reveal_contact(*, actor: Actor, scope: Scope, opinion: Opinion) -> dict[str, str]:
    if not permissions.can_reveal_contact(scope, opinion):
        raise NotPermitted()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="opinion.contact_view",
            obj=opinion,
            after={"fields": ["contact_name", "phone"]},
            region_id=opinion.region_id,
        )
    return {"contact_name": opinion.contact_name, "phone": opinion.phone}
