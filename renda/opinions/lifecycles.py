"""The lifecycle of a voter's opinion, declared once: every move, the state it starts from and leads to, who may
take it, and the words the steps are shown with (the staff page, the voter's tracking page, refusals).

    registered ──route──▶ routed ──unit_answer──▶ answered ──tell──▶ told ──feedback──▶ closed
        │  ◀──unit_return──┘                         ▲ │                    ▲
        ├──answer_on_spot───────────────────────────┘ └──────feedback──────┘
        ├──raise_suggestion──▶ suggestion ─┐
        ├──report────────────▶ reported ───┴──record_answer──▶ answered
        ├──merge─────────────▶ merged
        └──out_of_remit──────▶ out_of_remit ──tell──▶ told

Every move writes a `Step` (the opinion's own history, shown to the voter) and an audit event `opinion.<action>`,
so the services hold the row lock themselves and move the state with `OPINION.set_state` (see
`renda.opinions.services`). An opinion enters the table registered: `register` (at a station) and `submit`
(online) have no state to start from and are never offered; they name the first step.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Lifecycle, T
from renda.org.scoping import Scope

from . import permissions
from .models import ANSWERED_STATUSES, OPEN_STATUSES, Opinion, Status

S = Status


def _through_the_suggestions_workflow(scope: Scope, opinion: Opinion) -> bool:
    """Raised by a deputy from the suggestions workflow (which checks who may); never a button here."""
    return False


def _on_the_tracking_page(scope: Scope, opinion: Opinion) -> bool:
    """Given by whoever holds the tracking code (the voter), never by a signed-in user."""
    return False


handle = permissions.can_handle
as_unit = permissions.can_answer_as_unit

OPINION = Lifecycle(
    Opinion,
    field="status",
    audit_prefix="opinion",
    noun=_("opinion"),
    transitions=[
        T("register", (), S.REGISTERED, _("registered at the station")),
        T("submit", (), S.REGISTERED, _("submitted online")),
        T("answer_on_spot", {S.REGISTERED}, S.ANSWERED, _("answered on the spot"), may=handle),
        T("route", {S.REGISTERED}, S.ROUTED, _("routed to a unit"), may=handle, style="primary"),
        T("raise_suggestion", {S.REGISTERED}, S.SUGGESTION, _("raised as a suggestion"), may=_through_the_suggestions_workflow),
        T("report", {S.REGISTERED}, S.REPORTED, _("reported upward"), may=handle),
        T("merge", {S.REGISTERED}, S.MERGED, _("merged"), may=handle),
        T("out_of_remit", {S.REGISTERED}, S.OUT_OF_REMIT, _("declared outside the remit"), may=handle),
        T("unit_answer", {S.ROUTED}, S.ANSWERED, _("answered by the unit"), may=as_unit, style="primary"),
        T("unit_return", {S.ROUTED}, S.REGISTERED, _("returned by the unit"), may=as_unit),
        T("record_answer", {S.SUGGESTION, S.REPORTED}, S.ANSWERED, _("given its answer"), may=handle, style="primary"),
        T("tell", {S.ANSWERED, S.OUT_OF_REMIT}, S.TOLD, _("marked as told to the voter"), may=handle, style="primary"),
        T("feedback", {S.ANSWERED, S.TOLD}, S.CLOSED, _("given the voter's feedback"), may=_on_the_tracking_page),
    ],  # fmt: skip
    groups={
        "open": frozenset(OPEN_STATUSES),  # still being handled: look-alikes, merge targets
        "answered": frozenset(ANSWERED_STATUSES),  # has its answer (a retried answer is a no-op)
        "with_unit": frozenset({S.ROUTED}),  # the unit it was routed to answers for it now
        "merged": frozenset({S.MERGED}),  # handled together with another opinion
        "out_of_remit": frozenset({S.OUT_OF_REMIT}),  # its reason is the answer the voter reads
    },
    related=("station", "region", "unit"),
)


def step_label(action: str, default: str = "") -> str:
    """How a step is named in the opinion's history (the staff page and the voter's tracking page)."""
    if action in OPINION.actions:
        return str(OPINION.transition(action).label)
    return default or action
