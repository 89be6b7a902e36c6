"""The ledgers as API writes: a batch of rows per ledger, checked by the same services as the Excel import (the
rows' fields are the template's columns by their English names). `commit=false` previews: 200 with every bad row;
`commit=true` imports all rows or none: 200 with the import, or 409 with every bad row and nothing changed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator

from renda.core.listing import MAX_YEAR, MIN_YEAR
from renda.core.requests import AuthedRequest
from renda.core.schemas import ERRORS, ErrorOut, PageNumber
from renda.org.scoping import scope_for

from . import selectors, services
from .formats import (
    ACTIVITY_KINDS,
    ATTENDANCE_ROLES,
    ATTENDANCE_STATUSES,
    HANDLINGS,
    ITEM_KINDS,
    MEETING_KINDS,
    PERIODS,
    RATINGS,
    STEPS,
)
from .models import Batch, Kind
from .services.run import MAX_ROWS, Outcome

router = Router(tags=["ledgers"])
F = TypeVar("F", bound=Callable[..., Any])
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: ErrorOut}


def _in_years(moment: datetime.datetime) -> datetime.datetime:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"a time between the years {MIN_YEAR} and {MAX_YEAR}")
    return moment


def _day_in_years(day: datetime.date) -> datetime.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"a date between {MIN_YEAR} and {MAX_YEAR}")
    return day


Moment = Annotated[datetime.datetime, AfterValidator(_in_years)]
Date = Annotated[datetime.date, AfterValidator(_day_in_years)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Key = Annotated[str, Field(min_length=1, max_length=64)]


Text20 = Annotated[str, Field(max_length=20)]
Text50 = Annotated[str, Field(max_length=50)]
Text64 = Annotated[str, Field(max_length=64)]
Text100 = Annotated[str, Field(max_length=100)]
Text200 = Annotated[str, Field(max_length=200)]
Text2000 = Annotated[str, Field(max_length=2000)]
Text4000 = Annotated[str, Field(max_length=4000)]


class ActivityRow(Schema):
    """One station activity (the activities template's columns): its deputies' sign-ins at its start."""

    key: Key
    station: Text100
    kind: Literal["reception", "themed", "committee"]
    topic: Text200
    date: Date
    start_time: datetime.time
    end_time: datetime.time | None = None
    committee: Text100 = ""
    voters_received: Count
    voter_names: Text2000 = ""
    discussion: Text4000 = ""
    roster: list[Text50] = Field(default_factory=list, max_length=500)
    deputies: list[Text50] = Field(default_factory=list, max_length=500)


class OpinionRow(Schema):
    """One voter's opinion with its steps (the opinions template's columns); times in the site's time zone unless
    they carry their own offset."""

    key: Key
    station: Text100
    village: Text100 = ""
    activity: Text64 = ""
    category: Text50
    text: Text2000
    contact_name: Text50 = ""
    phone: Text20 = ""
    registered_at: Moment
    handling: Literal["answer_on_spot", "route", "report", "out_of_remit", "pending"]
    unit: Text100 = ""
    routed_at: Moment | None = None
    returned_at: Moment | None = None
    return_reason: Text2000 = ""
    rerouted_unit: Text100 = ""
    rerouted_at: Moment | None = None
    answered_at: Moment | None = None
    answer: Text4000 = ""
    told_at: Moment | None = None
    solved: bool | None = None
    feedback_at: Moment | None = None
    feedback: Text2000 = ""


Rating = Literal["satisfied", "basic", "not"]


class SuggestionRow(Schema):
    """One deputy's suggestion with its handling (the suggestions template's columns): made by the lead deputy,
    co-signed, reviewed (accepted, or not with the reason), assigned to a lead unit and co-units, signed for by the
    lead unit, answered (outcome code, text), and the deputy's satisfaction."""

    key: Key
    congress: Text100
    period: Literal["recess", "session"]
    author: Text50
    cosigners: list[Text50] = Field(default_factory=list, max_length=100)
    cosigned_at: Moment | None = None
    title: Text200
    category: Text50
    text: Annotated[str, Field(max_length=10000)]
    submitted_at: Moment
    reviewed_at: Moment | None = None
    refuse_reason: Text2000 = ""
    assigned_at: Moment | None = None
    lead_unit: Text100 = ""
    co_units: list[Text100] = Field(default_factory=list, max_length=20)
    unit_accepted_at: Moment | None = None
    answered_at: Moment | None = None
    outcome: Annotated[str, Field(max_length=10)] = ""
    answer: Annotated[str, Field(max_length=10000)] = ""
    outcome_reason: Text2000 = ""
    follow_up_on: Date | None = None
    feedback_at: Moment | None = None
    process_rating: Rating | None = None
    result_rating: Rating | None = None
    feedback: Text2000 = ""


