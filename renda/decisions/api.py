"""API of the decisions app: elections (/api/elections/…), appointments and removals (/api/appointments/…), scoped
like the pages, through the same selectors and services. A move the record's state (or a missing quorum) does not
allow answers 409 with the reason; bad input 422; outside the scope 404."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from renda.core.errors import InvalidTransition, NotPermitted
from renda.core.lifecycle import actions_payload
from renda.core.schemas import ERRORS as CORE_ERRORS
from renda.core.schemas import ActionOut, Day, ErrorOut, Id, SmallCount, Year
from renda.meetings.models import Meeting
from renda.meetings.rules import TEXT_MAX
from renda.org.models import Deputy
from renda.org.scoping import scope_for

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
R = TypeVar("R")


def _conflict_or(call: Callable[[], R]) -> R | Status:
    try:
        return call()
    except InvalidTransition as exc:
        return Status(409, {"detail": " ".join(exc.messages)})


# --- elections ----------------------------------------------------------------------------------------------


class CandidateOut(Schema):
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


class RoundOut(Schema):
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
    candidates: list[CandidateOut]
    rounds: list[RoundOut]
    actions: list[ActionOut]


class ElectionIn(Schema):
    meeting_id: Id
    post: Str100
    places: Annotated[int, Field(ge=1, le=99)]
    post_kind: Code = Election.PostKind.OTHER
    kind: Code | None = None
    body_id: Id | None = None
    role: Code = ""


class CandidateIn(Schema):
    name: Name = ""
    person_id: Id | None = None
    source: Code = "presidium"
    nominators: Annotated[int, Field(ge=1, le=10_000)] | None = None


class MoveIn(Schema):
    meeting_id: Id | None = None


def _election_row(e: Election) -> dict[str, Any]:
    return {
        "id": e.pk,
        "meeting_id": e.meeting_id,
        "meeting": e.meeting.title,
        "post": e.post,
        "post_kind": e.post_kind,
        "places": e.places,
        "kind": e.kind,
        "state": e.state,
        "announced_on": e.announced_on,
    }


def _election_detail(request: Any, e: Election) -> dict[str, Any]:
    scope = scope_for(request.user)
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


@router.get("/elections/", response={200: list[ElectionOut], **ERRORS}, summary="Elections the caller may see")
def election_list(request: Any, year: Year | None = None) -> list[dict[str, Any]]:
    scope = scope_for(request.user)
    return [_election_row(e) for e in selectors.election_list(scope=scope, year=year)[:500]]


@router.get(
    "/elections/{election_id}", response={200: ElectionDetailOut, **ERRORS}, summary="One election: candidates, rounds, actions"
)
def election_detail(request: Any, election_id: Id) -> dict[str, Any]:
    return _election_detail(request, selectors.election_get(scope=scope_for(request.user), pk=election_id))


@router.post("/elections/", response={200: ElectionDetailOut, **ERRORS}, summary="Set up an election at a congress session")
def election_create(request: Any, payload: ElectionIn) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    if not permissions.can_create_elections(scope):
        raise NotPermitted()
    meeting = selectors.sessions_for_elections(scope=scope).filter(pk=payload.meeting_id).first()
    if meeting is None:
        raise Http404
    body = None
    if payload.body_id is not None:
        from renda.org.models import Body

        body = Body.objects.filter(pk=payload.body_id).first()
        if body is None:
            raise Http404

    def run() -> dict[str, Any]:
        election = services.election_create(
            actor=request.user,
            scope=scope,
            meeting=meeting,
            post=payload.post,
            places=payload.places,
            post_kind=payload.post_kind,
            body=body,
            role=payload.role,
            kind=payload.kind,
        )
        return _election_detail(request, selectors.election_get(scope=scope, pk=election.pk))

    return _conflict_or(run)


@router.post(
    "/elections/{election_id}/candidates",
    response={200: ElectionDetailOut, **ERRORS},
    summary="Add a candidate (while the list is open)",
)
def candidate_add(request: Any, election_id: Id, payload: CandidateIn) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    election = selectors.election_get(scope=scope, pk=election_id)
    person = None
    if payload.person_id is not None:
        # only a person of the congress's area (its deputies, its bodies' members): anyone else is not found
        person = selectors.people_for(region_path=election.meeting.region.path).filter(pk=payload.person_id).first()
        if person is None:
            raise Http404

    def run() -> dict[str, Any]:
        services.candidate_add(
            actor=request.user,
            scope=scope,
            election=election,
            person=person,
            name=payload.name,
            source=payload.source,
            nominators=payload.nominators,
        )
        return _election_detail(request, election)

    return _conflict_or(run)


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
    scope = scope_for(request.user)
    election = selectors.election_get(scope=scope, pk=election_id)
    if not permissions.can_manage_election(scope, election):
        raise NotPermitted()
    return _people(election.meeting.region.path, q)


@router.post(
    "/elections/{election_id}/candidates/{candidate_id}/remove",
    response={200: ElectionDetailOut, **ERRORS},
    summary="Remove a candidate",
)
def candidate_remove(request: Any, election_id: Id, candidate_id: Id) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    election = selectors.election_get(scope=scope, pk=election_id)
    candidate = election.candidates.filter(pk=candidate_id).first()

    def run() -> dict[str, Any]:
        if candidate is not None:
            services.candidate_remove(actor=request.user, scope=scope, candidate=candidate)
        elif not permissions.can_manage_election(scope, election):
            raise NotPermitted()
        return _election_detail(request, election)

    return _conflict_or(run)


@router.post(
    "/elections/{election_id}/actions/{action}",
    response={200: ElectionDetailOut, **ERRORS},
    summary="A move of the election: fix_list, reopen_list, open, close, further_round, announce",
)
def election_act(request: Any, election_id: Id, action: str) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    election = selectors.election_get(scope=scope, pk=election_id)

    def run() -> dict[str, Any]:
        moved = services.election_transition(actor=request.user, scope=scope, election=election, action=action)
        return _election_detail(request, selectors.election_get(scope=scope, pk=moved.pk))

    return _conflict_or(run)


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
    return {
        "id": a.pk,
        "title": a.title,
        "nominator": a.nominator,
        "submitted_on": a.submitted_on,
        "meeting_id": a.meeting_id,
        "poll_id": a.poll_id,
        "state": a.state,
    }


def _appointment_detail(request: Any, a: AppointmentList) -> dict[str, Any]:
    scope = scope_for(request.user)
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
    scope = scope_for(request.user)
    if not permissions.can_submit_appointments(scope):
        raise NotPermitted()
    return _people(selectors.standing_committee_for(scope=scope).region.path, q)


@router.get("/appointments/{list_id}", response={200: AppointmentDetailOut, **ERRORS}, summary="One request with its people")
def appointment_detail(request: Any, list_id: Id) -> dict[str, Any]:
    return _appointment_detail(request, selectors.appointment_list_get(scope=scope_for(request.user), pk=list_id))


@router.post("/appointments/", response={200: AppointmentDetailOut, **ERRORS}, summary="Register a request to appoint or remove")
def appointment_create(request: Any, payload: AppointmentListIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_submit_appointments(scope):
        raise NotPermitted()
    created = services.appointment_list_submit(
        actor=request.user,
        scope=scope,
        body=selectors.standing_committee_for(scope=scope),
        nominator=payload.nominator,
        title=payload.title,
        submitted_on=payload.submitted_on,
        nominations=[n.dict() for n in payload.nominations],
    )
    return _appointment_detail(request, selectors.appointment_list_get(scope=scope, pk=created.pk))


@router.post(
    "/appointments/{list_id}/actions/{action}",
    response={200: AppointmentDetailOut, **ERRORS},
    summary="A move of the request: schedule (meeting_id), open, close, decide",
)
def appointment_act(request: Any, list_id: Id, action: str, payload: MoveIn) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    appointment_list = selectors.appointment_list_get(scope=scope, pk=list_id)
    meeting: Meeting | None = None
    if payload.meeting_id is not None:
        meeting = selectors.committee_meetings(scope=scope, body=appointment_list.body).filter(pk=payload.meeting_id).first()
        if meeting is None:
            raise Http404

    def run() -> dict[str, Any]:
        moved = services.appointment_transition(
            actor=request.user, scope=scope, appointment_list=appointment_list, action=action, meeting=meeting
        )
        return _appointment_detail(request, selectors.appointment_list_get(scope=scope, pk=moved.pk))

    return _conflict_or(run)


@router.post(
    "/appointments/{list_id}/oath", response={200: AppointmentDetailOut, **ERRORS}, summary="Record the constitutional oath"
)
def oath_record(request: Any, list_id: Id, payload: OathIn) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    appointment_list = selectors.appointment_list_get(scope=scope, pk=list_id)

    def run() -> dict[str, Any]:
        services.oath_record(actor=request.user, scope=scope, appointment_list=appointment_list, leader=payload.leader)
        return _appointment_detail(request, appointment_list)

    return _conflict_or(run)


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
        "congress_id": b.congress_id,
        "title": b.title,
        "proposer": b.proposer,
        "lead": b.lead.person.name if b.lead else None,
        "state": b.state,
        "submitted_on": b.submitted_on,
        "meeting_id": b.meeting_id,
        "poll_id": b.poll_id,
        "suggestion_id": b.suggestion_id,
    }


def _bill_detail(request: Any, b: Bill) -> dict[str, Any]:
    scope = scope_for(request.user)
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


@router.get("/bills/", response={200: list[BillOut], **ERRORS}, summary="Bills the caller may see")
def bill_list(request: Any) -> list[dict[str, Any]]:
    return [_bill_row(b) for b in selectors.bill_list(scope=scope_for(request.user))[:500]]


@router.get("/bills/{bill_id}", response={200: BillDetailOut, **ERRORS}, summary="One bill with its signatures and actions")
def bill_detail(request: Any, bill_id: Id) -> dict[str, Any]:
    return _bill_detail(request, selectors.bill_get(scope=scope_for(request.user), pk=bill_id))


@router.post("/bills/", response={200: BillDetailOut, **ERRORS}, summary="A draft bill (a deputy leads a deputies' bill)")
def bill_create(request: Any, payload: BillIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_propose_bills(scope):
        raise NotPermitted()
    congress = selectors.congresses_for_bills(scope=scope).filter(pk=payload.congress_id).first()
    if congress is None:
        raise Http404
    signers = list(Deputy.objects.filter(congress=congress, pk__in=payload.signer_ids))
    bill = services.bill_create(
        actor=request.user,
        scope=scope,
        congress=congress,
        title=payload.title,
        text=payload.text,
        proposer=payload.proposer,
        lead=selectors.own_mandate(scope=scope, congress=congress),
        signers=signers,
    )
    return _bill_detail(request, selectors.bill_get(scope=scope, pk=bill.pk))


@router.post(
    "/bills/{bill_id}/sign/{action}", response={200: BillDetailOut, **ERRORS}, summary="Sign (sign) or decline (decline)"
)
def bill_sign(request: Any, bill_id: Id, action: str) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    bill = selectors.bill_get(scope=scope, pk=bill_id)
    signer = next((s for s in bill.signers.select_related("deputy") if permissions.is_own_signature(scope, s)), None)
    if signer is None:
        raise NotPermitted()

    def run() -> dict[str, Any]:
        services.bill_sign(actor=request.user, scope=scope, signer=signer, action=action)
        return _bill_detail(request, bill)

    return _conflict_or(run)


@router.post(
    "/bills/{bill_id}/actions/{action}",
    response={200: BillDetailOut, **ERRORS},
    summary="A move of the bill: submit, withdraw, place (meeting_id), refer, open, close, adopt, reject",
)
def bill_act(request: Any, bill_id: Id, action: str, payload: BillMoveIn) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    bill = selectors.bill_get(scope=scope, pk=bill_id)
    meeting = None
    if payload.meeting_id is not None:
        meeting = selectors.sessions_of(scope=scope, body=bill.congress).filter(pk=payload.meeting_id).first()
        if meeting is None:
            raise Http404

    def run() -> dict[str, Any]:
        moved = services.bill_transition(
            actor=request.user, scope=scope, bill=bill, action=action, meeting=meeting, note=payload.note
        )
        return _bill_detail(request, selectors.bill_get(scope=scope, pk=moved.pk))

    return _conflict_or(run)


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
        "body_id": m.body_id,
        "title": m.title,
        "category": m.category,
        "form": m.form,
        "state": m.state,
        "requested_by": m.requested_by.name if m.requested_by else None,
        "meeting_id": m.meeting_id,
        "poll_id": m.poll_id,
        "number": m.number,
        "decided_on": m.decided_on,
        "report_due": m.report_due,
        "reported_on": m.reported_on,
    }


def _matter_detail(request: Any, m: Matter) -> dict[str, Any]:
    scope = scope_for(request.user)
    return {
        **_matter_row(m),
        "request_text": m.request_text,
        "decision_title": m.decision_title,
        "decision_text": m.decision_text,
        "report_text": m.report_text,
        "actions": actions_payload(MATTER.available(m, scope)),
    }


@router.get("/decisions/", response={200: list[MatterOut], **ERRORS}, summary="The register of major matters")
def matter_list(request: Any, year: Year | None = None) -> list[dict[str, Any]]:
    return [_matter_row(m) for m in selectors.matter_list(scope=scope_for(request.user), year=year)[:500]]


@router.get("/decisions/{matter_id}", response={200: MatterDetailOut, **ERRORS}, summary="One major matter and its decision")
def matter_detail(request: Any, matter_id: Id) -> dict[str, Any]:
    return _matter_detail(request, selectors.matter_get(scope=scope_for(request.user), pk=matter_id))


@router.post("/decisions/", response={200: MatterDetailOut, **ERRORS}, summary="Enter a major matter in the register")
def matter_create(request: Any, payload: MatterIn) -> dict[str, Any]:
    scope = scope_for(request.user)
    if not permissions.can_register_matters(scope):
        raise NotPermitted()
    unit = None
    if payload.requested_by_id is not None:
        unit = selectors.units_for(scope=scope).filter(pk=payload.requested_by_id).first()
        if unit is None:
            raise Http404
    matter = services.matter_register(
        actor=request.user,
        scope=scope,
        body=selectors.deciding_body_for(scope=scope),
        title=payload.title,
        category=payload.category,
        form=payload.form,
        requested_by=unit,
    )
    return _matter_detail(request, selectors.matter_get(scope=scope, pk=matter.pk))


@router.post(
    "/decisions/{matter_id}/actions/{action}",
    response={200: MatterDetailOut, **ERRORS},
    summary="A move of the matter: request (text), place (meeting_id), open, close, decide (text), reject, report (text), close_matter",
)
def matter_act(request: Any, matter_id: Id, action: str, payload: MatterMoveIn) -> dict[str, Any] | Status:
    scope = scope_for(request.user)
    matter = selectors.matter_get(scope=scope, pk=matter_id)
    meeting = None
    if payload.meeting_id is not None:
        meeting = selectors.committee_meetings(scope=scope, body=matter.body).filter(pk=payload.meeting_id).first()
        if meeting is None:
            raise Http404

    def run() -> dict[str, Any]:
        moved = services.matter_transition(
            actor=request.user, scope=scope, matter=matter, action=action, meeting=meeting, text=payload.text
        )
        return _matter_detail(request, selectors.matter_get(scope=scope, pk=moved.pk))

    return _conflict_or(run)
