"""Every write of the supervision app. One transaction each, an audit event inside it, moves along the lifecycles of
`renda.supervision.lifecycles`; the meetings app's polls, agenda items and review opinions and the suggestions app's
suggestions are reached only through their public services.

The package follows the work: `activities` (plan, group, places, articles, findings, report, hearing), `opinions`
(opinions to units and where findings go), `inquiries`, `evaluations`, `campaigns`; `_common` holds what they share.
Every public name is re-exported here.
"""

from .activities import (
    activity_create,
    activity_hearing_set,
    activity_publish,
    activity_report,
    activity_transition,
    activity_update,
    article_record,
    finding_add,
    participant_remove,
    participants_add,
    place_add,
)
from .campaigns import (
    campaign_create,
    campaign_transition,
    checklist_mark,
    checklist_subjects_add,
    indicator_add,
    indicator_report_add,
    list_entry_add,
    target_add,
    target_transition,
)
from .evaluations import (
    evaluation_opinion_write,
    problem_add,
    problem_progress,
    problem_transition,
    round_create,
    round_publish,
    round_transition,
    round_unit_add,
    round_vote_attach,
    round_vote_create,
    round_vote_transition,
    self_report_submit,
)
from .inquiries import inquiry_create, inquiry_followup_add, inquiry_transition, inquiry_vote, question_add
from .opinions import activity_opinion_add, finding_raise_as_suggestion, opinion_report, opinion_transition

__all__ = [
    "activity_create", "activity_hearing_set", "activity_opinion_add", "activity_publish", "activity_report",
    "activity_transition", "activity_update", "article_record", "campaign_create", "campaign_transition",
    "checklist_mark", "checklist_subjects_add", "evaluation_opinion_write", "finding_add", "finding_raise_as_suggestion",
    "indicator_add", "indicator_report_add", "inquiry_create", "inquiry_followup_add", "inquiry_transition",
    "inquiry_vote", "list_entry_add", "opinion_report", "opinion_transition", "participant_remove", "participants_add",
    "place_add", "problem_add", "problem_progress", "problem_transition", "question_add", "round_create",
    "round_publish", "round_transition", "round_unit_add", "round_vote_attach", "round_vote_create",
    "round_vote_transition", "self_report_submit", "target_add", "target_transition",
]  # fmt: skip