class SuggestionStep(Schema):
    """One later step of a suggestion's handling (the template's second sheet, 办理过程), in the order they happened:
    `key` is the suggestion's ledger number in `rows`. accept: the unit signs for it; return: the unit returns it as
    not competent (`text` the reason); assign / reassign: to the lead `unit` and `co_units` (reassign: `text` the
    reason); extend: `text` the consent; answer: `outcome`, `text`; feedback: `process_rating` (and
    `result_rating`), `text` the deputy's words; merge: into the suggestion numbered `target`; refuse / letter: not
    accepted, or converted to a letter (`text` the reason)."""

    key: Key
    step: Literal["accept", "return", "assign", "reassign", "extend", "answer", "feedback", "merge", "refuse", "letter"]
    at: Moment
    unit: Text100 = ""
    co_units: list[Text100] = Field(default_factory=list, max_length=20)
    text: Annotated[str, Field(max_length=10000)] = ""
    outcome: Annotated[str, Field(max_length=10)] = ""
    outcome_reason: Text2000 = ""
    follow_up_on: Date | None = None
    process_rating: Rating | None = None
    result_rating: Rating | None = None
    target: Text64 = ""


class SuggestionLedgerIn(Schema):
    file_name: Text200 = ""
    commit: bool = False
    rows: list[SuggestionRow] = Field(max_length=MAX_ROWS)
    steps: list[SuggestionStep] = Field(default_factory=list, max_length=MAX_ROWS)


class ActivityLedgerIn(Schema):
    file_name: Text200 = ""
    commit: bool = False
    rows: list[ActivityRow] = Field(max_length=MAX_ROWS)


class OpinionLedgerIn(Schema):
    file_name: Text200 = ""
    commit: bool = False
    rows: list[OpinionRow] = Field(max_length=MAX_ROWS)


MeetingKind = Literal["congress", "standing_committee", "directors_meeting", "presidium"]
ItemKind = Literal[
    "hear_report",
    "examine_approve",
    "projects_progress",
    "unit_evaluation",
    "decision",
    "law_study",
    "handling_report",
    "resolution",
    "election",
    "appointment",
    "bill",
    "other",
]
Votes = Annotated[int, Field(ge=0, le=100_000)]


class AttendanceRow(Schema):
    """One person at the meeting as the minutes record them (the 出席情况 sheet's columns)."""

    name: Text50
    id_tail: Annotated[str, Field(max_length=4)] = ""
    role: Literal["member", "non_voting"] = "member"
    capacity: Text100 = ""
    status: Literal["present", "leave", "absent"]
    signed_in_at: Moment | None = None
    leave_reason: Annotated[str, Field(max_length=300)] = ""


class AgendaRow(Schema):
    """An agenda item, or one candidate of an election on it, with the vote's counts as the minutes record them
    (the 议程和表决 sheet's columns); rows of one item share its order."""

    order: Annotated[int, Field(ge=1, le=999)]
    item_kind: ItemKind
    item_title: Text200
    reporter: Text100 = ""
    vote: Text200 = ""
    candidate: Text50 = ""
    yes: Votes | None = None
    no: Votes | None = None
    abstain: Votes | None = None
    not_voting: Votes | None = None
    outcome: bool | None = None  # adopted / elected
    voted_at: Moment | None = None


