"""Special inquiries (专题询问) at a standing-committee meeting: the subject and the units answering, each question
and its answer, a satisfaction vote on the answers (a meetings poll, driven through the meetings services as a
system actor on the staff member's behalf) and follow-up items (review opinions on the inquiry's agenda item)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.ordering import next_position
from renda.meetings import permissions as meeting_permissions
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, ReviewOpinion
from renda.org.models import Body, Person, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import INQUIRY
from ..models import Inquiry, InquiryUnit, Question
from ._common import on_behalf_of, required

POLL_ACTIONS = ("start", "finish", "publish")


def inquiry_create(
    *,
    actor: Actor,
    scope: Scope,
    meeting: Meeting,
    subject: str,
    units: Sequence[Unit],
    item: AgendaItem | None = None,
    respondents: dict[int, str] | None = None,
) -> Inquiry:
    """An inquiry on a standing-committee meeting's agenda: on an existing item, or on a new one the meetings
    service adds (the meeting must still be open to changes)."""
    if not permissions.can_create_inquiries(scope) or not meeting_permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if meeting.body.kind != Body.Kind.STANDING_COMMITTEE:
        raise DomainError(_("A special inquiry is held at a standing-committee meeting."))
    subject = required(subject, _("Give the inquiry's subject."))
    units = list({u.pk: u for u in units}.values())
    if not units:
        raise DomainError(_("Choose the units that answer."))
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("That agenda item belongs to another meeting."))
    existing = Inquiry.objects.filter(meeting=meeting, subject=subject).first()
    if existing:
        return existing  # a retried submit
    with transaction.atomic():
        if item is None:
            item = meeting_services.agenda_item_add(
                actor=actor,
                scope=scope,
                meeting=meeting,
                kind=AgendaItem.Kind.OTHER,
                title=_("Special inquiry: %(subject)s") % {"subject": subject},
            )
        if Inquiry.objects.filter(item=item).exists():
            raise DomainError(_("That agenda item already has an inquiry."))
        inquiry = Inquiry.objects.create(
            meeting=meeting, item=item, subject=subject, date=meeting.start_date, region_id=meeting.region_id
        )
        InquiryUnit.objects.bulk_create(
            [InquiryUnit(inquiry=inquiry, unit=u, respondent=(respondents or {}).get(u.pk, "")[:100]) for u in units]
        )
        audit_created(actor=actor, action="supervision.inquiry.create", obj=inquiry, units=[u.pk for u in units])
    return inquiry


def inquiry_transition(*, actor: Actor, scope: Scope, inquiry: Inquiry, action: str) -> Inquiry:
    """hold (the inquiry took place; it needs its questions) → close."""
    if not permissions.can_manage_inquiry(scope, inquiry):
        raise NotPermitted()

    def effects(locked: Inquiry) -> dict[str, Any] | None:
        if action == "hold" and not locked.questions.exists():
            raise DomainError(_("Record the questions asked before marking the inquiry as held."))
        return None

    return INQUIRY.apply(inquiry, action, actor=actor, scope=scope, effects=effects)


def question_add(
    *,
    actor: Actor,
    scope: Scope,
    inquiry: Inquiry,
    asker: Person,
    text: str,
    unit: Unit,
    answerer: str = "",
    answer: str = "",
) -> Question:
    """A question (asked by a member or a deputy attending the meeting) and the answer of an official of an
    answering unit."""
    if not permissions.can_manage_inquiry(scope, inquiry):
        raise NotPermitted()
    text = required(text, _("Write the question."))
    if not inquiry.units.filter(unit=unit).exists():
        raise DomainError(_("The question goes to one of the units answering."))
    if not Attendance.objects.filter(meeting_id=inquiry.meeting_id, person=asker).exists():
        raise DomainError(_("Questions are asked by members or deputies attending the meeting."))
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        if not INQUIRY.in_group(locked, "open"):
            raise InvalidTransition(_("The inquiry is closed."))
        duplicate = Question.objects.filter(inquiry=locked, asker=asker, text=text).first()
        if duplicate:
            return duplicate
        order = next_position(Question.objects.filter(inquiry=locked))
        question = Question.objects.create(
            inquiry=locked,
            order=order,
            asker=asker,
            text=text,
            unit=unit,
            answerer=(answerer or "").strip()[:100],
            answer=(answer or "").strip(),
        )
        audit_record(
            actor=actor, action="supervision.question.add", obj=question, after=snapshot(question), region_id=locked.region_id
        )
    return question


def inquiry_vote(*, actor: Actor, scope: Scope, inquiry: Inquiry, action: str, kind: str = Poll.Kind.SECRET) -> Poll:
    """The satisfaction vote on the answers: `create` puts a satisfaction poll (one option per unit answering) on
    the inquiry's item; `start`, `finish`, `publish` move it. The meetings services do the work, as a system actor
    on the staff member's behalf, once this app has checked that the member runs the meeting."""
    if not permissions.can_manage_inquiry(scope, inquiry):
        raise NotPermitted()
    reason = f"inquiry {inquiry.pk}: satisfaction vote ({action})"
    if action == "create":
        if inquiry.poll_id is not None:
            assert inquiry.poll is not None
            return inquiry.poll
        units = list(inquiry.units.select_related("unit"))
        with transaction.atomic():
            poll: Poll = on_behalf_of(
                meeting_services.poll_create,
                actor,
                reason,
                meeting=inquiry.meeting,
                item=inquiry.item,
                title=_("Satisfaction with the answers: %(subject)s") % {"subject": inquiry.subject},
                kind=kind,
                method=Poll.Method.SATISFACTION,
                options=[(u.unit.name, f"unit:{u.unit_id}") for u in units],
                threshold=Poll.Threshold.HALF_CAST,
            )
            Inquiry.objects.filter(pk=inquiry.pk).update(poll=poll)
            audit_record(
                actor=actor, action="supervision.inquiry.vote", obj=inquiry, after={"poll": poll.pk}, region_id=inquiry.region_id
            )
        return poll
    if action not in POLL_ACTIONS:
        raise InvalidTransition(_("Unknown action."))
    if inquiry.poll is None:
        raise DomainError(_("Set up the satisfaction vote first."))
    result: Poll = on_behalf_of(meeting_services.poll_transition, actor, reason, poll=inquiry.poll, action=action)
    return result


def inquiry_followup_add(*, actor: Actor, scope: Scope, inquiry: Inquiry, unit: Unit, text: str) -> ReviewOpinion:
    """A follow-up item for a unit answering: a review opinion on the inquiry's agenda item, followed in the
    meetings loop (approved, sent, handling report, heard at a later meeting)."""
    if not permissions.can_manage_inquiry(scope, inquiry):
        raise NotPermitted()
    if not InquiryUnit.objects.filter(inquiry=inquiry, unit=unit).exists():
        raise DomainError(_("Follow-up items go to the units that answered."))
    return meeting_services.opinion_create(actor=actor, scope=scope, item=inquiry.item, text=text, unit=unit)
