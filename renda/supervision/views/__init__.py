"""Thin views of the supervision app: read through selectors, write through services, rules from permissions."""

from .activities import (
    activity_create,
    activity_detail,
    activity_edit,
    activity_hearing,
    activity_list,
    activity_opinion_add,
    activity_report,
    activity_report_docx,
    activity_transition,
    article_record,
    finding_add,
    finding_list,
    finding_raise,
    participant_remove,
    participants_add,
    participation_list,
    place_add,
)
from .campaigns import (
    campaign_checklist,
    campaign_create,
    campaign_detail,
    campaign_list,
    campaign_town,
    campaign_transition,
    checklist_mark,
    indicator_add,
    indicator_detail,
    indicator_report_add,
    list_entry_add,
    target_add,
    target_transition,
)
from .evaluations import (
    evaluated_detail,
    evaluation_opinion,
    problem_add,
    problem_list,
    problem_progress,
    problem_transition,
    round_create,
    round_detail,
    round_list,
    round_transition,
    round_vote,
    self_report,
)
from .inquiries import (
    inquiry_create,
    inquiry_detail,
    inquiry_followup,
    inquiry_list,
    inquiry_transition,
    inquiry_vote,
    question_add,
)
from .opinions import opinion_detail, opinion_list, opinion_report, opinion_transition
from .personal import mine, public_activity, public_list, public_round, unit

__all__ = [
    "activity_create", "activity_detail", "activity_edit", "activity_hearing", "activity_list", "activity_opinion_add",
    "activity_report", "activity_report_docx", "activity_transition", "article_record", "campaign_checklist",
    "campaign_create", "campaign_detail", "campaign_list", "campaign_town", "campaign_transition", "checklist_mark",
    "evaluated_detail", "evaluation_opinion", "finding_add", "finding_list", "finding_raise", "indicator_add",
    "indicator_detail", "indicator_report_add", "inquiry_create", "inquiry_detail", "inquiry_followup", "inquiry_list",
    "inquiry_transition", "inquiry_vote", "list_entry_add", "mine", "opinion_detail", "opinion_list", "opinion_report",
    "opinion_transition", "participant_remove", "participants_add", "participation_list", "place_add", "problem_add",
    "problem_list", "problem_progress", "problem_transition", "public_activity", "public_list", "public_round",
    "question_add", "round_create", "round_detail", "round_list", "round_transition", "round_vote", "self_report",
    "target_add", "target_transition", "unit",
]  # fmt: skip