class MeetingRow(Schema):
    """One meeting of the past (the 会议 sheet's columns) with its attendance and agenda."""

    key: Key
    body: Text100
    kind: MeetingKind
    number: Annotated[int, Field(ge=1, le=999)]
    title: Text200 = ""
    start_at: Moment
    end_at: Moment | None = None
    venue: Text200 = ""
    notified_at: Moment | None = None
    attendance: list[AttendanceRow] = Field(default_factory=list, max_length=2000)
    agenda: list[AgendaRow] = Field(default_factory=list, max_length=500)


class MeetingLedgerIn(Schema):
    file_name: Text200 = ""
    commit: bool = False
    rows: list[MeetingRow] = Field(max_length=MAX_ROWS)


class LedgerRowErrorOut(Schema):
    row: int  # 1 for the first row of `rows` (of the sheet: a meeting's attendance and agenda rows are numbered
    # through the batch, 1 for the first meeting's first)
    key: str
    messages: list[str]
    sheet: str = ""  # "" for `rows`; 出席情况 (attendance) or 议程和表决 (agenda)


class OutcomeOut(Schema):
    detail: str
    kind: str
    rows: int
    created: int
    unchanged: int
    committed: bool
    batch_id: int | None
    errors: list[LedgerRowErrorOut]


class BatchOut(Schema):
    id: int
    kind: str
    source: str
    file_name: str
    sha256: str
    rows: int
    created: int
    unchanged: int
    by: str
    at: datetime.datetime

    @staticmethod
    def resolve_by(batch: Batch) -> str:
        return str(batch.by)


_KIND_WORDS = {v: k for k, v in ACTIVITY_KINDS.items()}
_HANDLING_WORDS = {v or "pending": k for k, v in HANDLINGS.items()}
_PERIOD_WORDS = {v: k for k, v in PERIODS.items()}
_RATING_WORDS = {"": "", **{v: k for k, v in RATINGS.items()}}
_STEP_WORDS = {v: k for k, v in STEPS.items()}


def _text(value: object) -> str:
    """A field as the template's cell would read."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _rows(rows: list[Any], words: dict[str, dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
    out = []
    for number, row in enumerate(rows, start=1):
        values = {k: _text(v) for k, v in row.dict().items()}
        for field, table in words.items():
            values[field] = table[values[field]]
        out.append((number, values))
    return out


def _answer(outcome: Outcome) -> dict[str, Any]:
    if outcome.committed:
        detail = _("Imported.")
    elif not outcome.ok:
        detail = outcome.file_error or _("%(n)d rows have problems; nothing was imported.") % {"n": len(outcome.errors)}
    else:
        detail = _("Every row passes; nothing was imported yet (commit to import).")
    return {
        "detail": detail,
        "kind": outcome.kind,
        "rows": outcome.rows,
        "created": outcome.created,
        "unchanged": outcome.unchanged,
        "committed": outcome.committed,
        "batch_id": outcome.batch.pk if outcome.batch else None,
        "errors": [{"row": e.row, "key": e.key, "messages": e.messages, "sheet": e.sheet} for e in outcome.errors],
    }


def _import_route(path: str, summary: str) -> Callable[[F], F]:
    """A ledger's import operation: 200 with the outcome of a preview or an import, 409 with it for a refused commit
    (nothing changed)."""
    return router.post(path, response={200: OutcomeOut, **WRITE_ERRORS, 409: OutcomeOut}, summary=summary)


def _run(
    request: AuthedRequest, kind: str, payload: Any, words: dict[str, dict[str, str]],
    sheets: dict[str, list[tuple[int, dict[str, str]]]] | None = None,
) -> Any:  # fmt: skip
    """The rows as the template's cells, through the same import; a refused commit answers 409 (nothing changed)."""
    return _import(request, kind, payload, _rows(payload.rows, words), sheets)


def _import(
    request: AuthedRequest, kind: str, payload: Any, rows: list[tuple[int, dict[str, str]]],
    sheets: dict[str, list[tuple[int, dict[str, str]]]] | None,
) -> Any:  # fmt: skip
    outcome = services.ledger_import(
        actor=request.user,
        scope=scope_for(request.user),
        kind=kind,
        rows=rows,
        file_name=payload.file_name or "api",
        sha256="",
        commit=payload.commit,
        sheets=sheets,
    )
    if payload.commit and not outcome.ok:
        return Status(409, _answer(outcome))
    return _answer(outcome)


