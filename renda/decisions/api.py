"""API of the decisions app: elections (/api/elections/…), appointments and removals (/api/appointments/…), scoped
like the pages, through the same selectors and services. A move the record's state (or a missing quorum) does not
allow answers 409 with the reason; bad input 422; outside the scope 404."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Router, Schema
from pydantic import Field

from renda.core.errors import NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.routes import Record, fields, named
from renda.core.schemas import ERRORS as CORE_ERRORS
from renda.core.schemas import ActionOut, Day, ErrorOut, Id, SmallCount, Year
from renda.meetings.models import Meeting
from renda.meetings.rules import TEXT_MAX
from renda.org.models import Deputy
from renda.org.scoping import Scope, record_allowed, scope_allowed, scope_for

from . import permissions, selectors, services
from .lifecycles import APPOINTMENTS, BILL, ELECTION, MATTER
from .models import AppointmentList, Bill, Election, Matter

router = Router(tags=["decisions"])
# bounded inputs: a text longer than its column is refused (422) before it reaches the database
Code = Annotated[str, Field(max_length=24)]
Name = Annotated[str, Field(max_length=50)]
Str100 = Annotated[str, Field(max_length=100)]
Str200 = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, TEXT_MAX]
ERRORS = {**CORE_ERRORS, 409: ErrorOut}


def _record(get: Any, detail: Any, name: str, out: type[Schema]) -> Record[Scope, Any, dict[str, Any]]:
    """The route shells of a record kind (core.routes): in the caller's scope, a move its state or a missing quorum
    does not allow answered 409; its writes answer its detail (`out`)."""
    return Record(scope=scope_for, get=get, detail=detail, name=name, conflicts=True, router=router, answers={200: out, **ERRORS})


# --- elections ----------------------------------------------------------------------------------------------


class ElectionCandidateOut(Schema):
    id: int
    name: str
    source: str
    nominators: int | None
    elected: bool
    votes: int | None


class RoundLineOut(Schema):
    name: str
    votes: int
    elected: bool
    tied: bool


class ElectionRoundOut(Schema):
    number: int
    kind: str
    places: SmallCount
    poll_id: int | None
    void: bool
    required: int | None
    lines: list[RoundLineOut]


class ElectionOut(Schema):
    id: int
    meeting_id: int
    meeting: str
    post: str
    post_kind: str
    places: SmallCount
    kind: str
    state: str
    announced_on: datetime.date | None


class ElectionDetailOut(ElectionOut):
    candidates: list[ElectionCandidateOut]
    rounds: list[ElectionRoundOut]
    actions: list[ActionOut]


class ElectionIn(Schema):
    meeting_id: Id
    post: Str100
    places: Annotated[int, Field(ge=1, le=99)]
    post_kind: Code = Election.PostKind.OTHER
    kind: Code | None = None
    body_id: Id | None = None
    role: Code = ""


class ElectionCandidateIn(Schema):
    name: Name = ""
    person_id: Id | None = None
    source: Code = "presidium"
    nominators: Annotated[int, Field(ge=1, le=10_000)] | None = None


class MoveIn(Schema):
    meeting_id: Id | None = None


def _election_row(e: Election) -> dict[str, Any]:
    return {
        "id": e.pk,
        "meeting": e.meeting.title,
        **fields(e, "meeting_id", "post", "post_kind", "places", "kind", "state", "announced_on"),
    }


def _election_detail(scope: Scope, e: Election) -> dict[str, Any]:
    rounds = [
        {
            "number": o.round.number,
            "kind": o.round.kind,
            "places": o.round.places,
            "poll_id": o.round.poll_id,
            "void": o.void,
            "required": o.result.required if o.result else None,
            "lines": [{"name": li.name, "votes": li.votes, "elected": li.elected, "tied": li.tied} for li in o.lines],
        }
        for o in services.election_results(e)
    ]
    candidates = [
        {
            "id": c.pk,
            "name": c.name,
            "source": c.source,
            "nominators": c.nominators,
            "elected": c.elected_in_id is not None,
            "votes": c.votes,
        }
        for c in e.candidates.all()
    ]
    return {
        **_election_row(e),
        "candidates": candidates,
        "rounds": rounds,
        "actions": actions_payload(ELECTION.available(e, scope)),
    }


ELECTIONS = _record(selectors.election_get, _election_detail, "election", ElectionDetailOut)


@router.get("/elections/", response={200: list[ElectionOut], **ERRORS}, summary="Elections the caller may see")
def election_list(request: Any, year: Year | None = None) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    return [_election_row(e) for e in selectors.election_list(scope=scope, year=year)[:500]]


@router.get(
    "/elections/{election_id}", response={200: ElectionDetailOut, **ERRORS}, summary="One election: candidates, rounds, actions"
)
def election_detail(request: Any, election_id: Id) -> dict[str, Any]:
    return ELECTIONS.read(request, election_id)


@ELECTIONS.post("/elections/", "Set up an election at a congress session")
def election_create(request: Any, payload: ElectionIn) -> dict[str, Any]:
    def make(scope: Scope, actor: Any) -> Election:
        from renda.org.models import Body

        meeting = named(selectors.sessions_for_elections(scope=scope), payload.meeting_id)
        body = named(Body.objects.all(), payload.body_id)
        data = payload.model_dump(include={"post", "places", "post_kind", "role", "kind"})
        return services.election_create(actor=actor, scope=scope, meeting=meeting, body=body, **data)

    return ELECTIONS.create(request, make, allowed=permissions.can_create_elections)


@ELECTIONS.post("/elections/{election_id}/candidates", "Add a candidate (while the list is open)")
def candidate_add(request: Any, election_id: Id, payload: ElectionCandidateIn) -> dict[str, Any]:
    def add(scope: Scope, election: Election, actor: Any) -> object:
        # only a person of the congress's area (its deputies, its bodies' members): anyone else is not found
        person = named(selectors.people_for(region_path=election.meeting.region.path), payload.person_id)
        data = payload.model_dump(exclude={"person_id"})
        return services.candidate_add(actor=actor, scope=scope, election=election, person=person, **data)

    return ELECTIONS.write(request, election_id, add)


class PersonPickOut(Schema):
    id: int
    name: str


def _people(region_path: str, q: str) -> list[dict[str, Any]]:
    return [{"id": p.pk, "name": p.name} for p in selectors.people_for(region_path=region_path, q=q)[:50]]


@router.get(
    "/elections/{election_id}/people",
    response={200: list[PersonPickOut], **ERRORS},
    summary="People who may be candidates (the congress's deputies and its bodies' members), by name or initials",
)
def election_people(request: Any, election_id: Id, q: Annotated[str, Field(max_length=50)] = "") -> list[dict[str, Any]]:
    scope, election = record_allowed(request.user, selectors.election_get, election_id, permissions.can_manage_election)
    return _people(election.meeting.region.path, q)


@ELECTIONS.post("/elections/{election_id}/candidates/{candidate_id}/remove", "Remove a candidate")
def candidate_remove(request: Any, election_id: Id, candidate_id: Id) -> dict[str, Any]:
    def remove(scope: Scope, election: Election, actor: Any) -> None:
        candidate = election.candidates.filter(pk=candidate_id).first()
        if candidate is not None:
            services.candidate_remove(actor=actor, scope=scope, candidate=candidate)
        elif not permissions.can_manage_election(scope, election):
            raise NotPermitted()

    return ELECTIONS.write(request, election_id, remove)


@ELECTIONS.post(
    "/elections/{election_id}/actions/{action}",
    "A move of the election: fix_list, reopen_list, open, close, further_round, announce",
)
def election_act(request: Any, election_id: Id, action: str) -> dict[str, Any]:
    return ELECTIONS.call(request, election_id, services.election_transition, action=action)


# --- appointments -----------------------------------------------------------------------------------------


class NominationOut(Schema):
    id: int
    order: int
    action: str
    name: str
    post: str
    state: str
    decided_on: datetime.date | None
    oath_taken: bool


class AppointmentListOut(Schema):
    id: int
    title: str
    nominator: str
    submitted_on: datetime.date
    meeting_id: int | None
    poll_id: int | None
    state: str


class AppointmentDetailOut(AppointmentListOut):
    nominations: list[NominationOut]
    actions: list[ActionOut]


class NominationIn(Schema):
    name: Name
    post: Str100
    action: Code = "appoint"
    statement: LongText = ""
    person_id: Id | None = None  # picked from /api/appointments/people; refused outside the area


class AppointmentListIn(Schema):
    nominator: Code
    title: Str200
    submitted_on: Day
    nominations: list[NominationIn] = Field(max_length=200)


class OathIn(Schema):
    leader: Name = ""


class HolderOut(Schema):
    id: int
    name: str
    post: str
    start_date: datetime.date
    end_date: datetime.date | None


def _appointment_row(a: AppointmentList) -> dict[str, Any]:
    return {"id": a.pk, **fields(a, "title", "nominator", "submitted_on", "meeting_id", "poll_id", "state")}


def _appointment_detail(scope: Scope, a: AppointmentList) -> dict[str, Any]:
    nominations = [
        {
            "id": n.pk,
            "order": n.order,
            "action": n.action,
            "name": n.name,
            "post": n.post,
            "state": n.state,
            "decided_on": n.decided_on,
            "oath_taken": n.oath_id is not None,
        }
        for n in a.nominations.all()
    ]
    return {**_appointment_row(a), "nominations": nominations, "actions": actions_payload(APPOINTMENTS.available(a, scope))}


APPOINTMENT_LISTS = _record(selectors.appointment_list_get, _appointment_detail, "appointment_list", AppointmentDetailOut)


@router.get("/appointments/", response={200: list[AppointmentListOut], **ERRORS}, summary="Requests to appoint or remove")
def appointment_list(request: Any, year: Year | None = None) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    return [_appointment_row(a) for a in selectors.appointment_list_list(scope=scope, year=year)[:500]]


@router.get("/appointments/holders", response={200: list[HolderOut], **ERRORS}, summary="The register of office-holders")
def holder_list(request: Any, current: bool = False) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    return [
        {"id": h.pk, "name": h.name, "post": h.post, "start_date": h.start_date, "end_date": h.end_date}
        for h in selectors.holder_list(scope=scope, current=current)[:1000]
    ]


@router.get(
    "/appointments/people",
    response={200: list[PersonPickOut], **ERRORS},
    summary="People who may be nominated (deputies and bodies' members of the standing committee's area), by name or initials",
)
def appointment_people(request: Any, q: Annotated[str, Field(max_length=50)] = "") -> list[dict[str, Any]]:
    scope = scope_allowed(request.user, permissions.can_submit_appointments)
    return _people(selectors.standing_committee_for(scope=scope).region.path, q)


@router.get("/appointments/{list_id}", response={200: AppointmentDetailOut, **ERRORS}, summary="One request with its people")
def appointment_detail(request: Any, list_id: Id) -> dict[str, Any]:
    return APPOINTMENT_LISTS.read(request, list_id)


@APPOINTMENT_LISTS.post("/appointments/", "Register a request to appoint or remove")
def appointment_create(request: Any, payload: AppointmentListIn) -> dict[str, Any]:
    def make(scope: Scope, actor: Any) -> AppointmentList:
        return services.appointment_list_submit(
            actor=actor,
            scope=scope,
            body=selectors.standing_committee_for(scope=scope),
            nominator=payload.nominator,
            title=payload.title,
            submitted_on=payload.submitted_on,
            nominations=[n.dict() for n in payload.nominations],
        )

    return APPOINTMENT_LISTS.create(request, make, allowed=permissions.can_submit_appointments)


@APPOINTMENT_LISTS.post(
    "/appointments/{list_id}/actions/{action}", "A move of the request: schedule (meeting_id), open, close, decide"
)
def appointment_act(request: Any, list_id: Id, action: str, payload: MoveIn) -> dict[str, Any]:
    def move(scope: Scope, appointment_list: AppointmentList, actor: Any) -> object:
        meeting: Meeting | None = named(
            selectors.committee_meetings(scope=scope, body=appointment_list.body), payload.meeting_id
        )
        return services.appointment_transition(
            actor=actor, scope=scope, appointment_list=appointment_list, action=action, meeting=meeting
        )

    return APPOINTMENT_LISTS.write(request, list_id, move)


@APPOINTMENT_LISTS.post("/appointments/{list_id}/oath", "Record the constitutional oath")
def oath_record(request: Any, list_id: Id, payload: OathIn) -> dict[str, Any]:
    return APPOINTMENT_LISTS.call(request, list_id, services.oath_record, leader=payload.leader)


# --- bills ----------------------------------------------------------------------------------------------


class SignerOut(Schema):
    deputy_id: int
    name: str
    state: str


class BillOut(Schema):
    id: int
    congress_id: int
    title: str
    proposer: str
    lead: str | None
    state: str
    submitted_on: datetime.date | None
    meeting_id: int | None
    poll_id: int | None
    suggestion_id: int | None


class BillDetailOut(BillOut):
    text: str
    decision_note: str
    signers: list[SignerOut]
    actions: list[ActionOut]


class BillIn(Schema):
    congress_id: Id
    title: Str200
    text: LongText
    proposer: Code
    signer_ids: list[Id] = Field(default=[], max_length=500)


class BillMoveIn(Schema):
    meeting_id: Id | None = None
    note: Annotated[str, Field(max_length=300)] = ""


def _bill_row(b: Bill) -> dict[str, Any]:
    return {
        "id": b.pk,
        "lead": b.lead.person.name if b.lead else None,
        **fields(b, "congress_id", "title", "proposer", "state", "submitted_on", "meeting_id", "poll_id", "suggestion_id"),
    }


def _bill_detail(scope: Scope, b: Bill) -> dict[str, Any]:
    signers = [
        {"deputy_id": s.deputy_id, "name": s.deputy.person.name, "state": s.state}
        for s in b.signers.select_related("deputy__person")
    ]
    return {
        **_bill_row(b),
        "text": b.text,
        "decision_note": b.decision_note,
        "signers": signers,
        "actions": actions_payload(BILL.available(b, scope)),
    }


BILLS = _record(selectors.bill_get, _bill_detail, "bill", BillDetailOut)


@router.get("/bills/", response={200: list[BillOut], **ERRORS}, summary="Bills the caller may see")
def bill_list(request: Any) -> list[dict[str, Any]]:
    return [_bill_row(b) for b in selectors.bill_list(scope=scope_for(request.user))[:500]]


@router.get("/bills/{bill_id}", response={200: BillDetailOut, **ERRORS}, summary="One bill with its signatures and actions")
def bill_detail(request: Any, bill_id: Id) -> dict[str, Any]:
    return BILLS.read(request, bill_id)


@BILLS.post("/bills/", "A draft bill (a deputy leads a deputies' bill)")
def bill_create(request: Any, payload: BillIn) -> dict[str, Any]:
    def make(scope: Scope, actor: Any) -> Bill:
        congress = named(selectors.congresses_for_bills(scope=scope), payload.congress_id)
        signers = list(Deputy.objects.filter(congress=congress, pk__in=payload.signer_ids))
        lead = selectors.own_mandate(scope=scope, congress=congress)
        data = payload.model_dump(include={"title", "text", "proposer"})
        return services.bill_create(actor=actor, scope=scope, congress=congress, lead=lead, signers=signers, **data)

    return BILLS.create(request, make, allowed=permissions.can_propose_bills)


@BILLS.post("/bills/{bill_id}/sign/{action}", "Sign (sign) or decline (decline)")
def bill_sign(request: Any, bill_id: Id, action: str) -> dict[str, Any]:
    def sign(scope: Scope, bill: Bill, actor: Any) -> object:
        signer = next((s for s in bill.signers.select_related("deputy") if permissions.is_own_signature(scope, s)), None)
        if signer is None:
            raise NotPermitted()
        return services.bill_sign(actor=actor, scope=scope, signer=signer, action=action)

    return BILLS.write(request, bill_id, sign)


@BILLS.post(
    "/bills/{bill_id}/actions/{action}",
    "A move of the bill: submit, withdraw, place (meeting_id), refer, open, close, adopt, reject",
)
def bill_act(request: Any, bill_id: Id, action: str, payload: BillMoveIn) -> dict[str, Any]:
    def move(scope: Scope, bill: Bill, actor: Any) -> object:
        meeting = named(selectors.sessions_of(scope=scope, body=bill.congress), payload.meeting_id)
        return services.bill_transition(actor=actor, scope=scope, bill=bill, action=action, meeting=meeting, note=payload.note)

    return BILLS.write(request, bill_id, move)


# --- major matters (/api/decisions/…) -------------------------------------------------------------------------


class MatterOut(Schema):
    id: int
    body_id: int
    title: str
    category: str
    form: str
    state: str
    requested_by: str | None
    meeting_id: int | None
    poll_id: int | None
    number: str
    decided_on: datetime.date | None
    report_due: datetime.date | None
    reported_on: datetime.date | None


class MatterDetailOut(MatterOut):
    request_text: str
    decision_title: str
    decision_text: str
    report_text: str
    actions: list[ActionOut]


class MatterIn(Schema):
    title: Str200
    category: Annotated[str, Field(max_length=20)]
    form: Code = "decision"
    requested_by_id: Id | None = None


class MatterMoveIn(Schema):
    meeting_id: Id | None = None
    text: LongText = ""


def _matter_row(m: Matter) -> dict[str, Any]:
    return {
        "id": m.pk,
        "requested_by": m.requested_by.name if m.requested_by else None,
        **fields(m, "body_id", "title", "category", "form", "state", "meeting_id", "poll_id", "number"),
        **fields(m, "decided_on", "report_due", "reported_on"),  # the decision and its report
    }


def _matter_detail(scope: Scope, m: Matter) -> dict[str, Any]:
    return {
        **_matter_row(m),
        "request_text": m.request_text,
        "decision_title": m.decision_title,
        "decision_text": m.decision_text,
        "report_text": m.report_text,
        "actions": actions_payload(MATTER.available(m, scope)),
    }


MATTERS = _record(selectors.matter_get, _matter_detail, "matter", MatterDetailOut)


@router.get("/decisions/", response={200: list[MatterOut], **ERRORS}, summary="The register of major matters")
def matter_list(request: Any, year: Year | None = None) -> list[dict[str, Any]]:
    return [_matter_row(m) for m in selectors.matter_list(scope=scope_for(request.user), year=year)[:500]]


@router.get("/decisions/{matter_id}", response={200: MatterDetailOut, **ERRORS}, summary="One major matter and its decision")
def matter_detail(request: Any, matter_id: Id) -> dict[str, Any]:
    return MATTERS.read(request, matter_id)


@MATTERS.post("/decisions/", "Enter a major matter in the register")
def matter_create(request: Any, payload: MatterIn) -> dict[str, Any]:
    def make(scope: Scope, actor: Any) -> Matter:
        unit = named(selectors.units_for(scope=scope), payload.requested_by_id)
        data = payload.model_dump(exclude={"requested_by_id"})
        body = selectors.deciding_body_for(scope=scope)
        return services.matter_register(actor=actor, scope=scope, body=body, requested_by=unit, **data)

    return MATTERS.create(request, make, allowed=permissions.can_register_matters)


@MATTERS.post(
    "/decisions/{matter_id}/actions/{action}",
    "A move of the matter: request (text), place (meeting_id), open, close, decide (text), reject, report (text), close_matter",
)
def matter_act(request: Any, matter_id: Id, action: str, payload: MatterMoveIn) -> dict[str, Any]:
    def move(scope: Scope, matter: Matter, actor: Any) -> object:
        meeting = named(selectors.committee_meetings(scope=scope, body=matter.body), payload.meeting_id)
        return services.matter_transition(
            actor=actor, scope=scope, matter=matter, action=action, meeting=meeting, text=payload.text
        )

    return MATTERS.write(request, matter_id, move)
