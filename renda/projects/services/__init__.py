"""Every write of the projects app: one transaction each, the audit event inside it, the moves of its lifecycles
(`renda.projects.lifecycles`) taken through `check`/`set_state` with each service's own side effects.

- `cycles`: the yearly cycle and its candidate list.
- `proposals`: proposals from deputies, units and the public (phone code), and the staff's decisions.
- `ballots`: the ballot on the meetings poll machinery, its rules locked once voting opens, adoption, run-offs.
- `implementation`: results, progress reports, the bulk update from Excel.
- `supervision`: supervision groups and records, the year-end satisfaction evaluation.

Callers use this package as one module (`from renda.projects import services; services.cycle_create(...)`).
"""

from ..lifecycles import CYCLE_ACTIONS
from .ballots import FORM_METHOD, RUNOFF_FORM, ballot_configure, ballot_transition, ballot_vote, runoff_create
from .cycles import candidate_add, cycle_create, cycle_transition
from .implementation import (
    BULK_HEADERS,
    BULK_MAX_ROWS,
    BULK_REQUIRED,
    bulk_update,
    ensure_statuses,
    node_add,
    report_add,
)
from .proposals import OTP_PURPOSE, proposal_code_request, proposal_decide, proposal_submit, proposal_submit_public
from .supervision import evaluation_create, group_create, supervision_add

__all__ = [
    "BULK_HEADERS",
    "BULK_MAX_ROWS",
    "BULK_REQUIRED",
    "CYCLE_ACTIONS",
    "FORM_METHOD",
    "OTP_PURPOSE",
    "RUNOFF_FORM",
    "ballot_configure",
    "ballot_transition",
    "ballot_vote",
    "bulk_update",
    "candidate_add",
    "cycle_create",
    "cycle_transition",
    "ensure_statuses",
    "evaluation_create",
    "group_create",
    "node_add",
    "proposal_code_request",
    "proposal_decide",
    "proposal_submit",
    "proposal_submit_public",
    "report_add",
    "runoff_create",
    "supervision_add",
]
