"""The suggestions API: submission, co-signing, feedback, unit actions, public reads (form-encoded writes).

Every endpoint goes through the same selectors and services as the pages; out-of-scope records answer 404.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.paging import LargePaginator
from renda.core.routes import Record, conflicts, found, named
from renda.core.schemas import ERRORS, ActionOut, Day, ErrorOut, Id, PageNumber, PageSize, Year
from renda.meetings.models import Meeting
from renda.org.models import Body, Deputy, Person
from renda.org.scoping import ANONYMOUS, scope_allowed, scope_for
from renda.org.selectors import unit_queryset

from . import permissions, selectors, services
from .lifecycles import ASSIGNMENT, COSIGNER, SUGGESTION
from .models import Period, State
from .rules import ANSWER_MAX, NOTE_MAX, TEXT_MAX

router = Router(tags=["suggestions"])

# the shared answers, and 409 for a move the suggestion's (or the unit's part's) state does not allow
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}


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


class SuggestionListQuery(Schema):
    state: str = ""
    category: str = ""
    unit: Id | None = None
    year: Year | None = None
    key: str = ""
    mine: str = ""
    field: str = Field("", max_length=1, description="1: only the categories of the caller's committee's field")
    q: str = ""
    page: PageNumber = 1
    page_size: PageSize = 50


class SuggestionFields(Schema):
    """A suggestion's own fields, as the deputy writes them (a new suggestion, a draft's correction)."""

    title: str = Field(max_length=200)
    text: Annotated[str, TEXT_MAX]
    category: str = Field(max_length=40)
    period: str = Period.RECESS
    meeting_id: Id | None = None


class CreateIn(SuggestionFields):
    cosigner_deputy_ids: list[Id] = []
    client_token: str = Field("", max_length=64)
    submit: bool = True
    opinion_id: Id | None = None


class CosignIn(Schema):
    confirm: bool = True


class SuggestionFeedbackIn(Schema):
    process: str = Field("", max_length=20)
    result: str | None = Field(None, max_length=20)
    comment: Annotated[str, NOTE_MAX] = ""


class ReasonIn(Schema):
    reason: Annotated[str, NOTE_MAX] = ""


class SuggestionOpinionIn(Schema):
    opinion: Annotated[str, NOTE_MAX] = ""


class SuggestionContactIn(Schema):
    contacted_on: Day | None = None
    method: str = Field("", max_length=20)
    summary: Annotated[str, NOTE_MAX] = ""


class AnswerIn(Schema):
    outcome: str = Field("", max_length=20)
    text: Annotated[str, ANSWER_MAX] = ""
    reason: Annotated[str, NOTE_MAX] = ""
    follow_up_on: Day | None = None


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


# A suggestion's writes (core.routes): in the caller's scope, 409 for a move its (or its part's) state does not allow.
SUGGESTIONS = Record(scope=scope_for, get=selectors.suggestion_get, detail=_detail, name="suggestion", conflicts=True)


def _write(path, summary):
    """A write on a suggestion, answered with the suggestion as it now stands (409 where its state does not allow it)."""
    return router.post(path, response={200: SuggestionDetailOut, **WRITE_ERRORS}, summary=summary)


def _page(qs, page: int, page_size: int) -> dict:
    """One page with the count of the large-list paginator (exact up to its cap, else PostgreSQL's estimate)."""
    paginator = LargePaginator(qs, page_size)
    rows = paginator.page(page).object_list if page <= paginator.num_pages else []
    return {"count": paginator.count, "count_is_estimate": paginator.is_estimate, "page": page, "page_size": page_size,
            "items": [_out(s) for s in rows]}  # fmt: skip


# --- Public reads (no login) ------------------------------------------------------------------------------------
@router.get("/public", auth=None, response={200: SuggestionPage}, summary="Published suggestions (no login)")
def public_list(request, page: PageNumber = 1, page_size: PageSize = 50):
    qs = selectors.public_list()
    page_size, page = max(1, min(page_size, 200)), max(1, page)
    return _page(qs, page, page_size)


@router.get("/public/{suggestion_id}", auth=None, response={200: SuggestionDetailOut, 404: ErrorOut},
            summary="A published suggestion with its answers; deputy names, never contact details")  # fmt: skip
def public_detail(request, suggestion_id: Id):
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
def suggestion_list(request, filters: Query[SuggestionListQuery]):
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
def suggestion_detail(request, suggestion_id: Id):
    return SUGGESTIONS.read(request, suggestion_id)


# --- Deputy writes ----------------------------------------------------------------------------------------------
@router.post("/", response={200: SuggestionDetailOut, **ERRORS}, summary="Submit (or save as a draft) a suggestion")
def suggestion_create(request, payload: Form[CreateIn]):
    scope = scope_allowed(request.user, permissions.can_submit)
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
def cosign(request, suggestion_id: Id, payload: Form[CosignIn]):
    """A co-signer who declines no longer sees the suggestion: the answer (and a retried decline's) is what they
    were asked to sign, as it was put to them — never what became of it afterwards."""
    scope = scope_for(request.user)
    try:
        s = selectors.suggestion_get(scope=scope, pk=suggestion_id)
    except Http404:
        s = selectors.declined_cosign_get(scope=scope, pk=suggestion_id)  # a retried decline (else 404)
    services.cosign_respond(actor=request.user, scope=scope, suggestion=s, confirm=payload.confirm)
    try:
        return _detail(scope, selectors.suggestion_get(scope=scope, pk=s.pk))
    except Http404:
        return _as_asked(selectors.declined_cosign_get(scope=scope, pk=s.pk))


def _as_asked(s) -> dict:
    """The suggestion as it was put to a co-signer: its text and author, before any review, unit or answer."""
    state = s.state if SUGGESTION.in_group(s, "cosignable") else State.SUBMITTED  # it went on without them
    return {**_out(s), **_meeting_out(s), "state": state, "lead_unit": None, "answer_due": None, "is_key": False,
            "is_public": False, "text": s.text, "cosigners": [], "answers": [], "actions": []}  # fmt: skip


@router.post("/{suggestion_id}/feedback", response={200: SuggestionDetailOut, **ERRORS}, summary="The deputy's satisfaction")
def feedback(request, suggestion_id: Id, payload: Form[SuggestionFeedbackIn]):
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
def unit_accept(request, suggestion_id: Id):
    scope, s, a = _mine(request, suggestion_id)
    a = services.assignment_accept(actor=request.user, scope=scope, assignment=a)
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/return", response={200: AssignmentDetailOut, **ERRORS}, summary="Return as not competent")
def unit_return(request, suggestion_id: Id, payload: Form[ReasonIn]):
    scope, s, a = _mine(request, suggestion_id)
    a = services.assignment_return(actor=request.user, scope=scope, assignment=a, reason=payload.reason)
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/opinion", response={200: AssignmentDetailOut, **ERRORS}, summary="A co-unit's opinion")
def unit_opinion(request, suggestion_id: Id, payload: Form[SuggestionOpinionIn]):
    scope, s, a = _mine(request, suggestion_id, "co")
    a = services.co_opinion_send(actor=request.user, scope=scope, assignment=a, opinion=payload.opinion)
    return _assignment_out(scope, a, s)


@router.post(
    "/{suggestion_id}/unit/contact", response={200: AssignmentDetailOut, **ERRORS}, summary="Record contact with the deputy"
)
def unit_contact(request, suggestion_id: Id, payload: Form[SuggestionContactIn]):
    scope, s, a = _mine(request, suggestion_id, "lead")
    if payload.contacted_on is None:
        raise DomainError("Give the date.")
    services.contact_record_add(actor=request.user, scope=scope, assignment=a, contacted_on=payload.contacted_on,
                                method=payload.method, summary=payload.summary)  # fmt: skip
    return _assignment_out(scope, a, s)


@router.post("/{suggestion_id}/unit/answer", response={200: AnswerOut, **ERRORS},
             summary="The lead unit's answer (a Word letter generated with the unit head's name)")  # fmt: skip
def unit_answer(request, suggestion_id: Id, payload: Form[AnswerIn]):
    scope, s, a = _mine(request, suggestion_id, "lead")
    answer = services.answer_submit(actor=request.user, scope=scope, assignment=a, outcome=payload.outcome, text=payload.text,
                                    reason=payload.reason, follow_up_on=payload.follow_up_on)  # fmt: skip
    return _answer_out(answer)


class SuggestionFollowUpIn(Schema):
    text: Annotated[str, ANSWER_MAX]


@router.post(
    "/{suggestion_id}/unit/follow-up",
    response={200: AnswerOut, **WRITE_ERRORS},
    summary="The lead unit's follow-up answer once a problem listed for solving is solved (multipart: text, letter)",
)
def unit_follow_up(request, suggestion_id: Id, payload: Form[SuggestionFollowUpIn], letter: UploadedFile | None = File(None)):  # noqa: B008
    """`letter`: the signed letter as a PDF (optional; a Word letter is generated otherwise). 409 when the
    suggestion's answer does not promise a follow-up."""
    scope, s, a = _mine(request, suggestion_id, "lead")
    data = letter.read() if letter is not None else None
    with conflicts():
        answer = services.answer_follow_up(actor=request.user, scope=scope, assignment=a, text=payload.text, letter_pdf=data,
                                           letter_name=(letter.name or "") if letter is not None else "")  # fmt: skip
    return _answer_out(answer)


def _assignment_out(scope, a, s) -> dict:
    return {"id": a.pk, "suggestion_id": s.pk, "number": s.number, "title": s.title, "role": a.role, "status": a.status,
            "assigned_on": a.assigned_on, "due_on": a.due_on, "return_due": a.return_due,
            "actions": actions_payload(ASSIGNMENT.available(a, scope))}  # fmt: skip


# --- The deputy's draft and the office's review (issue #15: every page write is an API operation) --------------------
class DraftIn(SuggestionFields):
    submit: bool = False


@_write("/{suggestion_id}/draft", "Edit a draft (and submit it with submit=true)")
def draft_update(request, suggestion_id: Id, payload: Form[DraftIn]):
    """The author's draft, as the edit page: 403 for anyone else, 409 once it is submitted (sending the same draft
    with submit=true again answers the submitted suggestion)."""

    def edit(scope, s, actor) -> None:
        meeting = None
        if payload.meeting_id is not None:
            meeting = Meeting.objects.filter(pk=payload.meeting_id, body_id=s.congress_id).first()
            if meeting is None:
                raise DomainError(_("Choose one of the meetings of %(congress)s.") % {"congress": s.congress.name})
        if SUGGESTION.in_group(s, "draft"):
            services.suggestion_update_draft(actor=actor, scope=scope, suggestion=s, title=payload.title, text=payload.text,
                                             category=payload.category, period=payload.period, meeting=meeting)  # fmt: skip
        elif not payload.submit:
            raise InvalidTransition(_("Only a draft can be edited."))
        if payload.submit:
            services.suggestion_submit(actor=actor, scope=scope, suggestion=s)

    return SUGGESTIONS.write(request, suggestion_id, edit, allowed=permissions.can_edit)


@_write("/{suggestion_id}/submit", "Submit a draft")
def submit(request, suggestion_id: Id):
    """The author submits the draft (co-signers are asked first where there are any); a retry changes nothing."""
    return SUGGESTIONS.call(request, suggestion_id, services.suggestion_submit)


def _review(request, suggestion_id: int, service, **kwargs) -> dict:
    """`service` on the suggestion by the office that reviews it (403 for others who see it), 409 in another state."""
    return SUGGESTIONS.call(request, suggestion_id, service, allowed=permissions.can_review, **kwargs)


def _reviewing(request, suggestion_id: int, change) -> dict:
    """`change(scope, suggestion, actor)` by the office that reviews it (403 for others who see it)."""
    return SUGGESTIONS.write(request, suggestion_id, change, allowed=permissions.can_review)


@_write("/{suggestion_id}/review/accept", "Accept (立案) a suggestion")
def review_accept(request, suggestion_id: Id):
    """The office of the suggestion's congress; the deputy is told. A retry changes nothing; 409 in another state."""
    return _review(request, suggestion_id, services.suggestion_accept)


@_write("/{suggestion_id}/review/refuse", "Record a suggestion as not accepted, with the reason")
def review_refuse(request, suggestion_id: Id, payload: Form[ReasonIn]):
    """422 without a reason; a retry changes nothing; 409 once it is accepted."""
    return _review(request, suggestion_id, services.suggestion_refuse, reason=payload.reason)


class MergeIn(Schema):
    target_id: Id


@_write("/{suggestion_id}/review/merge", "Merge a suggestion into another of the same congress (并案)")
def review_merge(request, suggestion_id: Id, payload: Form[MergeIn]):
    """`target_id`: a suggestion of the same congress the caller sees (404 otherwise). A retry changes nothing."""

    def merge(scope, s, actor):
        target = named(selectors.suggestion_queryset(scope).filter(congress_id=s.congress_id), payload.target_id)
        return services.suggestion_merge(actor=actor, scope=scope, suggestion=s, target=target)

    return _reviewing(request, suggestion_id, merge)


class AssignIn(Schema):
    lead_unit_id: Id
    co_unit_ids: list[Id] = []
    reason: Annotated[str, NOTE_MAX] = ""


def _units(scope, payload: AssignIn):
    units = {u.pk: u for u in unit_queryset(scope).filter(is_active=True, pk__in=[payload.lead_unit_id, *payload.co_unit_ids])}
    if payload.lead_unit_id not in units or any(pk not in units for pk in payload.co_unit_ids):
        raise DomainError(_("Choose active handling units."))
    return units[payload.lead_unit_id], [units[pk] for pk in dict.fromkeys(payload.co_unit_ids) if pk != payload.lead_unit_id]


def _assign(request, suggestion_id: int, payload: AssignIn, service, **extra) -> dict:
    """`service` (assign, reassign) with the lead unit and co-units the body names, by the office that reviews."""

    def assign(scope, s, actor):
        lead, co_units = _units(scope, payload)
        return service(actor=actor, scope=scope, suggestion=s, lead=lead, co_units=co_units, **extra)

    return _reviewing(request, suggestion_id, assign)


@_write("/{suggestion_id}/review/assign", "Assign an accepted suggestion to its lead unit and co-units (交办)")
def review_assign(request, suggestion_id: Id, payload: Form[AssignIn]):
    """Units the caller sees (422 for any other); the same assignment again changes nothing; 409 before acceptance."""
    return _assign(request, suggestion_id, payload, services.suggestion_assign)


@_write("/{suggestion_id}/review/reassign", "Reassign a suggestion (after a unit returned it), with the reason")
def review_reassign(request, suggestion_id: Id, payload: Form[AssignIn]):
    """422 without a reason; 409 when it is not assigned."""
    return _assign(request, suggestion_id, payload, services.suggestion_reassign, reason=payload.reason)


class ConsentIn(Schema):
    consent: Annotated[str, NOTE_MAX]


@_write("/{suggestion_id}/review/extend", "Extend the answer deadline to six months (with the consent recorded)")
def review_extend(request, suggestion_id: Id, payload: Form[ConsentIn]):
    """422 without the consent; 409 when the suggestion is not being handled."""
    return _review(request, suggestion_id, services.suggestion_extend, consent=payload.consent)


@_write("/{suggestion_id}/review/publish", "Publish a suggestion and its answers on the public pages")
def review_publish(request, suggestion_id: Id):
    """Once its answer stands (409 before); publishing again changes nothing."""
    return _review(request, suggestion_id, services.suggestion_publish)


class KeyIn(Schema):
    decision: str = Field(max_length=200)
    decided_on: Day
    lead_leader_person_id: Id
    lead_leader_title: str = Field(max_length=60)
    plan: Annotated[str, NOTE_MAX]
    supervisor_person_id: Id | None = None


def _person(pk: int) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise DomainError(_("Choose a person."))
    return person


@_write("/{suggestion_id}/review/key", "Make a key suggestion (重点督办): the leaders by person id")
def review_key(request, suggestion_id: Id, payload: Form[KeyIn]):
    """The directors' meeting's decision, the government leader who leads the handling and the congress leader who
    supervises it, each by person id (`/api/deputies` and the staff lists give them); without a supervisor the
    directors' meeting supervises. A retry changes nothing."""

    def designate(scope, s, actor):
        supervisor = _person(payload.supervisor_person_id) if payload.supervisor_person_id is not None else None
        body = None if supervisor else Body.objects.filter(region=s.region, kind=Body.Kind.DIRECTORS_MEETING).first()
        return services.key_designate(actor=actor, scope=scope, suggestion=s, decision=payload.decision,
                                      decided_on=payload.decided_on, lead_leader=_person(payload.lead_leader_person_id),
                                      lead_leader_title=payload.lead_leader_title, plan=payload.plan, supervisor=supervisor,
                                      supervisor_body=body)  # fmt: skip

    return _reviewing(request, suggestion_id, designate)


class SuggestionProgressIn(Schema):
    on: Day
    text: Annotated[str, NOTE_MAX]


@_write("/{suggestion_id}/key/progress", "Record the progress of a key suggestion")
def key_progress(request, suggestion_id: Id, payload: Form[SuggestionProgressIn]):
    """404 for a suggestion that is not a key one; the same entry again is recorded once."""

    def add(scope, s, actor):
        key = found(getattr(s, "key", None))
        return services.key_progress_add(actor=actor, scope=scope, key=key, on=payload.on, text=payload.text)

    return SUGGESTIONS.write(request, suggestion_id, add)


# The page writes these operations twin (tests/test_api_coverage.py).
PAGE_TWINS = {
    "suggestions:create": "POST /api/suggestions/",
    "suggestions:edit": "POST /api/suggestions/{suggestion_id}/draft",
    "suggestions:act": {
        "submit": "POST /api/suggestions/{suggestion_id}/submit",
        "cosign": "POST /api/suggestions/{suggestion_id}/cosign",
        "accept": "POST /api/suggestions/{suggestion_id}/review/accept",
        "refuse": "POST /api/suggestions/{suggestion_id}/review/refuse",
        "merge": "POST /api/suggestions/{suggestion_id}/review/merge",
        "assign": "POST /api/suggestions/{suggestion_id}/review/assign",
        "reassign": "POST /api/suggestions/{suggestion_id}/review/reassign",
        "extend": "POST /api/suggestions/{suggestion_id}/review/extend",
        "publish": "POST /api/suggestions/{suggestion_id}/review/publish",
        "key": "POST /api/suggestions/{suggestion_id}/review/key",
        "progress": "POST /api/suggestions/{suggestion_id}/key/progress",
        "feedback": "POST /api/suggestions/{suggestion_id}/feedback",
        "unit_accept": "POST /api/suggestions/{suggestion_id}/unit/accept",
        "unit_return": "POST /api/suggestions/{suggestion_id}/unit/return",
        "opinion": "POST /api/suggestions/{suggestion_id}/unit/opinion",
        "contact": "POST /api/suggestions/{suggestion_id}/unit/contact",
        "answer": "POST /api/suggestions/{suggestion_id}/unit/answer",
        "follow_up": "POST /api/suggestions/{suggestion_id}/unit/follow-up",
    },
}

__all__ = ["router", "Http404", "State"]
