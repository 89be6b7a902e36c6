"""Unit handling: accept or return a part, a co-unit's opinion, contact with the deputy, the answer and its follow-up."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted, required_text
from renda.core.sms import send_sms
from renda.org.models import Person
from renda.org.scoping import Scope

from .. import documents, permissions, sms
from .. import rules as srules
from ..lifecycles import ASSIGNMENT, COSIGNER, SUGGESTION
from ..models import Answer, Assignment, ContactRecord, Suggestion
from .common import (
    SUGGESTION_FIELDS,
    _audit,
    _lock,
    _save,
    _tell,
    _today,
    _when,
    deputy_users,
    reviewers_of,
    unit_clerks,
    validate_file,
)


def _unit_lock(scope: Scope, assignment: Assignment) -> tuple[Suggestion, Assignment]:
    """The suggestion and the unit's part, both locked (the suggestion first, as every service does)."""
    if not permissions.can_act_for_unit(scope, assignment):
        raise NotPermitted()
    locked = _lock(assignment.suggestion)
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    return locked, a


def assignment_accept(
    *, actor: Actor, scope: Scope, assignment: Assignment, on: datetime.date | None = None, at: datetime.datetime | None = None
) -> Assignment:
    day = _when(on, at, after=assignment.assigned_on)
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment)
        if ASSIGNMENT.in_group(a, "accepted"):
            return a
        ASSIGNMENT.check(a, "accept")
        SUGGESTION.require(locked, "with_units")
        ASSIGNMENT.set_state(a, "accept")
        a.accepted_on = day
        a.save(update_fields=["status", "accepted_on"])
        audit_record(actor=actor, action="suggestion.unit_accept", obj=locked, after={"unit": a.unit.name, "role": a.role},
                     region_id=locked.region_id)  # fmt: skip
    return a


def assignment_return(
    *, actor: Actor, scope: Scope, assignment: Assignment, reason: str, on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Assignment:  # fmt: skip
    """Not competent: returned within the rule's days; a returned lead sends the suggestion back to the office (`at`:
    the real time of a past return, not before the part was assigned; the rule's days count up to its day)."""
    reason = required_text(reason, _("Give the reason why your unit is not competent."))
    day = _when(on, at, after=assignment.assigned_on)
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment)
        if ASSIGNMENT.done(a, "return"):
            return a
        ASSIGNMENT.check(a, "return")
        SUGGESTION.check(locked, "unit_return")
        if day > a.return_due:
            raise DomainError(
                _("The time to return it ended on %(date)s; ask the office to reassign it.") % {"date": a.return_due.isoformat()}
            )
        before = snapshot(locked, SUGGESTION_FIELDS)
        ASSIGNMENT.set_state(a, "return")
        a.returned_on, a.return_reason = day, reason
        a.save(update_fields=["status", "returned_on", "return_reason"])
        if a.role == Assignment.Role.LEAD:  # a co-unit's return leaves the suggestion with the others
            SUGGESTION.set_state(locked, "unit_return")
            locked.lead_unit = None
            _save(locked)
            title = _("%(unit)s returned suggestion %(number)s") % {"unit": a.unit.name, "number": locked.number}
            _tell(reviewers_of(locked), locked, "returned", title, on=day, body=reason, per=a.pk)
        _audit(actor, "unit_return", locked, before, unit=a.unit.name, role=a.role, reason=reason)
    return a


def co_opinion_send(
    *, actor: Actor, scope: Scope, assignment: Assignment, opinion: str, on: datetime.date | None = None
) -> Assignment:
    opinion = required_text(opinion, _("Write the opinion for the lead unit."))
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment)
        if a.role != Assignment.Role.CO:
            raise InvalidTransition(_("Only a co-unit sends an opinion to the lead unit."))
        if ASSIGNMENT.done(a, "opinion") and a.opinion == opinion:
            return a
        action = "revise_opinion" if ASSIGNMENT.can(a, "revise_opinion") else "opinion"
        ASSIGNMENT.check(a, action)
        SUGGESTION.require(locked, "with_units")
        ASSIGNMENT.set_state(a, action)
        a.opinion, a.opinion_on = opinion, _today(on)
        a.accepted_on = a.accepted_on or a.opinion_on
        a.save(update_fields=["status", "opinion", "opinion_on", "accepted_on"])
        audit_record(
            actor=actor, action="suggestion.co_opinion", obj=locked, after={"unit": a.unit.name}, region_id=locked.region_id
        )
        if locked.lead_unit_id:
            title = _("%(unit)s sent its opinion on suggestion %(number)s") % {"unit": a.unit.name, "number": locked.number}
            _tell(unit_clerks([locked.lead_unit_id]), locked, "co_opinion", title, on=a.opinion_on, per=a.pk)
    return a


