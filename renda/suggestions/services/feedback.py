"""The deputy's feedback on an answer: satisfied closes the suggestion, not satisfied sends it back for re-handling."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.actors import Actor
from renda.core.audit import snapshot
from renda.core.errors import DomainError, NotPermitted
from renda.org.scoping import Scope

from .. import permissions
from .. import rules as srules
from ..lifecycles import ASSIGNMENT, SUGGESTION
from ..models import Answer, Assignment, Feedback, Rating, Suggestion
from .common import SUGGESTION_FIELDS, _audit, _lock, _rule, _save, _tell, _when, unit_clerks


def feedback_give(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, process: str, result: str | None = None, comment: str = "",
    on: datetime.date | None = None, at: datetime.datetime | None = None,
) -> Feedback:  # fmt: skip
    """满意 / 基本满意 / 不满意 for the process and the result (one rating when the rule says so).

    Not satisfied → re-handling with its own deadline; otherwise the suggestion is closed."""
    if not permissions.can_give_feedback(scope, suggestion):
        raise NotPermitted()
    with transaction.atomic():
        locked = _lock(suggestion)
        latest = locked.answers.order_by("-round").values_list("answered_on", flat=True).first()
        day = _when(on, at, after=latest)
        if not _rule(srules.SPLIT_RATING, locked) or result is None:
            result = process
        if process not in Rating.values or result not in Rating.values:
            raise DomainError(_("Choose satisfied, basically satisfied or not satisfied."))
        answer = locked.answers.exclude(kind=Answer.Kind.FOLLOW_UP).order_by("-round").first()
        done = Feedback.objects.filter(answer=answer).first() if answer else None
        if done and (done.process_rating, done.result_rating) == (process, result):
            return done
        SUGGESTION.check(locked, "close")  # satisfied or not, only an answered suggestion is rated
        assert answer is not None  # an answered suggestion has its answer
        Feedback.objects.filter(suggestion=locked, is_latest=True).update(is_latest=False)
        feedback = Feedback.objects.create(
            suggestion=locked, answer=answer, process_rating=process, result_rating=result, comment=(comment or "").strip(),
            given_on=day,
        )  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        if feedback.satisfied:
            SUGGESTION.set_state(locked, "close")
            locked.closed_on = day
        else:
            SUGGESTION.set_state(locked, "rehandle")
            locked.rehandle_due = rules.add_months(day, _rule(srules.REHANDLE_MONTHS, locked))
            lead = locked.assignments.filter(role=Assignment.Role.LEAD, status__in=ASSIGNMENT.group("live"))
            lead.update(due_on=locked.rehandle_due)
            if locked.lead_unit_id:
                _tell(
                    unit_clerks([locked.lead_unit_id]),
                    locked,
                    "rehandle",
                    _("The deputy is not satisfied with the answer to %(number)s: handle it again by %(date)s")
                    % {"number": locked.number, "date": locked.rehandle_due.isoformat()},
                    on=locked.rehandle_due,
                    per=feedback.pk,
                )
        _save(locked)
        _audit(actor, "feedback", locked, before, process=process, result=result, round=answer.round)
    return feedback
