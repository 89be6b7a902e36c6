"""Every write of the duty app. One transaction each, an audit event inside, idempotent on retry.

The package follows the workflows: `groups` (quarterly topics and group activities), `contacts` (standing-committee
members' contact logs), `training` (plans, sessions, attendance), `reports` (reports to voters), `self_reports`
(activities deputies report themselves, confirmed by staff); `common` holds what they share. Every public name is
re-exported here: callers write `services.topic_send(...)`.
"""

from .contacts import contact_follow_up, contact_log_create
from .groups import activity_cancel, activity_close, activity_create, activity_record, topic_close, topic_create, topic_send
from .reports import report_cancel, report_record, report_schedule
from .self_reports import (
    evidence_add,
    self_report_confirm,
    self_report_decline,
    self_report_resubmit,
    self_report_submit,
    self_report_update,
    self_report_withdraw,
)
from .training import invitees, plan_create, session_cancel, session_create, session_record

__all__ = [
    "activity_cancel", "activity_close", "activity_create", "activity_record", "contact_follow_up", "contact_log_create",
    "evidence_add", "invitees", "plan_create", "report_cancel", "report_record", "report_schedule", "self_report_confirm",
    "self_report_decline", "self_report_resubmit", "self_report_submit", "self_report_update", "self_report_withdraw",
    "session_cancel", "session_create", "session_record", "topic_close", "topic_create", "topic_send",
]  # fmt: skip