def contact_record_add(
    *, actor: Actor, scope: Scope, assignment: Assignment, contacted_on: datetime.date, method: str, summary: str
) -> ContactRecord:
    summary = required_text(summary, _("Say what was discussed."))
    if method not in ContactRecord.Method.values:
        raise DomainError(_("Choose how the deputy was contacted."))
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment)
        if a.role != Assignment.Role.LEAD:
            raise InvalidTransition(_("Contact records are kept by the lead unit."))
        ASSIGNMENT.require(a, "live")
        SUGGESTION.require(locked, "contactable")
        if contacted_on < a.assigned_on or contacted_on > timezone.localdate() + datetime.timedelta(days=1):
            raise DomainError(_("The date must be between the assignment and today."))
        existing = ContactRecord.objects.filter(assignment=a, contacted_on=contacted_on, method=method, summary=summary).first()
        if existing:
            return existing
        record = ContactRecord.objects.create(
            suggestion=locked, assignment=a, contacted_on=contacted_on, method=method, summary=summary,
            created_by=user_of(actor),
        )  # fmt: skip
        audit_record(actor=actor, action="suggestion.contact", obj=locked, after=snapshot(record, ["contacted_on", "method"]),
                     region_id=locked.region_id)  # fmt: skip
    return record


def _recipients(locked: Suggestion) -> list[int]:
    confirmed = locked.cosigners.filter(status__in=COSIGNER.group("confirmed")).values_list("person_id", flat=True)
    return [locked.author_person_id, *confirmed]


def answer_submit(
    *,
    actor: Actor,
    scope: Scope,
    assignment: Assignment,
    outcome: str,
    text: str,
    reason: str = "",
    follow_up_on: datetime.date | None = None,
    letter_pdf: bytes | None = None,
    letter_name: str = "",
    on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Answer:
    """The lead unit's answer: an uploaded PDF letter or a Word letter generated with the unit head's name.

    Sent to the deputy and every co-signer (notice and SMS). Refused if the suggestion was reassigned first. `at`:
    the real time of a past answer (not before the part was accepted or assigned)."""
    day = _when(on, at, after=assignment.accepted_on or assignment.assigned_on)
    text, reason = (text or "").strip(), (reason or "").strip()
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment)
        latest = locked.answers.order_by("-round").first()
        if (
            SUGGESTION.done(locked, "answer")
            and latest
            and latest.assignment_id == a.pk
            and latest.text == text
            and latest.outcome == outcome
        ):
            return latest  # a retried submit
        if a.role != Assignment.Role.LEAD:
            raise InvalidTransition(_("Only the lead unit answers; a co-unit sends its opinion to the lead unit."))
        ASSIGNMENT.require(a, "live")
        SUGGESTION.check(locked, "answer")
        table = srules.outcome_table(locked.region)
        if outcome not in table:
            raise DomainError(_("Choose one of the listed outcomes."))
        if len(text) < 10:
            raise DomainError(_("Write out the answer (at least 10 characters)."))
        if table[outcome].get("reason") and not reason:
            raise DomainError(_("This outcome needs the reasons."))
        if table[outcome].get("follow_up"):
            if follow_up_on is None or follow_up_on <= day:
                raise DomainError(_("This outcome needs a later date by which the unit answers again."))
        else:
            follow_up_on = None
        if letter_pdf is not None:
            validate_file(letter_pdf, region=locked.region, pdf=True, name=letter_name)
        rehandled = SUGGESTION.in_group(locked, "rehandling")
        kind = Answer.Kind.REHANDLED if rehandled else Answer.Kind.ANSWER
        due = locked.rehandle_due if rehandled else locked.answer_due
        assert due is not None  # set when it was assigned (or sent back for re-handling)
        answer = _write_answer(actor, locked, a, kind, outcome, table[outcome]["label"], text, reason, follow_up_on,
                               letter_pdf, letter_name, day, due)  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        if ASSIGNMENT.can(a, "accept"):  # answered without accepting first
            ASSIGNMENT.set_state(a, "accept")
            a.accepted_on = day
            a.save(update_fields=["status", "accepted_on"])
        SUGGESTION.set_state(locked, "answer")
        locked.follow_up_due = follow_up_on
        _save(locked)
        _audit(actor, "answer", locked, before, round=answer.round, outcome=outcome, kind=kind)
    return answer


