"""The suggestions API: submission, co-signing, feedback, unit actions, public reads (form-encoded writes).

Every endpoint goes through the same selectors and services as the pages; out-of-scope records answer 404.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Form, Query, Router, Schema

from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.paging import LargePaginator
from renda.core.schemas import ERRORS, ActionOut, ErrorOut
from renda.meetings.models import Meeting
from renda.org.models import Deputy
from renda.org.scoping import ANONYMOUS, scope_for

from . import permissions, selectors, services
from .lifecycles import ASSIGNMENT, COSIGNER, SUGGESTION
from .models import Period, State

router = Router(tags=["suggestions"])


class AnswerOut(Schema):
    id: int
    round: int
    kind: str
    unit: str
    outcome: str
    text: str
    answered_on: datetime.date
    due_on: datetime.date
    on_time: bool


class SuggestionOut(Schema):
    id: int
    number: str
    title: str
    category: str
    state: str
    deputy: str
    congress: str
    submitted_on: datetime.date | None
    lead_unit: str | None
    answer_due: datetime.date | None
    is_key: bool
    is_public: bool


class SuggestionDetailOut(SuggestionOut):
    text: str
    period: str
    meeting_id: int | None
    meeting: str
    cosigners: list[str]
    answers: list[AnswerOut]
    actions: list[ActionOut]


class SuggestionPage(Schema):
    count: int
    count_is_estimate: bool = False
    page: int
    page_size: int
    items: list[SuggestionOut]


class AssignmentOut(Schema):
    id: int
    suggestion_id: int
    number: str
    title: str
    role: str
    status: str
    assigned_on: datetime.date
    due_on: datetime.date
    return_due: datetime.date


class AssignmentDetailOut(AssignmentOut):
    actions: list[ActionOut]


class ListQuery(Schema):
    state: str = ""
    category: str = ""
    unit: int | None = None
    year: int | None = None
    key: str = ""
    mine: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


class CreateIn(Schema):
    title: str
    text: str
    category: str
    period: str = Period.RECESS
    meeting_id: int | None = None
    cosigner_deputy_ids: list[int] = []
    client_token: str = ""
    submit: bool = True
    opinion_id: int | None = None


class CosignIn(Schema):
    confirm: bool = True


class FeedbackIn(Schema):
    process: str = ""
    result: str | None = None
    comment: str = ""


class ReasonIn(Schema):
    reason: str = ""


class OpinionIn(Schema):
    opinion: str = ""


class ContactIn(Schema):
    contacted_on: datetime.date | None = None
    method: str = ""
    summary: str = ""


class AnswerIn(Schema):
    outcome: str = ""
    text: str = ""
    reason: str = ""
    follow_up_on: datetime.date | None = None


def _out(s) -> dict:
    return {
        "id": s.pk, "number": s.number, "title": s.title, "category": s.category, "state": s.state,
        "deputy": s.author_person.name, "congress": s.congress.name, "submitted_on": s.submitted_on,
        "lead_unit": s.lead_unit.name if s.lead_unit else None, "answer_due": s.answer_due, "is_key": s.is_key,
        "is_public": s.is_public,
    }  # fmt: skip


def _answer_out(a) -> dict:
    return {"id": a.pk, "round": a.round, "kind": a.kind, "unit": a.unit.name, "outcome": a.outcome, "text": a.text,
            "answered_on": a.answered_on, "due_on": a.due_on, "on_time": a.on_time}  # fmt: skip


def _meeting_out(s) -> dict:
    return {"period": s.period, "meeting_id": s.meeting_id, "meeting": s.meeting.title if s.meeting_id else s.meeting_name}


def _detail(scope, s) -> dict:
    parts = selectors.suggestion_parts(scope=scope, suggestion=s)
    confirmed = [c.person.name for c in parts["cosigners"] if COSIGNER.in_group(c, "confirmed")]
    return {**_out(s), **_meeting_out(s), "text": s.text, "cosigners": confirmed,
            "answers": [_answer_out(a) for a in parts["answers"]],
            "actions": actions_payload(SUGGESTION.available(s, scope))}  # fmt: skip


def _page(qs, page: int, page_size: int) -> dict:
    """One page with the count of the large-list paginator (exact up to its cap, else PostgreSQL's estimate)."""
    paginator = LargePaginator(qs, page_size)
    rows = paginator.page(page).object_list if page <= paginator.num_pages else []
    return {"count": paginator.count, "count_is_estimate": paginator.is_estimate, "page": page, "page_size": page_size,
            "items": [_out(s) for s in rows]}  # fmt: skip


# --- Public reads (no login) ------------------------------------------------------------------------------------
@router.get("/public", auth=None, response={200: SuggestionPage}, summary="Published suggestions (no login)")
def public_list(request, page: int = 1, page_size: int = 50):
    qs = selectors.public_list()
    page_size, page = max(1, min(page_size, 200)), max(1, page)
    return _page(qs, page, page_size)


@router.get("/public/{suggestion_id}", auth=None, response={200: SuggestionDetailOut, 404: ErrorOut},
            summary="A published suggestion with its answers; deputy names, never contact details")  # fmt: skip
def public_detail(request, suggestion_id: int):
    s = selectors.public_get(pk=suggestion_id)
    cosigners = [c.person.name for c in s.cosigners.filter(status__in=COSIGNER.group("confirmed")).select_related("person")]
    return {
        **_out(s),
        **_meeting_out(s),
        "text": s.text,
        "cosigners": cosigners,
        "answers": [_answer_out(a) for a in selectors.public_answers(s)],
        "actions": actions_payload(SUGGESTION.available(s, ANONYMOUS)),  # the public may read, not act
    }


# --- Reads ----------------------------------------------------------------------------------------------------------
@router.get("/", response={200: SuggestionPage, **ERRORS}, summary="Suggestions the caller may see")
def suggestion_list(request, filters: Query[ListQuery]):
    scope = scope_for(request.user)
    data = filters.dict(exclude={"page", "page_size"})
    qs = selectors.suggestion_list(scope=scope, filters=selectors.SuggestionFilters(**{k: v for k, v in data.items() if v}))
    page_size, page = max(1, min(filters.page_size, 200)), max(1, filters.page)
    return _page(qs, page, page_size)


@router.get("/inbox", response={200: list[AssignmentOut], **ERRORS}, summary="The caller's unit's parts to handle")
def inbox(request, due: str = "", role: str = ""):
    scope = scope_for(request.user)
    qs = selectors.inbox(scope=scope, filters=selectors.InboxFilters(due=due, role=role))[:500]
    return [
        {"id": a.pk, "suggestion_id": a.suggestion_id, "number": a.suggestion.number, "title": a.suggestion.title, "role": a.role,
         "status": a.status, "assigned_on": a.assigned_on, "due_on": a.due_on, "return_due": a.return_due}
        for a in qs
    ]  # fmt: skip


@router.get("/{suggestion_id}", response={200: SuggestionDetailOut, **ERRORS}, summary="One suggestion (404 outside scope)")
def suggestion_detail(request, suggestion_id: int):
    scope = scope_for(request.user)
    return _detail(scope, selectors.suggestion_get(scope=scope, pk=suggestion_id))


# --- Deputy writes ----------------------------------------------------------------------------------------------
@router.post("/", response={200: SuggestionDetailOut, **ERRORS}, summary="Submit (or save as a draft) a suggestion")
def suggestion_create(request, payload: Form[CreateIn]):
    scope = scope_for(request.user)
    if not permissions.can_submit(scope):
        raise NotPermitted()
    opinion = selectors.raisable_opinion_get(scope=scope, pk=payload.opinion_id) if payload.opinion_id else None
    mandate = selectors.submitting_mandate(scope=scope, opinion=opinion)
    if mandate is None:
        raise NotPermitted()
    cosigners = list(Deputy.objects.filter(pk__in=payload.cosigner_deputy_ids))
    if len(cosigners) != len(set(payload.cosigner_deputy_ids)):
        raise DomainError("Unknown co-signer.")
    meeting = None
    if payload.meeting_id is not None:
        # Only the sessions of the deputy's own congress: anything else is refused without naming it.
        meeting = Meeting.objects.filter(pk=payload.meeting_id, body_id=mandate.congress_id).first()
        if meeting is None:
            raise DomainError(_("Choose one of the meetings of %(congress)s.") % {"congress": mandate.congress.name})
    s = services.suggestion_create(
        actor=request.user, scope=scope, author=mandate, title=payload.title, text=payload.text, category=payload.category,
        period=payload.period, meeting=meeting, cosigners=cosigners, client_token=payload.client_token,
        submit=payload.submit, opinion=opinion,
    )  # fmt: skip
    return _detail(scope, selectors.suggestion_get(scope=scope, pk=s.pk))


@router.post("/{suggestion_id}/cosign", response={200: SuggestionDetailOut, **ERRORS}, summary="Confirm or decline co-signing")
def cosign(request, suggestion_id: int, payload: Form[CosignIn]):
    scope = scope_for(request.user)
    s = selectors.suggestion_get(scope=scope, pk=suggestion_id)
    services.cosign_respond(actor=request.user, scope=scope, suggestion=s, confirm=payload.confirm)
    return _detail(scope, selectors.suggestion_get(scope=scope, pk=s.pk))


@router.post("/{suggestion_id}/feedback", response={200: SuggestionDetailOut, **ERRORS}, summary="The deputy's satisfaction")
def feedback(request, suggestion_id: int, payload: Form[FeedbackIn]):
    scope = scope_for(request.user)
    s = selectors.suggestion_get(scope=scope, pk=suggestion_id)
    services.feedback_give(actor=request.user, scope=scope, suggestion=s, process=payload.process, result=payload.result,
                           comment=payload.comment)  # fmt: skip
    return _detail(scope, selectors.suggestion_get(scope=scope, pk=s.pk))


# --- Unit writes ------------------------------------------------------------------------------------------------
def _mine(request, suggestion_id: int, role: str | None = None):
    scope = scope_for(request.user)
    s = selectors.suggestion_get(scope=scope, pk=suggestion_id)
    return scope, s, selectors.unit_part(scope=scope, suggestion=s, role=role)


@router.post("/{suggestion_id}/unit/accept", response={200: AssignmentDetailOut, **ERRORS}, summary="The unit accepts its part")
def unit_accept(request, suggestion_id: int):
    scope, s, a = _mine(request, suggestion_id)
    a = services.assignment_accept(actor=request.user, scope=scope, assignment=a)
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/return", response={200: AssignmentDetailOut, **ERRORS}, summary="Return as not competent")
def unit_return(request, suggestion_id: int, payload: Form[ReasonIn]):
    scope, s, a = _mine(request, suggestion_id)
    a = services.assignment_return(actor=request.user, scope=scope, assignment=a, reason=payload.reason)
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/opinion", response={200: AssignmentDetailOut, **ERRORS}, summary="A co-unit's opinion")
def unit_opinion(request, suggestion_id: int, payload: Form[OpinionIn]):
    scope, s, a = _mine(request, suggestion_id, "co")
    a = services.co_opinion_send(actor=request.user, scope=scope, assignment=a, opinion=payload.opinion)
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/contact", response={200: AssignmentDetailOut, **ERRORS}, summary="Record contact with the deputy")
def unit_contact(request, suggestion_id: int, payload: Form[ContactIn]):
    scope, s, a = _mine(request, suggestion_id, "lead")
    if payload.contacted_on is None:
        raise DomainError("Give the date.")
    services.contact_record_add(actor=request.user, scope=scope, assignment=a, contacted_on=payload.contacted_on,
                                method=payload.method, summary=payload.summary)  # fmt: skip
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/answer", response={200: AnswerOut, **ERRORS},
             summary="The lead unit's answer (a Word letter generated with the unit head's name)")  # fmt: skip
def unit_answer(request, suggestion_id: int, payload: Form[AnswerIn]):
    scope, s, a = _mine(request, suggestion_id, "lead")
    answer = services.answer_submit(actor=request.user, scope=scope, assignment=a, outcome=payload.outcome, text=payload.text,
                                    reason=payload.reason, follow_up_on=payload.follow_up_on)  # fmt: skip
    return _answer_out(answer)


def _assignment_out(scope, a, s) -> dict:
    return {"id": a.pk, "suggestion_id": s.pk, "number": s.number, "title": s.title, "role": a.role, "status": a.status,
            "assigned_on": a.assigned_on, "due_on": a.due_on, "return_due": a.return_due,
            "actions": actions_payload(ASSIGNMENT.available(a, scope))}  # fmt: skip


__all__ = ["router", "Http404", "State"]
