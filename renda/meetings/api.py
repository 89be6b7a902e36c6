"""API of the meetings app: meetings, agenda, attendance, sign-in, polls and the vote, scoped like the pages."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from renda.core.errors import DomainError, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.routes import Record, fields, named, vote_answer
from renda.core.schemas import ERRORS as CORE_ERRORS
from renda.core.schemas import ActionOut, Count, ErrorOut, Id, PageNumber, PageSize, SmallCount, Year
from renda.org.scoping import Scope, scope_for

from . import permissions, selectors, services
from .lifecycles import ATTENDANCE, OPINION, POLL, meeting_actions
from .models import AgendaItem, Attendance, Meeting, Poll, ReviewOpinion
from .results import poll_result

router = Router(tags=["meetings"])


Error = ErrorOut
# the shared answers, and 409 for a move the state or a missing quorum does not allow
ERRORS = {**CORE_ERRORS, 409: ErrorOut}


class MeetingOut(Schema):
    id: int
    title: str
    body_id: int
    body: str
    body_kind: str
    term_number: int
    number: int
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    state: str
    is_published: bool


class MeetingPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MeetingOut]


class ItemOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    reporting_unit: str | None
    reporter: str
    documents: list[str]
    decision: str | None


class OptionOut(Schema):
    id: int
    order: int
    text: str
    ref: str


class OptionResultOut(Schema):
    option_id: int
    counts: dict[str, int]
    score: int
    rank: int
    passed: bool
    verdict: str


class WriteInOut(Schema):
    name: str
    votes: int
    passed: bool


class ResultOut(Schema):
    base_label: str
    base: int
    required: int
    cast: int
    invalid: int
    options: list[OptionResultOut]
    write_ins: list[WriteInOut]


class MeetingPollOut(Schema):
    id: int
    meeting_id: int
    item_id: int | None
    title: str
    kind: str
    matter: str
    method: str
    max_choices: int | None
    seats: int | None
    write_ins: bool
    threshold: str
    state: str
    base_count: int | None
    present_count: int | None
    voted: int
    counts_entered: int
    reconciliation: str | None
    options: list[OptionOut]
    result: ResultOut | None
    actions: list[ActionOut]


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut]
    polls: list[MeetingPollOut]
    actions: list[ActionOut]


class MeetingAttendanceOut(Schema):
    person_id: int
    name: str
    role: str
    entitled: bool
    status: str
    signed_in_at: datetime.datetime | None
    actions: list[ActionOut]


class BoardOut(Schema):
    base: int
    quorum: int
    present: int
    leave: int
    leave_requested: int
    absent: int
    non_voting_present: int
    has_quorum: bool
    attendees: list[MeetingAttendanceOut]


class MeetingSignInOut(Schema):
    status: str
    signed_in_at: datetime.datetime | None


class ReviewOpinionOut(Schema):
    id: int
    item_id: int
    report_heard: str
    meeting_id: int
    meeting: str
    unit_id: int
    unit: str
    text: str
    state: str
    approved_at_meeting_id: int | None
    sent_on: datetime.date | None
    deadline: datetime.date | None
    report_text: str
    reported_on: datetime.date | None
    followup_meeting_id: int | None
    closed_on: datetime.date | None
    actions: list[ActionOut]


class MeetingVoteIn(Schema):
    choices: dict[str, str] | list[Id]


class MeetingVoteOut(Schema):
    status: str


def _meeting_out(m: Meeting) -> dict[str, object]:
    return {
        "id": m.pk,
        **fields(m, "title", "body_id", "number", "start_date", "end_date", "venue", "state", "is_published"),
        "body": m.body.name,
        "body_kind": m.body.kind,
        "term_number": m.term.number,
    }


def _poll_out(scope: Scope, poll: Poll, voted: int | None = None) -> dict[str, object]:
    manage = permissions.can_manage_meeting(scope, poll.meeting)
    result = None
    if POLL.in_group(poll, "published") or (manage and POLL.in_group(poll, "counting")):
        r = poll_result(poll)
        result = {
            "base_label": r.base_label,
            "base": r.base,
            "required": r.required,
            "cast": r.cast,
            "invalid": r.invalid,
            "options": [vars(o) | {"option_id": o.option_id} for o in r.options],
            "write_ins": [vars(w) for w in r.write_ins],
        }
    counted = poll.kind in services.COUNTED_KINDS
    reconciliation = services.paper_reconciliation(poll).message if counted and manage else None
    return {
        "id": poll.pk,
        "meeting_id": poll.meeting_id,
        "item_id": poll.item_id,
        "title": poll.title,
        "kind": poll.kind,
        "matter": poll.matter,
        "method": poll.method,
        "max_choices": poll.max_choices,
        "seats": poll.seats,
        "write_ins": poll.write_ins,
        "threshold": poll.threshold,
        "state": poll.state,
        "base_count": poll.base_count,
        "present_count": poll.present_count,
        "voted": voted if voted is not None else poll.voters.count(),
        "counts_entered": poll.paper_counts.count() if counted and manage else 0,
        "reconciliation": reconciliation,
        "options": [{"id": o.pk, "order": o.order, "text": o.text, "ref": o.ref} for o in poll.options.all()],
        "result": result,
        "actions": actions_payload(POLL.available(poll, scope)),
    }


def _attendance_out(scope: Scope, a: Attendance) -> dict[str, object]:
    return {
        **fields(a, "person_id", "role", "entitled", "status", "signed_in_at"),
        "name": a.person.name,
        "actions": actions_payload(ATTENDANCE.available(a, scope)),
    }


def _opinion_out(scope: Scope, o: ReviewOpinion) -> dict[str, object]:
    return {
        "id": o.pk,
        "item_id": o.item_id,
        "report_heard": o.item.title,
        "meeting_id": o.item.meeting_id,
        "meeting": o.item.meeting.title,
        "unit_id": o.unit_id,
        "unit": o.unit.name,
        **fields(o, "text", "state", "approved_at_meeting_id", "sent_on", "deadline", "report_text", "reported_on"),
        "followup_meeting_id": o.followup_item.meeting_id if o.followup_item else None,
        "closed_on": o.closed_on,
        "actions": actions_payload(OPINION.available(o, scope)),
    }


def _meeting_detail(scope: Scope, m: Meeting) -> dict[str, object]:
    items = [
        {
            "id": i.pk,
            "order": i.order,
            "kind": i.kind,
            "title": i.title,
            "reporting_unit": i.reporting_unit.name if i.reporting_unit else None,
            "reporter": i.reporter,
            "documents": [f"{d.title} v{d.version}" for d in i.documents.all()],
            "decision": i.decision.text if hasattr(i, "decision") else None,
        }
        for i in selectors.agenda(meeting=m)
    ]
    polls = [_poll_out(scope, p, p.n_voted) for p in selectors.polls(meeting=m)]
    return {**_meeting_out(m), "items": items, "polls": polls, "actions": actions_payload(meeting_actions(m, scope))}


def _board(scope: Scope, m: Meeting) -> dict[str, object]:
    if not permissions.can_view_attendance(scope, m):
        raise NotPermitted()
    attendees = [_attendance_out(scope, a) for a in selectors.attendance(meeting=m)]
    return {**selectors.attendance_board(meeting=m), "attendees": attendees}


# The record kinds of the routes (core.routes): found in the caller's scope, moved by their services (409 for a move
# the state or a missing quorum does not allow), answered as their details.
MEETINGS = Record(scope=scope_for, get=selectors.meeting_get, detail=_meeting_detail, name="meeting", conflicts=True)
BOARDS = Record(scope=scope_for, get=selectors.meeting_get, detail=_board)
POLLS = Record(scope=scope_for, get=selectors.poll_get, detail=_poll_out, name="poll", conflicts=True)
OPINIONS = Record(scope=scope_for, get=selectors.opinion_get, detail=_opinion_out, name="opinion", conflicts=True)
ATTENDANCE_ROWS = Record(
    scope=scope_for,
    get=selectors.attendance_get,
    detail=lambda scope, a: _board(scope, selectors.meeting_get(scope=scope, pk=a.meeting_id)),
    name="attendance",
    conflicts=True,
)


@router.get("/", response={200: MeetingPage, **ERRORS}, summary="Meetings the caller may see, newest first")
def meetings(request, page: PageNumber = 1, page_size: PageSize = 50, state: str = "", kind: str = "", year: Year | None = None):
    scope = scope_for(request.user)
    qs = selectors.meeting_list(scope=scope, filters=selectors.MeetingFilters(kind=kind, state=state, year=year))
    page_size, page = max(1, min(page_size, 200)), max(1, page)
    items = [_meeting_out(m) for m in qs[(page - 1) * page_size : page * page_size]]
    return {"count": qs.count(), "page": page, "page_size": page_size, "items": items}


@router.get("/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, summary="One meeting with its agenda and polls")
def meeting(request, meeting_id: Id):
    return MEETINGS.read(request, meeting_id)


@router.get("/{meeting_id}/attendance", response={200: BoardOut, **ERRORS}, summary="Live attendance board and quorum")
def meeting_attendance(request, meeting_id: Id):
    return BOARDS.read(request, meeting_id)


@router.post("/{meeting_id}/sign-in", response={200: MeetingSignInOut, **ERRORS}, summary="Sign the calling deputy in")
def sign_in(request, meeting_id: Id):
    scope = scope_for(request.user)
    m = selectors.meeting_get(scope=scope, pk=meeting_id)
    if not permissions.can_attend_personally(scope):
        raise NotPermitted(_("Only an invited deputy can sign in."))
    a = services.sign_in_self(actor=request.user, scope=scope, meeting=m)
    return {"status": a.status, "signed_in_at": a.signed_in_at}


@router.get(
    "/polls/{poll_id}", response={200: MeetingPollOut, **ERRORS}, summary="A poll: options, state, and its result once published"
)
def poll(request, poll_id: Id):
    return POLLS.read(request, poll_id)


@router.get(
    "/opinions/{opinion_id}",
    response={200: ReviewOpinionOut, **ERRORS},
    summary="Review opinions sent to a unit: their state, deadline, handling report and what the caller may do next",
)
def opinion(request, opinion_id: Id):
    return OPINIONS.read(request, opinion_id)


@router.post("/polls/{poll_id}/vote", response={200: MeetingVoteOut, **ERRORS}, summary="Cast the caller's vote")
def vote(request, poll_id: Id, payload: MeetingVoteIn):
    """choices: {option id: "Y"|"N"|"A"} (or "S"|"B"|"U" for satisfaction) per option; a list of option ids for
    pick-N (any order) and rank (first = rank 1). 409 if the caller already voted; nothing changes."""
    cast = lambda: services.poll_vote(actor=request.user, poll_id=poll_id, choices=payload.choices)  # noqa: E731
    return vote_answer(cast, already=services.AlreadyVoted)


class MeetingActionIn(Schema):
    action: str


@router.post(
    "/{meeting_id}/actions",
    response={200: MeetingDetailOut, **ERRORS},
    summary="Move a meeting: convene, start (only with its quorum present), close, publish",
)
def meeting_action(request, meeting_id: Id, payload: MeetingActionIn):
    """The actions offered in the meeting's `actions`. 409 with the reason when the state does not allow the move
    or the quorum is not present (two thirds or more of all deputies at a congress session, more than half of all
    members elsewhere); nothing changes."""
    return MEETINGS.call(request, meeting_id, services.meeting_transition, action=payload.action)


@router.post(
    "/polls/{poll_id}/actions",
    response={200: MeetingPollOut, **ERRORS},
    summary="Move a poll: start (only with the quorum present), finish, publish (counted polls once their counts agree)",
)
def poll_action(request, poll_id: Id, payload: MeetingActionIn):
    return POLLS.call(request, poll_id, services.poll_transition, action=payload.action)


class PaperCountIn(Schema):
    ballots_total: Count
    invalid: Count = 0
    counts: dict[str, dict[str, Count]]
    write_ins: dict[str, int] = {}


@router.post(
    "/polls/{poll_id}/paper-counts",
    response={200: MeetingPollOut, **ERRORS},
    summary="Enter one counter's totals of a paper or show-of-hands poll",
)
def paper_count_enter(request, poll_id: Id, payload: PaperCountIn):
    """counts: {option id: {"Y": n, "N": n, "A": n}} (the keys of the poll's method; for a rank-order ballot the
    rank positions "1"…"N"); write_ins: {name: votes} on an election that allows them. Each count is one staff
    member's; a paper poll needs two that agree before publication."""
    return POLLS.call(request, poll_id, services.paper_count_enter, **payload.model_dump())