def _write_answer(
    actor: Actor, locked: Suggestion, a: Assignment, kind: str, outcome: str, outcome_label: str, text: str, reason: str,
    follow_up_on: datetime.date | None, letter_pdf: bytes | None, letter_name: str, day: datetime.date, due: datetime.date,
) -> Answer:  # fmt: skip
    """The letter (the unit's PDF, or a Word letter generated with the unit head's name), the answer row of the next
    round, and the notices and SMS to the deputy and the co-signers."""
    round_no = (locked.answers.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    unit = a.unit
    if letter_pdf is not None:
        data, letter_kind, ext = letter_pdf, Answer.LetterKind.PDF, "pdf"
    else:
        cosigners = list(locked.cosigners.filter(status__in=COSIGNER.group("confirmed")).values_list("person__name", flat=True))
        data = documents.answer_letter(
            suggestion=locked, unit=unit, outcome_label=f"{outcome} {outcome_label}", text=text, reason=reason,
            answered_on=day, cosigner_names=cosigners, follow_up_on=follow_up_on,
            kind_label={"answer": "答复", "rehandled": "再次答复", "follow_up": "续办答复"}[kind],
        )  # fmt: skip
        letter_kind, ext = Answer.LetterKind.DOCX, "docx"
    answer = Answer.objects.create(
        suggestion=locked, assignment=a, unit=unit, round=round_no, kind=kind, outcome=outcome, outcome_reason=reason,
        text=text, letter=ContentFile(data, name=f"{locked.number}-{round_no}.{ext}"), letter_kind=letter_kind,
        signed_by=f"{unit.head_title} {unit.head_name}".strip(), answered_on=day, due_on=due, follow_up_on=follow_up_on,
        created_by=user_of(actor),
    )  # fmt: skip
    recipients = _recipients(locked)
    title = _("%(unit)s answered suggestion %(number)s") % {"unit": unit.name, "number": locked.number}
    _tell(deputy_users(recipients), locked, "answered", title, on=day, per=answer.pk)
    for phone in Person.objects.filter(pk__in=recipients).exclude(phone="").values_list("phone", flat=True):
        send_sms(phone, sms.ANSWERED, {"number": locked.number, "unit": unit.name}, region=locked.region, about=locked)
    return answer


def answer_follow_up(
    *, actor: Actor, scope: Scope, assignment: Assignment, text: str, letter_pdf: bytes | None = None, letter_name: str = "",
    on: datetime.date | None = None,
) -> Answer:  # fmt: skip
    """A planned (B) item answered again once solved."""
    day = _today(on)
    text = (text or "").strip()
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment)
        if a.role != Assignment.Role.LEAD or not ASSIGNMENT.in_group(a, "live"):
            raise InvalidTransition(_("Only the lead unit answers."))
        SUGGESTION.require(locked, "answer_stands")
        if locked.follow_up_due is None:
            raise InvalidTransition(_("No follow-up answer is due for this suggestion."))
        if len(text) < 10:
            raise DomainError(_("Write out the answer (at least 10 characters)."))
        if letter_pdf is not None:
            validate_file(letter_pdf, region=locked.region, pdf=True, name=letter_name)
        table = srules.outcome_table(locked.region)
        solved = next(code for code, o in table.items() if not o.get("follow_up") and not o.get("reason"))
        answer = _write_answer(actor, locked, a, Answer.Kind.FOLLOW_UP, solved, table[solved]["label"], text, "", None,
                               letter_pdf, letter_name, day, locked.follow_up_due)  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.follow_up_due = None
        _save(locked)
        _audit(actor, "follow_up", locked, before, round=answer.round)
    return answer
