"""Opinions sent to units after an activity, and where a finding goes next.

Where the activity's report is heard at a meeting, its opinions are that agenda item's review opinions (the
meetings service creates them, the meetings loop follows them). Otherwise they are sent to the unit directly and
follow the same loop here: a deadline from the meetings rule, the unit's handling report, an item on a later
meeting's agenda (added by the meetings service), closed.

A participant's suggestion may also become their own deputy's suggestion, through the suggestions app's service.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record, audit_saved
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify
from renda.meetings import services as meeting_services
from renda.meetings.lifecycles import MEETING
from renda.meetings.models import AgendaItem, Meeting, ReviewOpinion
from renda.meetings.rules import HANDLING_REPORT_MONTHS
from renda.org.models import Deputy, Unit
from renda.org.scoping import Scope
from renda.suggestions import services as suggestion_services
from renda.suggestions.models import Suggestion

from .. import permissions
from ..lifecycles import ACTIVITY, OPINION, OPINION_ROUTING
from ..models import Activity, Finding, SupervisionOpinion
from ._common import agenda_item_add, clerks_of, congress_of, required, today


def activity_opinion_add(
    *, actor: Actor, scope: Scope, activity: Activity, unit: Unit, text: str, finding: Finding | None = None
) -> SupervisionOpinion | ReviewOpinion:
    """Opinions for a unit from an activity: a review opinion on the item where the report is heard (meetings
    loop), or a supervision opinion sent directly (this app's loop). A finding it comes from is linked to it."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    text = required(text, _("Write the opinions."))
    if finding is not None and finding.activity_id != activity.pk:
        raise DomainError(_("That finding belongs to another activity."))
    if not ACTIVITY.in_group(activity, "held"):
        raise InvalidTransition(_("Opinions are sent once the activity has taken place."))
    if activity.heard_at_id is not None:
        assert activity.heard_at is not None
        with transaction.atomic():
            review = meeting_services.opinion_create(actor=actor, scope=scope, item=activity.heard_at, text=text, unit=unit)
            _link(actor, finding, "review_opinion", review)
        return review
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        opinion = SupervisionOpinion.objects.filter(activity=locked, unit=unit, text=text).first()
        if opinion is None:
            opinion = SupervisionOpinion.objects.create(activity=locked, unit=unit, text=text, region_id=locked.region_id)
            audit_created(actor=actor, action="supervision.opinion.create", obj=opinion)
        _link(actor, finding, "opinion", opinion)
    return opinion


def _link(actor: Actor, finding: Finding | None, field: str, opinion: Model) -> None:
    """The finding (if any) linked to the opinion raised from it (`field`: "opinion" or "review_opinion"), once."""
    if finding is None or getattr(finding, f"{field}_id") == opinion.pk:
        return
    Finding.objects.filter(pk=finding.pk).update(**{field: opinion})
    audit_record(
        actor=actor, action="supervision.finding.link", obj=finding, after={field: opinion.pk}, region_id=finding.region_id
    )


def _send(locked: SupervisionOpinion, on: datetime.date) -> dict[str, Any]:
    """The handling report's deadline from the meetings rule for the activity's region; the unit's clerks are told."""
    months = core_rules.value(HANDLING_REPORT_MONTHS.key, region_path=locked.activity.region.path)
    deadline = core_rules.add_months(on, months)
    locked.sent_on, locked.deadline = on, deadline
    notify(
        users=clerks_of(locked.unit_id),
        kind="supervision.opinion.sent",
        title=_("Supervision opinions on %(subject)s: handling report due %(date)s")
        % {"subject": locked.activity.title, "date": deadline.isoformat()},
        url=f"/supervision/opinions/{locked.pk}/",
        dedupe_key=f"supervision-opinion-{locked.pk}-sent",
        event_on=deadline,
    )
    return {"sent_on": on, "deadline": deadline}


def _schedule(actor: Actor, scope: Scope, locked: SupervisionOpinion, meeting: Meeting | None) -> dict[str, Any]:
    """The handling report goes on a later meeting's agenda, added by the meetings service (for staff who run it)."""
    if meeting is None or locked.reported_on is None or meeting.start_date < locked.reported_on:
        raise DomainError(_("Choose a meeting after the handling report to hear it."))
    if congress_of(meeting.body) != congress_of(locked.activity.organiser):
        raise DomainError(_("The handling report is heard at a meeting of the organiser's own congress."))
    if not MEETING.in_group(meeting, "editable"):
        raise DomainError(_("That meeting is closed."))
    item = agenda_item_add(
        actor=actor,
        scope=scope,
        meeting=meeting,
        kind=AgendaItem.Kind.HANDLING_REPORT,
        title=_("Handling report of %(unit)s on the supervision opinions about %(subject)s")
        % {"unit": locked.unit.name, "subject": locked.activity.title},
        reporting_unit=locked.unit,
    )
    locked.followup_item = item
    return {"followup_item": item.pk}


def opinion_transition(
    *,
    actor: Actor,
    scope: Scope,
    opinion: SupervisionOpinion,
    action: str,
    meeting: Meeting | None = None,
    on: datetime.date | None = None,
) -> SupervisionOpinion:
    """send (deadline from the rule, clerks told) → [the unit reports: `opinion_report`] → schedule (an item on a
    later meeting's agenda) → close."""
    if not permissions.can_manage_opinion(scope, opinion):
        raise NotPermitted()
    if action not in OPINION_ROUTING:
        raise InvalidTransition(_("Unknown action."))
    day = today(on)

    def effects(locked: SupervisionOpinion) -> dict[str, Any]:
        if action == "send":
            return _send(locked, day)
        if action == "schedule":
            return _schedule(actor, scope, locked, meeting)
        locked.closed_on = day
        return {"closed_on": day}

    return OPINION.apply(opinion, action, actor=actor, scope=scope, effects=effects)


def opinion_report(
    *, actor: Actor, scope: Scope, opinion: SupervisionOpinion, text: str, on: datetime.date | None = None
) -> SupervisionOpinion:
    """The unit's handling report (研究处理情况报告)."""
    if not permissions.can_report_on_opinion(scope, opinion):
        raise NotPermitted()
    text = required(text, _("Write the handling report."))
    day = today(on)
    if opinion.sent_on is not None and day < opinion.sent_on:
        raise DomainError(_("The report cannot be dated before the opinions were sent."))

    def effects(locked: SupervisionOpinion) -> dict[str, Any]:
        locked.report_text, locked.reported_on = text, day
        return {"reported_on": day}

    return OPINION.apply(opinion, "report", actor=actor, scope=scope, effects=effects)


# --- a finding raised as a deputy's suggestion -----------------------------------------------------------------


def finding_raise_as_suggestion(
    *, actor: Actor, scope: Scope, finding: Finding, title: str, category: str, submit: bool = True
) -> Suggestion:
    """A participant's own suggestion becomes their deputy's suggestion: created by the suggestions service for the
    deputy (it checks the mandate, the category and the text); the finding keeps the link. Once only."""
    if not permissions.can_raise_finding(scope, finding):
        raise NotPermitted()
    if finding.kind != Finding.Kind.SUGGESTION:
        raise DomainError(_("Only a suggestion can be raised as a deputy's suggestion."))
    if finding.suggestion_id is not None:
        assert finding.suggestion is not None
        return finding.suggestion
    mandate = (
        Deputy.objects.filter(person_id=scope.person_id or 0, status=Deputy.Status.SERVING)
        .select_related("congress")
        .order_by("pk")
        .first()
    )
    if mandate is None:
        raise DomainError(_("Only a serving deputy can make a suggestion."))
    text = finding.text if not finding.place else f"{finding.text}（{finding.place}）"
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.suggestion_id is not None:
            assert locked.suggestion is not None
            return locked.suggestion
        suggestion = suggestion_services.suggestion_create(
            actor=actor,
            scope=scope,
            author=mandate,
            title=title,
            text=text,
            category=category,
            client_token=f"supervision-finding-{locked.pk}",
            submit=submit,
        )
        audit_saved(locked, actor=actor, action="supervision.finding.raise", suggestion=suggestion)
    return suggestion