@router.post(
    "/polls/{poll_id}/paper-counts/discard",
    response={200: MeetingPollOut, **ERRORS},
    summary="Discard the entered counts (after a mismatch) so the ballots are counted again",
)
def paper_count_discard(request, poll_id: Id):
    return POLLS.call(request, poll_id, services.paper_count_discard)


class AgendaItemIn(Schema):
    kind: Annotated[str, Field(max_length=24)]
    title: Annotated[str, Field(max_length=200)]
    reporting_unit_id: Id | None = None
    reporter: Annotated[str, Field(max_length=100)] = ""


def _unit(m: Meeting, unit_id: int | None) -> Any:
    """The reporting unit a body names among the meeting's (404 otherwise), or none."""
    return named(selectors.units_for(meeting=m), unit_id)


def _item_fields(m: Meeting, payload: AgendaItemIn) -> dict[str, Any]:
    """An agenda item's fields from its input: the unit among the meeting's (404), a known kind (422)."""
    unit = _unit(m, payload.reporting_unit_id)
    if payload.kind not in AgendaItem.Kind.values:
        raise DomainError(_("Unknown kind of agenda item."))
    return {"kind": payload.kind, "title": payload.title, "reporting_unit": unit, "reporter": payload.reporter}


@router.post(
    "/{meeting_id}/items",
    response={200: MeetingDetailOut, **ERRORS},
    summary="Add an agenda item (staff who run the meeting; 409 once the meeting is closed)",
)
def agenda_item_add(request, meeting_id: Id, payload: AgendaItemIn):
    return MEETINGS.write(
        request,
        meeting_id,
        lambda scope, m, actor: services.agenda_item_add(actor=actor, scope=scope, meeting=m, **_item_fields(m, payload)),
        allowed=permissions.can_manage_meeting,
    )


