"""The lifecycles of the suggestions workflow, declared once: the suggestion, a unit's part in handling it (the
assignment), and a co-signer's answer.

A suggestion: draft ─submit→ submitted (or ─ask_cosigners→ cosigning ─cosigned→ submitted when the last co-signer
has answered) ─accept→ accepted; submitted or accepted ─refuse→ not accepted, ─merge→ merged, ─assign→ assigned;
assigned ─unit_return→ returned ─assign→ assigned; assigned or returned ─reassign→ assigned and assigned ─extend→
assigned (loops: new units, a longer deadline); assigned or rehandling ─answer→ answered ─close→ closed or
─rehandle→ rehandling.

The services hold the suggestion's row lock and move it with `check()` / `set_state()`; they write the audit event
themselves (the before/after of the workflow fields) and keep the state copied onto the parts in step
(`services.common._save`). Views and the API show `available(obj, scope)`; templates and selectors name the
`groups`, never the state values. A refused move keeps the message users have always read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.errors import InvalidTransition
from renda.core.lifecycle import Label, Lifecycle, T, Transition

from . import permissions
from .models import Assignment, CoSigner, State, Suggestion

M = TypeVar("M", bound=models.Model)
S = State
A = Assignment.Status
C = CoSigner.Status


@dataclass
class WorkflowLifecycle(Lifecycle[M]):
    """A lifecycle whose refused moves say what this workflow has always said (`refusal`, formatted with the state
    label as `state` and `status`), and whose groups can be required as a gate for actions that do not move the
    state (record a contact while the suggestion is with the units)."""

    refusal: Label = ""

    def refused(self, obj: Any) -> InvalidTransition:
        label = self.state_label(obj)
        return InvalidTransition(str(self.refusal) % {"state": label, "status": label})

    def check(self, obj: Any, action: str) -> Transition:
        t = self.transition(action)
        if self.state_of(obj) not in t.sources:
            raise self.refused(obj)
        return t

    def done(self, obj: Any, action: str) -> bool:
        """Whether the object already stands where this move leads (a retried request; never for a loop)."""
        t = self.transition(action)
        return not t.is_loop and self.state_of(obj) == t.target

    def require(self, obj: Any, group: str) -> None:
        """Refuse (with the workflow's message) unless the object is in one of the group's states."""
        if not self.in_group(obj, group):
            raise self.refused(obj)


def _nobody(scope: Any, obj: Any) -> bool:
    """Moves the platform makes on its own (the last co-signer's answer submits): never offered as a button."""
    return False


def _awaits_cosigners(suggestion: Suggestion) -> bool:
    return suggestion.cosigners.filter(status=C.INVITED).exists()


SUGGESTION: WorkflowLifecycle[Suggestion] = WorkflowLifecycle(
    Suggestion,
    field="state",
    audit_prefix="suggestion",
    noun=_("suggestion"),
    refusal=_("This cannot be done while the suggestion is %(state)s."),
    related=("region", "congress"),
    transitions=[
        # The deputy submits: numbered at once, or first sent to the co-signers, submitted when the last one answers.
        T("submit", {S.DRAFT}, S.SUBMITTED, _("Submit"), may=permissions.can_edit,
          when=lambda s: not _awaits_cosigners(s), style="primary"),
        T("ask_cosigners", {S.DRAFT}, S.COSIGNING, _("Submit"), may=permissions.can_edit, when=_awaits_cosigners,
          style="primary"),
        T("cosigned", {S.COSIGNING}, S.SUBMITTED, _("Submit"), may=_nobody),
        # The office reviews and assigns.
        T("accept", {S.SUBMITTED}, S.ACCEPTED, _("Accept"), may=permissions.can_review),
        T("refuse", {S.SUBMITTED, S.ACCEPTED}, S.NOT_ACCEPTED, _("Record as not accepted"), may=permissions.can_review),
        T("merge", {S.SUBMITTED, S.ACCEPTED}, S.MERGED, _("Merge"), may=permissions.can_review),
        T("assign", {S.SUBMITTED, S.ACCEPTED, S.RETURNED}, S.ASSIGNED, _("Assign"), may=permissions.can_review,
          style="primary"),
        T("reassign", {S.ASSIGNED, S.RETURNED}, S.ASSIGNED, _("Reassign"), may=permissions.can_review),
        T("extend", {S.ASSIGNED}, S.ASSIGNED, _("Extend"), may=permissions.can_review, when=lambda s: not s.is_hard),
        # The lead unit returns it (a co-unit's return leaves the suggestion with the units) or answers it.
        T("unit_return", {S.ASSIGNED}, S.RETURNED, _("Return"), may=permissions.is_lead_unit),
        T("answer", {S.ASSIGNED, S.REHANDLING}, S.ANSWERED, _("Send the answer"), may=permissions.is_lead_unit,
          style="primary"),
        # The deputy's feedback: satisfied (or basically) closes it, not satisfied sends it back to the lead unit.
        T("close", {S.ANSWERED}, S.CLOSED, _("Send feedback"), may=permissions.can_give_feedback),
        T("rehandle", {S.ANSWERED}, S.REHANDLING, _("Send feedback"), may=permissions.can_give_feedback),
    ],  # fmt: skip
    groups={
        "draft": {S.DRAFT},  # the deputy still edits it
        "hidden_from_staff": {S.DRAFT, S.COSIGNING},  # not yet submitted: only the deputy and co-signers see it
        "cosignable": {S.DRAFT, S.COSIGNING, S.SUBMITTED},  # co-signers may still answer
        "awaiting_ack": {S.SUBMITTED},  # a recess suggestion the office has to acknowledge
        "in_review": {S.SUBMITTED, S.ACCEPTED},  # the office compares it with similar ones
        "set_aside": {S.NOT_ACCEPTED, S.MERGED},  # not handled on its own
        "with_units": {S.ASSIGNED, S.REHANDLING},  # units owe an answer (the inbox, reminders, overdue)
        "rehandling": {S.REHANDLING},  # the deputy was not satisfied: a re-handled answer is due
        "contactable": {S.ASSIGNED, S.REHANDLING, S.ANSWERED},  # the lead unit records contact with the deputy
        "answered": {S.ANSWERED, S.REHANDLING, S.CLOSED},  # an answer was given
        "handled": {S.ASSIGNED, S.RETURNED, S.ANSWERED, S.REHANDLING, S.CLOSED},  # assigned at least once
        "answer_stands": {S.ANSWERED, S.CLOSED},  # published with it; a planned item is answered again once solved
        "may_become_key": {S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.RETURNED, S.ANSWERED, S.REHANDLING},
    },
)


def _suggestion_with_units(a: Assignment) -> bool:
    return SUGGESTION.in_group(a.suggestion, "with_units")


def _co_unit_with_units(a: Assignment) -> bool:
    return a.role == Assignment.Role.CO and _suggestion_with_units(a)


ASSIGNMENT: WorkflowLifecycle[Assignment] = WorkflowLifecycle(
    Assignment,
    field="status",
    audit_prefix="suggestion",
    noun=_("assignment"),
    refusal=_("This assignment is no longer with your unit (%(status)s)."),
    related=("unit",),
    transitions=[
        T("accept", {A.PENDING}, A.ACCEPTED, _("Accept for handling"), may=permissions.can_act_for_unit,
          when=_suggestion_with_units, style="primary"),
        T("return", Assignment.LIVE, A.RETURNED, _("Return"), may=permissions.can_act_for_unit,
          when=lambda a: SUGGESTION.can(a.suggestion, "unit_return")),
        T("opinion", {A.PENDING, A.ACCEPTED}, A.OPINION_SENT, _("Send"), may=permissions.can_act_for_unit,
          when=_co_unit_with_units, style="primary"),
        T("revise_opinion", {A.OPINION_SENT}, A.OPINION_SENT, _("Send"), may=permissions.can_act_for_unit,
          when=_co_unit_with_units),
        # The office's reassignment withdraws every live part (one UPDATE of the rows).
        T("withdraw", Assignment.LIVE, A.WITHDRAWN, _("Withdraw"), may=_nobody),
    ],  # fmt: skip
    groups={
        "live": Assignment.LIVE,  # still the unit's to handle
        "to_do": {A.PENDING, A.ACCEPTED},  # the inbox: neither answered by a co-unit's opinion nor ended
        "accepted": {A.ACCEPTED, A.OPINION_SENT},  # taken up by the unit
    },
)

COSIGNER: WorkflowLifecycle[CoSigner] = WorkflowLifecycle(
    CoSigner,
    field="status",
    audit_prefix="suggestion",
    noun=_("co-signer"),
    refusal=_("You have already answered this request."),
    region_attr=None,
    transitions=[
        T("confirm", {C.INVITED}, C.CONFIRMED, _("Confirm co-signing"), may=permissions.can_cosign,
          when=lambda c: SUGGESTION.in_group(c.suggestion, "cosignable"), style="primary"),
        T("decline", {C.INVITED}, C.DECLINED, _("Decline"), may=permissions.can_cosign,
          when=lambda c: SUGGESTION.in_group(c.suggestion, "cosignable")),
    ],  # fmt: skip
    groups={"invited": {C.INVITED}, "confirmed": {C.CONFIRMED}},
)
