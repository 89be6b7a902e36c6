"""The meetings pages' remaining writes as API operations, on the meetings router: planning a meeting and the
mid-year sessions, correcting the record (date, venue, agenda items: until the page is published), the preparatory
meeting, documents, invitations, leave requests, the decision record and the review opinions.

Each calls the same service as its page, with the same scope and audit; a move the state does not allow (a closed
meeting, a published record) is 409 with the reason, bad input 422, nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.schemas import Day, Id
from renda.org.scoping import scope_for

from . import permissions, selectors, services
from .api import ERRORS, AgendaItemIn, MeetingDetailOut, MeetingOut, OpinionOut, _meeting_out, _opinion_out, meeting, router
from .models import AgendaItem
from .rules import TEXT_MAX

R = TypeVar("R")
Venue = Annotated[str, Field(max_length=200)]
Short = Annotated[str, Field(max_length=100)]
Reason = Annotated[str, Field(max_length=300)]
LongText = Annotated[str, TEXT_MAX]


def _conflict_or(call: Callable[[], R]) -> R | Status:
    """The service's answer, or 409 with the reason for a move the record's state does not allow."""
    try:
        return call()
    except InvalidTransition as exc:
        return Status(409, {"detail": " ".join(exc.messages)})


def _managed(request: Any, meeting_id: int) -> tuple[Any, Any]:
    scope = scope_for(request.user)
    m = selectors.meeting_get(scope=scope, pk=meeting_id)
    if not permissions.can_manage_meeting(scope, m):
        raise NotPermitted()
    return scope, m


def _managed_item(request: Any, item_id: int) -> tuple[Any, AgendaItem]:
    scope = scope_for(request.user)
    item = selectors.agenda_item_get(scope=scope, pk=item_id)
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    return scope, item


def _unit(m: Any, unit_id: int | None) -> Any:
    if unit_id is None:
        return None
    unit = selectors.units_for(meeting=m).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


# --- planning -------------------------------------------------------------------------------------------------


class MeetingIn(Schema):
    body_id: Id
    start_date: Day
    end_date: Day | None = None
    venue: Venue = ""
    number: Annotated[int, Field(ge=1, le=999)] | None = None


@router.post("/", response={200: MeetingDetailOut, **ERRORS}, summary="Plan a meeting of a body the caller runs")
def meeting_create(request: Any, payload: MeetingIn) -> Any:
    scope = scope_for(request.user)
    if not permissions.can_create_meetings(scope):
        raise NotPermitted()
    body = next((b for b in selectors.manageable_bodies(scope=scope) if b.pk == payload.body_id), None)
    if body is None:
        raise Http404
    m = services.meeting_create(actor=request.user, scope=scope, body=body, start_date=payload.start_date,
                                end_date=payload.end_date, venue=payload.venue, number=payload.number)  # fmt: skip
    return meeting(request, m.pk)


class RolloutIn(Schema):
    start_date: Day
    venue: Venue = ""


@router.post("/midyear/rollout", response={200: list[MeetingOut], **ERRORS},
             summary="Plan the uniform mid-year session of every town congress in the district (same day, one agenda)")  # fmt: skip
def meeting_rollout(request: Any, payload: RolloutIn) -> Any:
    scope = scope_for(request.user)
    if not permissions.can_roll_out(scope):
        raise NotPermitted()
    planned = services.midyear_rollout(actor=request.user, scope=scope, start_date=payload.start_date, venue=payload.venue)
    return [_meeting_out(m) for m in planned]


class CorrectionIn(Schema):
    start_date: Day
    end_date: Day | None = None
    venue: Venue = ""


@router.post("/{meeting_id}/correction", response={200: MeetingDetailOut, **ERRORS},
             summary="Correct a meeting's date and venue (409 once its page is published)")  # fmt: skip
def meeting_correct(request: Any, meeting_id: Id, payload: CorrectionIn) -> Any:
    scope, m = _managed(request, meeting_id)
    return _conflict_or(
        lambda: (
            services.meeting_correct(
                actor=request.user,
                scope=scope,
                meeting=m,
                start_date=payload.start_date,
                end_date=payload.end_date,
                venue=payload.venue,
            )  # fmt: skip
            and meeting(request, meeting_id)
        )
    )


class PreparatoryIn(Schema):
    presidium_deputy_ids: list[Id] = Field(max_length=200)
    secretary_general_deputy_id: Id | None = None
    start_date: Day | None = None
    venue: Venue = ""
    kind: Annotated[str, Field(max_length=24)] = ""


@router.post("/{meeting_id}/preparatory", response={200: MeetingDetailOut, **ERRORS},
             summary="Plan a congress session's preparatory meeting with the draft list of the session presidium")  # fmt: skip
def preparatory_create(request: Any, meeting_id: Id, payload: PreparatoryIn) -> Any:
    scope, m = _managed(request, meeting_id)
    deputies = {d.pk: d for d in selectors.session_deputies(meeting=m)}
    wanted = [
        *payload.presidium_deputy_ids,
        *([payload.secretary_general_deputy_id] if payload.secretary_general_deputy_id else []),
    ]
    if any(pk not in deputies for pk in wanted):
        raise Http404
    secretary = deputies[payload.secretary_general_deputy_id].person if payload.secretary_general_deputy_id else None
    prep = _conflict_or(
        lambda: services.preparatory_meeting_create(
            actor=request.user,
            scope=scope,
            session=m,
            presidium=[deputies[pk].person for pk in payload.presidium_deputy_ids],
            secretary_general=secretary,
            start_date=payload.start_date,
            venue=payload.venue,
            kind=payload.kind or None,
        )  # fmt: skip
    )
    return prep if isinstance(prep, Status) else meeting(request, prep.pk)


# --- the agenda and documents ---------------------------------------------------------------------------------


@router.put("/items/{item_id}", response={200: MeetingDetailOut, **ERRORS},
            summary="Correct an agenda item (409 once the meeting's page is published)")  # fmt: skip
def agenda_item_edit(request: Any, item_id: Id, payload: AgendaItemIn) -> Any:
    scope, item = _managed_item(request, item_id)
    unit = _unit(item.meeting, payload.reporting_unit_id)
    return _conflict_or(
        lambda: (
            services.agenda_item_edit(
                actor=request.user,
                scope=scope,
                item=item,
                kind=payload.kind,
                title=payload.title,
                reporting_unit=unit,
                reporter=payload.reporter,
            )  # fmt: skip
            and meeting(request, item.meeting_id)
        )
    )


@router.delete("/items/{item_id}", response={200: MeetingDetailOut, **ERRORS},
               summary="Delete an agenda item entered by mistake (not one with polls, documents, a decision or opinions)")  # fmt: skip
def agenda_item_delete(request: Any, item_id: Id) -> Any:
    scope, item = _managed_item(request, item_id)
    return _conflict_or(
        lambda: services.agenda_item_delete(actor=request.user, scope=scope, item=item) and meeting(request, item.meeting_id)
    )


class OrderIn(Schema):
    item_ids: list[Id] = Field(max_length=500)


@router.post("/{meeting_id}/items/order", response={200: MeetingDetailOut, **ERRORS},
             summary="Put the agenda in a new order: every item id once (409 once the page is published)")  # fmt: skip
def agenda_reorder(request: Any, meeting_id: Id, payload: OrderIn) -> Any:
    scope, m = _managed(request, meeting_id)
    return _conflict_or(
        lambda: (
            services.agenda_reorder(actor=request.user, scope=scope, meeting=m, item_ids=payload.item_ids)
            and meeting(request, meeting_id)
        )
    )


class DocumentIn(Schema):
    title: Annotated[str, Field(max_length=200)] = ""
    item_id: Id | None = None


@router.post("/{meeting_id}/documents", response={200: MeetingDetailOut, **ERRORS},
             summary="Upload a document (multipart: title, item_id, file); its content must be of an accepted type")  # fmt: skip
def document_add(request: Any, meeting_id: Id, payload: Form[DocumentIn], file: UploadedFile | None = File(None)) -> Any:  # noqa: B008
    scope, m = _managed(request, meeting_id)
    if file is None:
        raise DomainError(_("Choose the file to upload."))
    item = None
    if payload.item_id is not None:
        item = m.items.filter(pk=payload.item_id).first()
        if item is None:
            raise Http404
    return _conflict_or(
        lambda: (
            services.document_add(actor=request.user, scope=scope, meeting=m, title=payload.title, file=file, item=item)
            and meeting(request, meeting_id)
        )
    )


# --- attendance -----------------------------------------------------------------------------------------------


class InviteIn(Schema):
    deputy_id: Id
    capacity: Short = ""


class AttendeeOut(Schema):
    person_id: int
    name: str
    role: str
    status: str


@router.post("/{meeting_id}/invitations", response={200: AttendeeOut, **ERRORS},
             summary="Invite a deputy of the congress to attend without a vote (列席)")  # fmt: skip
def invite(request: Any, meeting_id: Id, payload: InviteIn) -> Any:
    scope, m = _managed(request, meeting_id)
    deputy = selectors.invitable_deputies(meeting=m).filter(pk=payload.deputy_id).first()
    if deputy is None:
        raise Http404
    a = _conflict_or(
        lambda: services.attendee_invite(
            actor=request.user, scope=scope, meeting=m, person=deputy.person, capacity=payload.capacity
        )
    )
    if isinstance(a, Status):
        return a
    return {"person_id": a.person_id, "name": deputy.person.name, "role": a.role, "status": a.status}


class LeaveIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=300)]


@router.post("/{meeting_id}/leave", response={200: AttendeeOut, **ERRORS},
             summary="Ask for leave of absence from a meeting one is invited to")  # fmt: skip
def leave(request: Any, meeting_id: Id, payload: LeaveIn) -> Any:
    scope = scope_for(request.user)
    m = selectors.meeting_get(scope=scope, pk=meeting_id)
    if selectors.my_attendance(scope=scope, meeting=m) is None:
        raise NotPermitted()
    a = _conflict_or(lambda: services.leave_request(actor=request.user, scope=scope, meeting=m, reason=payload.reason))
    if isinstance(a, Status):
        return a
    return {"person_id": a.person_id, "name": a.person.name, "role": a.role, "status": a.status}


# --- decisions and review opinions ----------------------------------------------------------------------------


class DecisionIn(Schema):
    text: LongText
    poll_id: Id | None = None


@router.post("/items/{item_id}/decision", response={200: MeetingDetailOut, **ERRORS},
             summary="Record the decision taken on an agenda item (with its published poll)")  # fmt: skip
def decision_add(request: Any, item_id: Id, payload: DecisionIn) -> Any:
    scope, item = _managed_item(request, item_id)
    poll = None
    if payload.poll_id is not None:
        poll = item.polls.filter(pk=payload.poll_id).first()
        if poll is None:
            raise Http404
    return _conflict_or(
        lambda: (
            services.decision_record(actor=request.user, scope=scope, item=item, text=payload.text, poll=poll)
            and meeting(request, item.meeting_id)
        )
    )


class OpinionIn(Schema):
    item_id: Id
    text: LongText
    unit_id: Id | None = None


@router.post("/{meeting_id}/opinions", response={200: OpinionOut, **ERRORS},
             summary="Draft the review opinions on a report heard, to the reporting unit")  # fmt: skip
def opinion_create(request: Any, meeting_id: Id, payload: OpinionIn) -> Any:
    scope, m = _managed(request, meeting_id)
    item = m.items.filter(pk=payload.item_id).first()
    if item is None:
        raise Http404
    unit = _unit(m, payload.unit_id)
    o = services.opinion_create(actor=request.user, scope=scope, item=item, text=payload.text, unit=unit)
    return _opinion_out(scope, selectors.opinion_get(scope=scope, pk=o.pk))


class OpinionActionIn(Schema):
    action: Annotated[str, Field(max_length=24)]
    meeting_id: Id | None = None


@router.post("/opinions/{opinion_id}/actions", response={200: OpinionOut, **ERRORS},
             summary="Move review opinions: approve (at a directors' meeting), send, schedule (the follow-up meeting), close")  # fmt: skip
def opinion_action(request: Any, opinion_id: Id, payload: OpinionActionIn) -> Any:
    scope = scope_for(request.user)
    o = selectors.opinion_get(scope=scope, pk=opinion_id)
    target = None
    if payload.meeting_id is not None:
        target = selectors.meeting_queryset(scope).select_related("body").filter(pk=payload.meeting_id).first()
        if target is None:
            raise Http404
    return _conflict_or(
        lambda: (
            services.opinion_transition(actor=request.user, scope=scope, opinion=o, action=payload.action, meeting=target)
            and _opinion_out(scope, selectors.opinion_get(scope=scope, pk=opinion_id))
        )
    )


class ReportIn(Schema):
    text: LongText


@router.post("/opinions/{opinion_id}/report", response={200: OpinionOut, **ERRORS},
             summary="The unit's handling report on the review opinions sent to it")  # fmt: skip
def opinion_report(request: Any, opinion_id: Id, payload: ReportIn) -> Any:
    scope = scope_for(request.user)
    o = selectors.opinion_get(scope=scope, pk=opinion_id)
    if not permissions.can_report_on_opinion(scope, o):
        raise NotPermitted()
    return _conflict_or(
        lambda: (
            services.opinion_report(actor=request.user, scope=scope, opinion=o, text=payload.text)
            and _opinion_out(scope, selectors.opinion_get(scope=scope, pk=opinion_id))
        )
    )
