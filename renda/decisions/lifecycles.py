"""The lifecycles of the decisions workflow, declared once: elections, appointment lists, bills with their
signers, and major matters. Votes happen on meetings polls; the moves that open, close and publish them here are
the records' own, and each drives its poll through the meetings services as a system actor."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Lifecycle, T

from . import permissions
from .models import AppointmentList, Bill, BillSigner, Election, Matter

ES = Election.State
AS = AppointmentList.State
BS = Bill.State
SS = BillSigner.State
MS = Matter.State


def _places_left(election: Election) -> bool:
    from .services.elections import places_left

    return places_left(election) > 0


def _passed(record: Any) -> bool:
    from .services.common import poll_passed

    return poll_passed(record.poll)


def _not_passed(record: Any) -> bool:
    return not _passed(record)


ELECTION = Lifecycle(
    Election,
    field="state",
    audit_prefix="election",
    noun=_("election"),
    transitions=[
        T(
            "fix_list",
            {ES.DRAFT},
            ES.NOMINATED,
            _("Fix the candidate list"),
            may=permissions.can_manage_election,
            style="primary",
        ),
        T("reopen_list", {ES.NOMINATED}, ES.DRAFT, _("Change the candidate list"), may=permissions.can_manage_election),
        T("open", {ES.NOMINATED}, ES.VOTING, _("Start voting"), may=permissions.can_manage_election, style="primary"),
        T("close", {ES.VOTING}, ES.COUNTING, _("Close voting"), may=permissions.can_manage_election, style="primary"),
        T(
            "further_round",
            {ES.COUNTING},
            ES.NOMINATED,
            _("Publish this round and hold a further round for the places left"),
            may=permissions.can_manage_election,
            when=_places_left,
        ),
        T(
            "announce",
            {ES.COUNTING},
            ES.ANNOUNCED,
            _("Announce the result"),
            may=permissions.can_manage_election,
            style="primary",
        ),
    ],
    groups={
        "editable": frozenset({ES.DRAFT}),
        "voting": frozenset({ES.VOTING}),
        "counting": frozenset({ES.COUNTING}),
        "announced": frozenset({ES.ANNOUNCED}),
    },
    related=("meeting", "meeting__body", "meeting__region"),
)

APPOINTMENTS = Lifecycle(
    AppointmentList,
    field="state",
    audit_prefix="appointments",
    noun=_("appointment list"),
    transitions=[
        T(
            "schedule",
            {AS.SUBMITTED},
            AS.SCHEDULED,
            _("Put on a meeting's agenda"),
            may=permissions.can_manage_appointments,
            style="primary",
        ),
        T("open", {AS.SCHEDULED}, AS.VOTING, _("Start voting"), may=permissions.can_manage_appointments, style="primary"),
        T("close", {AS.VOTING}, AS.COUNTING, _("Close voting"), may=permissions.can_manage_appointments, style="primary"),
        T("decide", {AS.COUNTING}, AS.DECIDED, _("Publish the result"), may=permissions.can_manage_appointments, style="primary"),
    ],
    groups={
        "editable": frozenset({AS.SUBMITTED, AS.SCHEDULED}),
        "decided": frozenset({AS.DECIDED}),
    },
    related=("body",),
)

BILL = Lifecycle(
    Bill,
    field="state",
    audit_prefix="bill",
    noun=_("bill"),
    transitions=[
        T("submit", {BS.DRAFT}, BS.SUBMITTED, _("Submit the bill"), may=permissions.can_submit_bill, style="primary"),
        T("withdraw", {BS.DRAFT, BS.SUBMITTED}, BS.WITHDRAWN, _("Withdraw"), may=permissions.can_withdraw_bill),
        T(
            "place",
            {BS.SUBMITTED},
            BS.ON_AGENDA,
            _("The presidium puts it on the agenda"),
            may=permissions.can_manage_bill,
            style="primary",
        ),
        T(
            "refer",
            {BS.SUBMITTED},
            BS.AS_SUGGESTION,
            _("The presidium has it handled as a suggestion"),
            may=permissions.can_manage_bill,
        ),
        T("open", {BS.ON_AGENDA}, BS.VOTING, _("Start voting"), may=permissions.can_manage_bill, style="primary"),
        T("close", {BS.VOTING}, BS.COUNTING, _("Close voting"), may=permissions.can_manage_bill, style="primary"),
        T(
            "adopt",
            {BS.COUNTING},
            BS.ADOPTED,
            _("Publish: the bill is adopted"),
            may=permissions.can_manage_bill,
            when=_passed,
            style="primary",
        ),
        T(
            "reject",
            {BS.COUNTING},
            BS.REJECTED,
            _("Publish: not adopted"),
            may=permissions.can_manage_bill,
            when=_not_passed,
            style="primary",
        ),
    ],
    groups={
        "editable": frozenset({BS.DRAFT}),
        "signing": frozenset({BS.DRAFT}),
        "awaiting_presidium": frozenset({BS.SUBMITTED}),
        "decided": frozenset({BS.ADOPTED, BS.REJECTED, BS.AS_SUGGESTION}),
    },
    related=("congress",),
)

SIGNER = Lifecycle(
    BillSigner,
    field="state",
    audit_prefix="bill.signer",
    noun=_("signature"),
    transitions=[
        T("sign", {SS.INVITED, SS.DECLINED}, SS.CONFIRMED, _("Sign the bill"), may=permissions.is_own_signature, style="primary"),
        T("decline", {SS.INVITED}, SS.DECLINED, _("Decline"), may=permissions.is_own_signature),
    ],
    groups={"signed": frozenset({SS.CONFIRMED}), "waiting": frozenset({SS.INVITED})},
    related=("bill", "deputy"),
)

MATTER = Lifecycle(
    Matter,
    field="state",
    audit_prefix="matter",
    noun=_("major matter"),
    transitions=[
        T("request", {MS.REGISTERED}, MS.REQUESTED, _("Record the request"), may=permissions.can_manage_matter, style="primary"),
        T("place", {MS.REQUESTED}, MS.PLACED, _("Put on a meeting's agenda"), may=permissions.can_manage_matter, style="primary"),
        T("open", {MS.PLACED}, MS.VOTING, _("Start voting"), may=permissions.can_manage_matter, style="primary"),
        T("close", {MS.VOTING}, MS.COUNTING, _("Close voting"), may=permissions.can_manage_matter, style="primary"),
        T(
            "decide",
            {MS.COUNTING},
            MS.DECIDED,
            _("Publish: the decision is made"),
            may=permissions.can_manage_matter,
            when=_passed,
            style="primary",
        ),
        T(
            "reject",
            {MS.COUNTING},
            MS.REJECTED,
            _("Publish: not adopted"),
            may=permissions.can_manage_matter,
            when=_not_passed,
            style="primary",
        ),
        T(
            "report",
            {MS.DECIDED},
            MS.REPORTED,
            _("Report how it was carried out"),
            may=permissions.can_report_on_matter,
            style="primary",
        ),
        T("close_matter", {MS.REPORTED}, MS.CLOSED, _("Close"), may=permissions.can_manage_matter),
    ],
    groups={
        "open": frozenset({MS.REGISTERED, MS.REQUESTED, MS.PLACED, MS.VOTING, MS.COUNTING}),
        "decided": frozenset({MS.DECIDED, MS.REPORTED, MS.CLOSED}),
        "awaiting_report": frozenset({MS.DECIDED}),
    },
    related=("body",),
)

#: moves that carry their own data and go through their own service (the rest through `*_transition`)
MATTER_FORM_ACTIONS = ("request", "place", "report")
BILL_FORM_ACTIONS = ("place", "refer")