class PollIn(Schema):
    title: str
    kind: str
    item_id: Id | None = None
    method: str = Poll.Method.YNA
    options: list[str] = []
    max_choices: SmallCount | None = None
    threshold: str | None = None
    matter: str = Poll.Matter.RESOLUTION
    seats: SmallCount | None = None
    write_ins: bool = False


def _item(m: Meeting, item_id: int) -> AgendaItem:
    """The meeting's agenda item a body names (404 when it is not one of them)."""
    return named(m.items.all(), item_id)


@router.post(
    "/{meeting_id}/polls",
    response={200: MeetingPollOut, **ERRORS},
    summary="Create a poll (the threshold by the body's rule for its matter unless given)",
)
def poll_add(request, meeting_id: Id, payload: PollIn):
    def make(scope: Scope, actor: Any) -> Poll:
        m = selectors.meeting_get(scope=scope, pk=meeting_id)
        item = None if payload.item_id is None else _item(m, payload.item_id)
        return services.poll_create(actor=actor, scope=scope, meeting=m, item=item, **payload.model_dump(exclude={"item_id"}))

    return POLLS.create(request, make)


@router.post(
    "/attendance/{attendance_id}/actions",
    response={200: BoardOut, **ERRORS},
    summary="Staff on the attendance board: sign_in, approve_leave, refuse_leave, absent",
)
def attendance_act(request, attendance_id: Id, payload: MeetingActionIn):
    return ATTENDANCE_ROWS.call(request, attendance_id, services.attendance_action, action=payload.action)


# the pages' other writes (planning, corrections, documents, invitations, leave, decisions, review opinions)
from . import api_writes  # noqa: E402,F401
