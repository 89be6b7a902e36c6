"""Office review: accept, refuse, merge a duplicate, assign to units, reassign, extend a hard case."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.actors import Actor
from renda.core.audit import snapshot
from renda.core.errors import DomainError, required_text
from renda.org.models import Unit
from renda.org.scoping import Scope

from .. import rules as srules
from ..lifecycles import ASSIGNMENT, SUGGESTION
from ..models import Assignment, Suggestion
from .common import SUGGESTION_FIELDS, _audit, _lock, _review, _rule, _save, _tell, _when, deputy_users, unit_clerks


def suggestion_accept(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, on: datetime.date | None = None, at: datetime.datetime | None = None
) -> Suggestion:
    _review(scope, suggestion)
    day = _when(on, at, after=suggestion.submitted_on)
    return _decide(actor, suggestion, "accept", day, told=_("Your suggestion %(number)s has been accepted"))


def suggestion_refuse(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, reason: str, on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Suggestion:  # fmt: skip
    _review(scope, suggestion)
    reason = required_text(reason, _("Give the reason why the suggestion is not accepted."))
    day = _when(on, at, after=suggestion.submitted_on)
    return _decide(actor, suggestion, "refuse", day, told=_("Your suggestion %(number)s was not accepted"), reason=reason)


def _decide(actor: Actor, suggestion: Suggestion, action: str, day: datetime.date, *, told: str, reason: str = "") -> Suggestion:
    """The office's decision on a submitted suggestion, `accept` or `refuse` (with the reason: the suggestion is then
    closed), and its deputy told. Once the decision is made, a retry returns the suggestion as it is."""
    with transaction.atomic():
        locked = _lock(suggestion)
        if SUGGESTION.done(locked, action):
            return locked
        SUGGESTION.check(locked, action)
        before = snapshot(locked, SUGGESTION_FIELDS)
        SUGGESTION.set_state(locked, action)
        if action == "refuse":
            locked.review_reason, locked.closed_on = reason, day
            locked.accepted_on = locked.accepted_on or day
        else:
            locked.accepted_on = day
        _save(locked)
        _audit(actor, action, locked, before)
        _tell_author(locked, "accepted" if action == "accept" else "refused", told % {"number": locked.number}, day, body=reason)
    return locked


def _tell_author(suggestion: Suggestion, kind: str, title: str, on: datetime.date, body: str = "") -> None:
    """The deputy who made the suggestion is told (once) what the office decided, dated by the decision's day."""
    _tell(deputy_users([suggestion.author_person_id]), suggestion, kind, title, on=on, body=body)


