"""Every write of the meetings app: one transaction each, the audit event inside it, moves along the lifecycles
declared in `renda.meetings.lifecycles`.

One module per part of the workflow; every public name is re-exported here, so callers write
`from renda.meetings import services; services.poll_create(...)` whatever module it lives in.
"""

from ..membership import QuorumNotReached, meeting_title, member_person_ids, quorum_of, require_quorum
from .attendance import attendance_action, attendee_invite, leave_request, sign_in_by_token, sign_in_self
from .corrections import (
    agenda_item_delete,
    agenda_item_edit,
    agenda_item_move,
    agenda_reorder,
    meeting_correct,
    require_correctable,
)
from .meetings import (
    agenda_item_add,
    document_add,
    meeting_create,
    meeting_publish,
    meeting_transition,
    midyear_rollout,
    preparatory_done,
    require_editable,
)
from .minutes_result import MinutesCount, poll_record_minutes
from .paper import (
    COUNTED_KINDS,
    Reconciliation,
    check_rank_grid,
    paper_count_discard,
    paper_count_enter,
    paper_count_keys,
    paper_reconciliation,
)
from .polls import poll_create, poll_transition, poll_update
from .preparatory import PreparatoryState, preparatory_meeting_create, preparatory_state
from .review import decision_record, opinion_create, opinion_report, opinion_transition
from .votes import SATISFACTION_VALUES, WRITE_IN_PREFIX, YNA_VALUES, AlreadyVoted, clean_write_ins, normalize_choices, poll_vote

__all__ = [
    "COUNTED_KINDS",
    "PreparatoryState",
    "QuorumNotReached",
    "WRITE_IN_PREFIX",
    "clean_write_ins",
    "preparatory_done",
    "preparatory_meeting_create",
    "preparatory_state",
    "quorum_of",
    "require_quorum",
    "SATISFACTION_VALUES",
    "YNA_VALUES",
    "AlreadyVoted",
    "MinutesCount",
    "poll_record_minutes",
    "Reconciliation",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_reorder",
    "meeting_correct",
    "require_correctable",
    "attendance_action",
    "attendee_invite",
    "check_rank_grid",
    "decision_record",
    "document_add",
    "leave_request",
    "meeting_create",
    "meeting_publish",
    "meeting_title",
    "meeting_transition",
    "member_person_ids",
    "midyear_rollout",
    "normalize_choices",
    "opinion_create",
    "opinion_report",
    "opinion_transition",
    "paper_count_discard",
    "paper_count_enter",
    "paper_count_keys",
    "paper_reconciliation",
    "poll_create",
    "poll_transition",
    "poll_update",
    "poll_vote",
    "require_editable",
    "sign_in_by_token",
    "sign_in_self",
]
