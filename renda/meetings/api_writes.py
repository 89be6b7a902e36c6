"""The meetings pages' remaining writes as API operations, on the meetings router: planning a meeting and the
mid-year sessions, correcting the record (date, venue, agenda items: until the page is published), the preparatory
meeting, documents, invitations, leave requests, the decision record and the review opinions.

Each calls the same service as its page, with the same scope and audit; a move the state does not allow (a closed
meeting, a published record) is 409 with the reason, bad input 422, nothing changed.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Schema
from ninja.files import UploadedFile
from pydantic import Field

from renda.core.errors import DomainError, NotPermitted
from renda.core.routes import Record, conflicts
from renda.core.schemas import Day, Id
from renda.org.scoping import Scope, scope_allowed, scope_for

from . import permissions, selectors, services
from .api import (
    ERRORS,
    MEETINGS,
    OPINIONS,
    AgendaItemIn,
    MeetingDetailOut,
    MeetingOut,
    ReviewOpinionOut,
    _item,
    _item_fields,
    _meeting_out,
    _unit,
    router,
)
from .models import AgendaItem, Meeting
from .rules import TEXT_MAX

Venue = Annotated[str, Field(max_length=200)]
Short = Annotated[str, Field(max_length=100)]
Reason = Annotated[str, Field(max_length=300)]
LongText = Annotated[str, TEXT_MAX]


def _manages(scope: Scope, m: Meeting) -> bool:
    return permissions.can_manage_meeting(scope, m)


def _managed(scope: Scope, meeting_id: int) -> Meeting:
    """The meeting in scope (404) that the caller runs (403)."""
    m = selectors.meeting_get(scope=scope, pk=meeting_id)
    if not _manages(scope, m):
        raise NotPermitted()
    return m


# An agenda item's writes: the item in scope, its meeting run by the caller, answered as the meeting.
ITEMS = Record(
    scope=scope_for,
    get=selectors.agenda_item_get,
    detail=lambda scope, item: MEETINGS.detail(scope, selectors.meeting_get(scope=scope, pk=item.meeting_id)),
    name="item",
    conflicts=True,
)


def _manages_item(scope: Scope, item: AgendaItem) -> bool:
    return permissions.can_manage_meeting(scope, item.meeting)


# --- planning -------------------------------------------------------------------------------------------------


class MeetingIn(Schema):
    body_id: Id
    start_date: Day
    end_date: Day | None = None
    venue: Venue = ""
    number: Annotated[int, Field(ge=1, le=999)] | None = None


@router.post("/", response={200: MeetingDetailOut, **ERRORS}, summary="Plan a meeting of a body the caller runs")
def meeting_create(request: Any, payload: MeetingIn) -> Any:
    def make(scope: Scope, actor: Any) -> Meeting:
        body = next((b for b in selectors.manageable_bodies(scope=scope) if b.pk == payload.body_id), None)
        if body is None:
            raise Http404
        return services.meeting_create(actor=actor, scope=scope, body=body, **payload.model_dump(exclude={"body_id"}))

    return MEETINGS.create(request, make, allowed=permissions.can_create_meetings)


class RolloutIn(Schema):
    start_date: Day
    venue: Venue = ""


@router.post("/midyear/rollout", response={200: list[MeetingOut], **ERRORS},
             summary="Plan the uniform mid-year session of every town congress in the district (same day, one agenda)")  # fmt: skip
def meeting_rollout(request: Any, payload: RolloutIn) -> Any:
    scope = scope_allowed(request.user, permissions.can_roll_out)
    planned = services.midyear_rollout(actor=request.user, scope=scope, start_date=payload.start_date, venue=payload.venue)
    return [_meeting_out(m) for m in planned]


class CorrectionIn(Schema):
    start_date: Day
    end_date: Day | None = None
    venue: Venue = ""


@router.post("/{meeting_id}/correction", response={200: MeetingDetailOut, **ERRORS},
             summary="Correct a meeting's date and venue (409 once its page is published)")  # fmt: skip
def meeting_correct(request: Any, meeting_id: Id, payload: CorrectionIn) -> Any:
    return MEETINGS.call(request, meeting_id, services.meeting_correct, allowed=_manages, **payload.model_dump())


class PreparatoryIn(Schema):
    presidium_deputy_ids: list[Id] = Field(max_length=200)
    secretary_general_deputy_id: Id | None = None
    start_date: Day | None = None
    venue: Venue = ""
    kind: Annotated[str, Field(max_length=24)] = ""


@router.post("/{meeting_id}/preparatory", response={200: MeetingDetailOut, **ERRORS},
             summary="Plan a congress session's preparatory meeting with the draft list of the session presidium")  # fmt: skip
def preparatory_create(request: Any, meeting_id: Id, payload: PreparatoryIn) -> Any:
    def make(scope: Scope, actor: Any) -> Meeting:
        m = _managed(scope, meeting_id)
        deputies = {d.pk: d for d in selectors.session_deputies(meeting=m)}
        secretary_id = payload.secretary_general_deputy_id
        if any(pk not in deputies for pk in [*payload.presidium_deputy_ids, *([secretary_id] if secretary_id else [])]):
            raise Http404
        return services.preparatory_meeting_create(
            actor=actor,
            scope=scope,
            session=m,
            presidium=[deputies[pk].person for pk in payload.presidium_deputy_ids],
            secretary_general=deputies[secretary_id].person if secretary_id else None,
            start_date=payload.start_date,
            venue=payload.venue,
            kind=payload.kind or None,
        )

    return MEETINGS.create(request, make)


# --- the agenda and documents ---------------------------------------------------------------------------------


@router.put("/items/{item_id}", response={200: MeetingDetailOut, **ERRORS},
            summary="Correct an agenda item (409 once the meeting's page is published)")  # fmt: skip
def agenda_item_edit(request: Any, item_id: Id, payload: AgendaItemIn) -> Any:
    return ITEMS.write(
        request,
        item_id,
        lambda scope, item, actor: services.agenda_item_edit(
            actor=actor, scope=scope, item=item, **_item_fields(item.meeting, payload)
        ),
        allowed=_manages_item,
    )


@router.delete("/items/{item_id}", response={200: MeetingDetailOut, **ERRORS},
               summary="Delete an agenda item entered by mistake (not one with polls, documents, a decision or opinions)")  # fmt: skip
def agenda_item_delete(request: Any, item_id: Id) -> Any:
    scope = scope_for(request.user)
    item = selectors.agenda_item_get(scope=scope, pk=item_id)
    if not _manages_item(scope, item):
        raise NotPermitted()
    with conflicts():
        services.agenda_item_delete(actor=request.user, scope=scope, item=item)
    return MEETINGS.read(request, item.meeting_id)  # the item is gone: its meeting as it is now


class OrderIn(Schema):
    item_ids: list[Id] = Field(max_length=500)


@router.post("/{meeting_id}/items/order", response={200: MeetingDetailOut, **ERRORS},
             summary="Put the agenda in a new order: every item id once (409 once the page is published)")  # fmt: skip
def agenda_reorder(request: Any, meeting_id: Id, payload: OrderIn) -> Any:
    return MEETINGS.call(request, meeting_id, services.agenda_reorder, allowed=_manages, item_ids=payload.item_ids)


class DocumentIn(Schema):
    title: Annotated[str, Field(max_length=200)] = ""
    item_id: Id | None = None


@router.post("/{meeting_id}/documents", response={200: MeetingDetailOut, **ERRORS},
             summary="Upload a document (multipart: title, item_id, file); its content must be of an accepted type")  # fmt: skip
def document_add(request: Any, meeting_id: Id, payload: Form[DocumentIn], file: UploadedFile | None = File(None)) -> Any:  # noqa: B008
    def add(scope: Scope, m: Meeting, actor: Any) -> object:
        if file is None:
            raise DomainError(_("Choose the file to upload."))
        item = None if payload.item_id is None else _item(m, payload.item_id)
        return services.document_add(actor=actor, scope=scope, meeting=m, title=payload.title, file=file, item=item)

    return MEETINGS.write(request, meeting_id, add, allowed=_manages)


# --- attendance -----------------------------------------------------------------------------------------------


class InviteIn(Schema):
    deputy_id: Id
    capacity: Short = ""


class AttendeeOut(Schema):
    person_id: int
    name: str
    role: str
    status: str


def _attendee(a: Any) -> dict[str, Any]:
    return {"person_id": a.person_id, "name": a.person.name, "role": a.role, "status": a.status}


@router.post("/{meeting_id}/invitations", response={200: AttendeeOut, **ERRORS},
             summary="Invite a deputy of the congress to attend without a vote (列席)")  # fmt: skip
def invite(request: Any, meeting_id: Id, payload: InviteIn) -> Any:
    scope = scope_for(request.user)
    m = _managed(scope, meeting_id)
    deputy = selectors.invitable_deputies(meeting=m).filter(pk=payload.deputy_id).first()
    if deputy is None:
        raise Http404
    with conflicts():
        a = services.attendee_invite(actor=request.user, scope=scope, meeting=m, person=deputy.person, capacity=payload.capacity)
    return _attendee(a)


class LeaveIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=300)]


@router.post("/{meeting_id}/leave", response={200: AttendeeOut, **ERRORS},
             summary="Ask for leave of absence from a meeting one is invited to")  # fmt: skip
def leave(request: Any, meeting_id: Id, payload: LeaveIn) -> Any:
    scope = scope_for(request.user)
    m = selectors.meeting_get(scope=scope, pk=meeting_id)
    if selectors.my_attendance(scope=scope, meeting=m) is None:
        raise NotPermitted()
    with conflicts():
        a = services.leave_request(actor=request.user, scope=scope, meeting=m, reason=payload.reason)
    return _attendee(a)


# --- decisions and review opinions ----------------------------------------------------------------------------


class MeetingDecisionIn(Schema):
    text: LongText
    poll_id: Id | None = None


@router.post("/items/{item_id}/decision", response={200: MeetingDetailOut, **ERRORS},
             summary="Record the decision taken on an agenda item (with its published poll)")  # fmt: skip
def decision_add(request: Any, item_id: Id, payload: MeetingDecisionIn) -> Any:
    def record(scope: Scope, item: AgendaItem, actor: Any) -> object:
        poll = None
        if payload.poll_id is not None:
            poll = item.polls.filter(pk=payload.poll_id).first()
            if poll is None:
                raise Http404
        return services.decision_record(actor=actor, scope=scope, item=item, text=payload.text, poll=poll)

    return ITEMS.write(request, item_id, record, allowed=_manages_item)


class ReviewOpinionIn(Schema):
    item_id: Id
    text: LongText
    unit_id: Id | None = None


@router.post("/{meeting_id}/opinions", response={200: ReviewOpinionOut, **ERRORS},
             summary="Draft the review opinions on a report heard, to the reporting unit")  # fmt: skip
def opinion_create(request: Any, meeting_id: Id, payload: ReviewOpinionIn) -> Any:
    def make(scope: Scope, actor: Any) -> object:
        m = _managed(scope, meeting_id)
        item = _item(m, payload.item_id)
        unit = _unit(m, payload.unit_id)
        return services.opinion_create(actor=actor, scope=scope, item=item, text=payload.text, unit=unit)

    return OPINIONS.create(request, make)


class ReviewOpinionActionIn(Schema):
    action: Annotated[str, Field(max_length=24)]
    meeting_id: Id | None = None


@router.post("/opinions/{opinion_id}/actions", response={200: ReviewOpinionOut, **ERRORS},
             summary="Move review opinions: approve (at a directors' meeting), send, schedule (the follow-up meeting), close")  # fmt: skip
def opinion_action(request: Any, opinion_id: Id, payload: ReviewOpinionActionIn) -> Any:
    def move(scope: Scope, o: Any, actor: Any) -> object:
        target = None
        if payload.meeting_id is not None:
            target = selectors.meeting_queryset(scope).select_related("body").filter(pk=payload.meeting_id).first()
            if target is None:
                raise Http404
        return services.opinion_transition(actor=actor, scope=scope, opinion=o, action=payload.action, meeting=target)

    return OPINIONS.write(request, opinion_id, move)


class ReviewReportIn(Schema):
    text: LongText


@router.post("/opinions/{opinion_id}/report", response={200: ReviewOpinionOut, **ERRORS},
             summary="The unit's handling report on the review opinions sent to it")  # fmt: skip
def opinion_report(request: Any, opinion_id: Id, payload: ReviewReportIn) -> Any:
    return OPINIONS.call(
        request, opinion_id, services.opinion_report, allowed=permissions.can_report_on_opinion, text=payload.text
    )