def suggestion_merge(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, target: Suggestion, on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Suggestion:  # fmt: skip
    """A duplicate is merged into another suggestion and handled there; its deputy is told which one (`at`: the real
    time of a past merge, not before either was submitted)."""
    _review(scope, suggestion)
    day = _when(on, at, after=max([d for d in (suggestion.submitted_on, target.submitted_on) if d], default=None))
    if target.pk == suggestion.pk:
        raise DomainError(_("A suggestion cannot be merged into itself."))
    with transaction.atomic():
        locked = _lock(suggestion)
        if SUGGESTION.done(locked, "merge") and locked.merged_into_id == target.pk:
            return locked
        SUGGESTION.check(locked, "merge")
        target = Suggestion.objects.select_for_update().get(pk=target.pk)
        if (
            target.congress_id != locked.congress_id
            or SUGGESTION.in_group(target, "hidden_from_staff")
            or SUGGESTION.in_group(target, "set_aside")
        ):
            raise DomainError(_("Merge only into an accepted suggestion of the same congress."))
        before = snapshot(locked, SUGGESTION_FIELDS)
        SUGGESTION.set_state(locked, "merge")
        locked.merged_into = target
        locked.closed_on = day
        _save(locked)
        _audit(actor, "merge", locked, before, into=target.number)
        title = _("Your suggestion %(number)s is handled together with %(other)s")
        _tell_author(locked, "merged", title % {"number": locked.number, "other": target.number}, day)
    return locked


def _withdraw(parts: QuerySet[Assignment]) -> None:
    """Take the live ones of these parts away from their units (the office assigns anew): one UPDATE."""
    move = ASSIGNMENT.transition("withdraw")
    parts.filter(status__in=move.sources).update(status=move.target)


def _units_ok(scope: Scope, lead: Unit, co_units: Iterable[Unit]) -> list[Unit]:
    co = [u for u in dict.fromkeys(co_units) if u.pk != lead.pk]
    for unit in [lead, *co]:
        if not unit.is_active:
            raise DomainError(_("%(unit)s is not an active unit.") % {"unit": unit.name})
    return co


def _make_assignments(locked: Suggestion, lead: Unit, co: list[Unit], day: datetime.date) -> None:
    """The parts of a suggestion just moved to the units: the lead's deadline and the co-units', from `day`."""
    answer_months = _rule(srules.HARD_MONTHS if locked.is_hard else srules.ANSWER_MONTHS, locked)
    co_months = _rule(srules.CO_UNIT_MONTHS, locked)
    return_due = rules.add_days(day, _rule(srules.RETURN_DAYS, locked))
    locked.assigned_on = day
    locked.answer_due = rules.add_months(day, answer_months)
    locked.lead_unit = lead
    rows = [
        Assignment(suggestion=locked, unit=lead, region_id=locked.region_id, role=Assignment.Role.LEAD, assigned_on=day,
                   due_on=locked.answer_due, return_due=return_due, suggestion_state=locked.state)
    ] + [
        Assignment(suggestion=locked, unit=u, region_id=locked.region_id, role=Assignment.Role.CO, assigned_on=day,
                   due_on=rules.add_months(day, co_months), return_due=return_due, suggestion_state=locked.state)
        for u in co
    ]  # fmt: skip
    Assignment.objects.bulk_create(rows)
    title = _("Suggestion %(number)s assigned to your unit: %(title)s") % {"number": locked.number, "title": locked.title}
    once = f"{locked.pk}.{day.isoformat()}.{lead.pk}"  # once per assignment (its day and lead unit)
    for row in rows:  # each unit's clerks, dated by the day its part is due
        _tell(unit_clerks([row.unit_id]), locked, "assigned", title, on=row.due_on, per=once)


def suggestion_assign(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, lead: Unit, co_units: Iterable[Unit] = (), on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Suggestion:  # fmt: skip
    """Accept (if not yet) and assign to one lead unit and any co-units; deadlines from the rules, counted from today
    (or from `at`, the real time of a past assignment)."""
    _review(scope, suggestion)
    day = _when(on, at, after=suggestion.accepted_on or suggestion.submitted_on)
    with transaction.atomic():
        locked = _lock(suggestion)
        if SUGGESTION.done(locked, "assign") and locked.lead_unit_id == lead.pk:
            return locked
        SUGGESTION.check(locked, "assign")
        co = _units_ok(scope, lead, co_units)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.accepted_on = locked.accepted_on or day
        # After a unit returned it, the other live parts stay; the new lead gets a fresh deadline.
        live_units = set(locked.assignments.filter(status__in=ASSIGNMENT.group("live")).values_list("unit_id", flat=True))
        if lead.pk in live_units:
            _withdraw(locked.assignments.filter(unit=lead))
            live_units.discard(lead.pk)
        SUGGESTION.set_state(locked, "assign")
        _make_assignments(locked, lead, [u for u in co if u.pk not in live_units], day)
        _save(locked)
        _audit(actor, "assign", locked, before, lead=lead.name, co=[u.name for u in co])
    return locked


def suggestion_reassign(
    *,
    actor: Actor,
    scope: Scope,
    suggestion: Suggestion,
    lead: Unit,
    co_units: Iterable[Unit] = (),
    reason: str,
    on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Suggestion:
    """Withdraw the current units and assign anew. Loses against an answer already given (the row is locked). `at`:
    the real time of a past reassignment (not before the last assignment); the new deadline counts from its day."""
    _review(scope, suggestion)
    reason = required_text(reason, _("Give the reason for the reassignment."))
    day = _when(on, at, after=suggestion.assigned_on or suggestion.accepted_on or suggestion.submitted_on)
    with transaction.atomic():
        locked = _lock(suggestion)
        SUGGESTION.check(locked, "reassign")
        co = _units_ok(scope, lead, co_units)
        before = snapshot(locked, SUGGESTION_FIELDS)
        _withdraw(locked.assignments.all())
        SUGGESTION.set_state(locked, "reassign")
        _make_assignments(locked, lead, co, day)
        _save(locked)
        _audit(actor, "reassign", locked, before, lead=lead.name, co=[u.name for u in co], reason=reason)
    return locked


def suggestion_extend(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, consent: str, on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Suggestion:  # fmt: skip
    """A hard case: the answer deadline becomes the rule's longer period from assignment, with the consent recorded
    (`at`: the real time of a past extension, not before the assignment)."""
    _review(scope, suggestion)
    consent = required_text(consent, _("Record who consented to the extension and how."))
    day = _when(on, at, after=suggestion.assigned_on)
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.is_hard:
            return locked
        SUGGESTION.check(locked, "extend")
        before = snapshot(locked, SUGGESTION_FIELDS)
        SUGGESTION.set_state(locked, "extend")
        locked.is_hard, locked.extension_consent, locked.extended_on = True, consent, day
        assert locked.assigned_on is not None  # an assigned suggestion has its date
        locked.answer_due = rules.add_months(locked.assigned_on, _rule(srules.HARD_MONTHS, locked))
        locked.assignments.filter(role=Assignment.Role.LEAD, status__in=ASSIGNMENT.group("live")).update(due_on=locked.answer_due)
        locked.save(update_fields=["extension_consent"])
        _save(locked)
        _audit(actor, "extend", locked, before, consent=consent)
    return locked
