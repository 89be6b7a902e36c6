"""The supervision API of special inquiries (专题询问) at standing-committee meetings: the questions and answers, the
satisfaction vote and the follow-up items."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from renda.core.lifecycle import actions_payload
from renda.core.routes import fields, page_payload, page_schema
from renda.core.schemas import ERRORS, ActionOut, Id, PageNumber, PageSize
from renda.meetings.lifecycles import POLL
from renda.meetings.models import AgendaItem, Poll
from renda.org.models import Person, Unit
from renda.org.scoping import Scope, record_allowed, scope_for

from .. import permissions, selectors, services
from ..lifecycles import INQUIRY
from ..models import Inquiry
from ._common import SupervisionActionIn, _found, _found_all, _meeting, _post, _user, record, router


class InquiryIn(Schema):
    meeting_id: Id
    subject: str
    unit_ids: list[Id]
    item_id: Id | None = None


class QuestionIn(Schema):
    asker_id: Id
    text: str
    unit_id: Id
    answerer: str = ""
    answer: str = ""


class QuestionOut(Schema):
    order: int
    asker: str
    text: str
    unit: str
    answerer: str
    answer: str


class InquiryVoteIn(Schema):
    action: str  # create, start, finish, publish
    kind: str = Poll.Kind.SECRET


class InquiryPollOut(Schema):
    id: int
    title: str
    state: str
    actions: list[ActionOut]


class FollowupIn(Schema):
    unit_id: Id
    text: str


class FollowupOut(Schema):
    review_opinion_id: int
    state: str


class InquiryOut(Schema):
    id: int
    meeting_id: int
    item_id: int
    subject: str
    date: datetime.date
    state: str
    units: list[str]
    questions: list[QuestionOut]
    poll: InquiryPollOut | None
    followup_ids: list[Id]
    actions: list[ActionOut]


InquiryPage = page_schema("InquiryPage", InquiryOut)


def _inquiry_out(scope: Scope, i: Inquiry) -> dict[str, Any]:
    manage = permissions.can_manage_inquiry(scope, i)
    poll = i.poll
    return {
        "id": i.pk,
        **fields(i, "meeting_id", "item_id", "subject", "date", "state"),
        "units": [u.unit.name for u in i.units.select_related("unit")],
        "questions": [
            {
                "order": q.order,
                "asker": q.asker.name,
                "text": q.text,
                "unit": q.unit.name,
                "answerer": q.answerer,
                "answer": q.answer,
            }
            for q in i.questions.select_related("asker", "unit")
        ],
        "poll": {
            "id": poll.pk,
            "title": poll.title,
            "state": poll.state,
            "actions": actions_payload(POLL.available(poll, scope) if manage else []),
        }
        if poll is not None
        else None,
        "followup_ids": list(i.item.opinions.values_list("pk", flat=True)),
        "actions": actions_payload(INQUIRY.available(i, scope)),
    }


INQUIRY_ROUTES = record(selectors.inquiry_get, _inquiry_out, "inquiry", InquiryOut)


@router.get("/inquiries", response={200: InquiryPage, **ERRORS}, summary="Special inquiries the caller may see")
def inquiries(request: HttpRequest, page: PageNumber = 1, page_size: PageSize = 50) -> dict[str, Any]:
    scope = scope_for(request.user)
    qs = selectors.inquiry_list(scope=scope).select_related("item", "poll")
    return page_payload(qs, page, page_size, lambda i: _inquiry_out(scope, i))


@router.get("/inquiries/{inquiry_id}", response={200: InquiryOut, **ERRORS}, summary="One special inquiry")
def inquiry(request: HttpRequest, inquiry_id: Id) -> dict[str, Any]:
    return INQUIRY_ROUTES.read(request, inquiry_id)


@INQUIRY_ROUTES.post("/inquiries", "A special inquiry at a standing-committee meeting")
def inquiry_create(request: HttpRequest, payload: InquiryIn) -> dict[str, Any]:
    def create(scope: Scope, actor: Any) -> Inquiry:
        meeting = _meeting(scope, payload.meeting_id)
        units = _found_all(selectors.units_for(scope=scope), payload.unit_ids, _("Unknown unit."))
        items = AgendaItem.objects.filter(meeting=meeting)
        item = _found(items, payload.item_id, _("agenda item")) if payload.item_id else None
        return services.inquiry_create(actor=actor, scope=scope, meeting=meeting, subject=payload.subject, units=units, item=item)

    return INQUIRY_ROUTES.create(request, create, allowed=permissions.can_create_inquiries)


@INQUIRY_ROUTES.post("/inquiries/{inquiry_id}/actions", "hold, close")
def inquiry_action(request: HttpRequest, inquiry_id: Id, payload: SupervisionActionIn) -> dict[str, Any]:
    return INQUIRY_ROUTES.call(request, inquiry_id, services.inquiry_transition, action=payload.action)


def _inquiry_unit(i: Inquiry, pk: int) -> Unit:
    """One of the units the inquiry questions, named in a body (422 otherwise)."""
    return _found(Unit.objects.filter(pk__in=i.units.values("unit_id")), pk, _("unit"))


@INQUIRY_ROUTES.post("/inquiries/{inquiry_id}/questions", "A question and its answer")
def question_add(request: HttpRequest, inquiry_id: Id, payload: QuestionIn) -> dict[str, Any]:
    def add(scope: Scope, i: Inquiry, actor: Any) -> None:
        asker = _found(Person.objects.all(), payload.asker_id, _("person"))
        unit = _inquiry_unit(i, payload.unit_id)
        data = payload.dict(exclude={"asker_id", "unit_id"})
        services.question_add(actor=actor, scope=scope, inquiry=i, asker=asker, unit=unit, **data)

    return INQUIRY_ROUTES.write(request, inquiry_id, add, allowed=permissions.can_manage_inquiry)


@INQUIRY_ROUTES.post("/inquiries/{inquiry_id}/vote", "The satisfaction vote: create, start, finish, publish")
def inquiry_vote(request: HttpRequest, inquiry_id: Id, payload: InquiryVoteIn) -> dict[str, Any]:
    return INQUIRY_ROUTES.call(request, inquiry_id, services.inquiry_vote, **payload.dict())


@_post("/inquiries/{inquiry_id}/followups", FollowupOut, "A follow-up item (a review opinion)")
def inquiry_followup(request: HttpRequest, inquiry_id: Id, payload: FollowupIn) -> dict[str, Any]:
    scope, i = record_allowed(request.user, selectors.inquiry_get, inquiry_id, permissions.can_manage_inquiry)
    unit = _inquiry_unit(i, payload.unit_id)
    o = services.inquiry_followup_add(actor=_user(request), scope=scope, inquiry=i, unit=unit, text=payload.text)
    return {"review_opinion_id": o.pk, "state": o.state}
