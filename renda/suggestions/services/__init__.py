"""Every write of the suggestions workflow. One transaction each, the suggestion row locked, an audit event inside.

Each service takes the date of the event (`on`, default today) so the demo can replay a year of events; the
allowed moves are the lifecycles of `renda.suggestions.lifecycles` (checked and set under the row lock); an
illegal one raises `InvalidTransition` and changes nothing; a retried request (same thing already done) returns
the existing result.

The package follows the workflow: `submission` (drafts, submission, co-signing), `review` (the office: accept,
refuse, merge, assign, reassign, extend), `units` (the handling units: accept, return, opinion, contact, answer,
follow-up), `feedback` (the deputy's rating), `publication` (publishing, key suggestions); `common` holds what
they share. Every public name is re-exported here: callers write `services.suggestion_assign(...)`.
"""

from .common import PDF_MAGIC, SUGGESTION_FIELDS, check_mandate, keywords_of, mandate_refusal, serving_on, validate_file
from .feedback import feedback_give
from .publication import key_designate, key_progress_add, suggestion_publish
from .review import (
    suggestion_accept,
    suggestion_assign,
    suggestion_extend,
    suggestion_merge,
    suggestion_reassign,
    suggestion_refuse,
)
from .submission import DRAFT_FIELDS, _submit, cosign_respond, suggestion_create, suggestion_submit, suggestion_update_draft
from .units import answer_follow_up, answer_submit, assignment_accept, assignment_return, co_opinion_send, contact_record_add

__all__ = [
    "DRAFT_FIELDS", "PDF_MAGIC", "SUGGESTION_FIELDS", "_submit", "answer_follow_up", "answer_submit", "assignment_accept",
    "assignment_return", "check_mandate", "co_opinion_send", "contact_record_add", "cosign_respond", "feedback_give", "key_designate",
    "key_progress_add", "keywords_of", "mandate_refusal", "suggestion_accept", "suggestion_assign", "suggestion_create", "suggestion_extend",
    "suggestion_merge", "suggestion_publish", "suggestion_reassign", "suggestion_refuse", "suggestion_submit",
    "suggestion_update_draft", "serving_on", "validate_file",
]  # fmt: skip
