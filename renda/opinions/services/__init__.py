"""Every write of the opinions app: one transaction each, the lifecycle's table (`renda.opinions.lifecycles.OPINION`)
checked for every move, a step and an audit event for every change, idempotent on retry.

The sections are modules; every public name is here, so callers write `services.opinion_route(...)`:
- `codes`: tracking codes and the one-time codes that confirm a voter's phone (SMS, rate limits);
- `attachments`: the files of an opinion, checked by their content against the rules;
- `registration`: registered at a station, or sent online by a voter;
- `handling`: routing, answering, reporting, merging, telling the voter; the unit's answer or return (`opinion_act`:
  any of them by name, as the page and the API post them);
- `voter`: the voter's follow-up on the tracking page;
- `common`: the row lock, steps with their audit events, deadlines and categories.
"""

from .attachments import attachment_hint, attachment_rules, check_attachments
from .codes import CODE_ALPHABET, code_request, new_tracking_code, normalise_phone
from .common import answer_deadline, categories
from .handling import (
    opinion_act,
    opinion_answer_on_spot,
    opinion_merge,
    opinion_out_of_remit,
    opinion_raise_as_suggestion,
    opinion_record_answer,
    opinion_report,
    opinion_reveal_contact,
    opinion_route,
    opinion_tell,
    opinion_unit_answer,
    opinion_unit_return,
)
from .registration import online_station_for, opinion_register, opinion_submit_online
from .voter import opinion_feedback, track_allowed, track_failed

__all__ = [
    "CODE_ALPHABET",
    "answer_deadline",
    "attachment_hint",
    "attachment_rules",
    "categories",
    "check_attachments",
    "code_request",
    "new_tracking_code",
    "normalise_phone",
    "online_station_for",
    "opinion_act",
    "opinion_answer_on_spot",
    "opinion_feedback",
    "opinion_merge",
    "opinion_out_of_remit",
    "opinion_raise_as_suggestion",
    "opinion_record_answer",
    "opinion_register",
    "opinion_report",
    "opinion_reveal_contact",
    "opinion_route",
    "opinion_submit_online",
    "opinion_tell",
    "opinion_unit_answer",
    "opinion_unit_return",
    "track_allowed",
    "track_failed",
]