@_import_route("/activities", "Import station activities of the past with their sign-ins (preview with commit=false)")
def activities(request: AuthedRequest, payload: ActivityLedgerIn) -> Any:
    return _run(request, Kind.ACTIVITIES, payload, {"kind": _KIND_WORDS})


@_import_route("/opinions", "Import voters' opinions of the past with every step (preview with commit=false)")
def opinions(request: AuthedRequest, payload: OpinionLedgerIn) -> Any:
    return _run(request, Kind.OPINIONS, payload, {"handling": _HANDLING_WORDS})


@_import_route(
    "/suggestions", "Import deputies' suggestions of the past with every step of their handling (preview with commit=false)"
)
def suggestions(request: AuthedRequest, payload: SuggestionLedgerIn) -> Any:
    words = {"period": _PERIOD_WORDS, "process_rating": _RATING_WORDS, "result_rating": _RATING_WORDS}
    steps = _rows(payload.steps, {"step": _STEP_WORDS, "process_rating": _RATING_WORDS, "result_rating": _RATING_WORDS})
    return _run(request, Kind.SUGGESTIONS, payload, words, {"steps": steps})


_MEETING_KIND_WORDS = {v: k for k, v in MEETING_KINDS.items()}
_ROLE_WORDS = {v: k for k, v in ATTENDANCE_ROLES.items()}
_STATUS_WORDS = {v: k for k, v in ATTENDANCE_STATUSES.items()}
_ITEM_WORDS = {v: k for k, v in ITEM_KINDS.items()}


@_import_route(
    "/meetings",
    "Import meetings of the past with their attendance, agenda and the votes' counts from the minutes "
    "(preview with commit=false)",
)
def meetings(request: AuthedRequest, payload: MeetingLedgerIn) -> Any:
    """Each meeting's attendance and agenda rows become the 出席情况 and 议程和表决 sheets' rows (numbered through
    the batch), naming their meeting by its key."""
    attendance: list[tuple[int, dict[str, str]]] = []
    agenda: list[tuple[int, dict[str, str]]] = []
    for meeting in payload.rows:
        for a in meeting.attendance:
            values = {k: _text(v) for k, v in a.dict().items()}
            values.update(meeting=meeting.key, role=_ROLE_WORDS[a.role], status=_STATUS_WORDS[a.status])
            attendance.append((len(attendance) + 1, values))
        for g in meeting.agenda:
            values = {k: _text(v) for k, v in g.dict().items()}
            said = "" if g.outcome is None else ("通过" if g.outcome else "未通过")
            values.update(meeting=meeting.key, item_kind=_ITEM_WORDS[g.item_kind], outcome=said)
            agenda.append((len(agenda) + 1, values))
    rows = []
    for number, meeting in enumerate(payload.rows, start=1):
        values = {k: _text(v) for k, v in meeting.dict(exclude={"attendance", "agenda"}).items()}
        values["kind"] = _MEETING_KIND_WORDS[meeting.kind]
        rows.append((number, values))
    return _import(request, Kind.MEETINGS, payload, rows, {"attendance": attendance, "agenda": agenda})


@router.get("/imports", response={200: list[BatchOut], **ERRORS}, summary="The ledger imports the caller may see (100 a page)")
def imports(request: AuthedRequest, page: PageNumber = 1) -> Any:
    start = (page - 1) * 100
    return list(selectors.batch_list(scope=scope_for(request.user))[start : start + 100])


# The page writes these operations twin (tests/test_api_coverage.py): a ledger's preview and its import are one
# operation each, with commit=false and commit=true.
PAGE_TWINS: dict[str, str | dict[str, str]] = {
    page: {kind: f"POST /api/ledgers/{kind}" for kind in Kind.values} for page in ("ledgers:import", "ledgers:commit")
}
