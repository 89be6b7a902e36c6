"""Services of the decisions app, by section: elections at sessions, appointments and removals, bills, and the
register of major-matter decisions. Each vote is a meetings poll driven as a system actor on the user's behalf
(`common.on_behalf_of`); the lifecycles are in `renda.decisions.lifecycles`."""

from .appointments import (
    NOMINATION_REF,
    appointment_letter_docx,
    appointment_list_submit,
    appointment_transition,
    oath_record,
)
from .bills import bill_create, bill_sign, bill_transition, min_signers
from .common import poll_passed
from .elections import (
    CANDIDATE_REF,
    RoundOutcome,
    candidate_add,
    candidate_remove,
    current_round,
    election_create,
    election_results,
    election_transition,
    places_left,
    round_outcome,
)
from .matters import categories, decision_docx, matter_register, matter_transition

__all__ = [
    "CANDIDATE_REF",
    "NOMINATION_REF",
    "RoundOutcome",
    "appointment_letter_docx",
    "appointment_list_submit",
    "appointment_transition",
    "bill_create",
    "bill_sign",
    "bill_transition",
    "categories",
    "decision_docx",
    "matter_register",
    "matter_transition",
    "min_signers",
    "candidate_add",
    "candidate_remove",
    "current_round",
    "election_create",
    "election_results",
    "election_transition",
    "oath_record",
    "places_left",
    "poll_passed",
    "round_outcome",
]
