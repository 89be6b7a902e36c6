"""Decisions and review opinions (审议意见): drafted after a report is heard, approved, sent to the unit with a
deadline from the rules, answered by the unit's handling report, put on a later meeting's agenda, closed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify
from renda.core.ordering import next_position
from renda.org.models import Body, Role, RoleGrant, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import MEETING, OPINION, POLL, ROUTING_ACTIONS
from ..models import AgendaItem, Decision, Meeting, Poll, ReviewOpinion
from ..rules import HANDLING_REPORT_MONTHS


def decision_record(*, actor: Actor, scope: Scope, item: AgendaItem, text: str, poll: Poll | None = None) -> Decision:
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    if not text.strip():
        raise DomainError(_("Give the text of the decision."))
    if poll is not None and (poll.item_id != item.pk or not POLL.in_group(poll, "published")):
        raise DomainError(_("The decision's poll must be a published poll on this item."))
    with transaction.atomic():
        existing = Decision.objects.select_for_update().filter(item=item).first()
        if existing:
            if existing.text == text.strip() and existing.poll_id == (poll.pk if poll else None):
                return existing
            raise InvalidTransition(_("This item's decision is already recorded."))
        decision = Decision.objects.create(item=item, text=text.strip(), poll=poll)
        audit_record(
            actor=actor, action="decision.record", obj=decision, after=snapshot(decision), region_id=item.meeting.region_id
        )
    return decision


def opinion_create(*, actor: Actor, scope: Scope, item: AgendaItem, text: str, unit: Unit | None = None) -> ReviewOpinion:
    if not permissions.can_manage_meeting(scope, item.meeting):
        raise NotPermitted()
    unit = unit or item.reporting_unit
    if unit is None:
        raise DomainError(_("Name the unit the opinions go to."))
    if not text.strip():
        raise DomainError(_("Write the opinions."))
    with transaction.atomic():
        duplicate = ReviewOpinion.objects.filter(item=item, unit=unit, text=text.strip()).first()
        if duplicate:
            return duplicate
        opinion = ReviewOpinion.objects.create(item=item, unit=unit, text=text.strip(), region_id=item.meeting.region_id)
        audit_created(actor=actor, action="opinion.create", obj=opinion)
    return opinion


# Each move's own work on the locked opinion: (locked, scope, meeting, date) -> what the audit event adds.
OpinionEffects = Callable[[ReviewOpinion, Scope, Meeting | None, datetime.date], dict[str, Any]]


def _approve(locked: ReviewOpinion, scope: Scope, meeting: Meeting | None, on: datetime.date) -> dict[str, Any]:
    district = locked.item.meeting.body.level == Body.Level.DISTRICT
    # District opinions are approved by the directors' meeting; a town's by its presidium or session.
    if meeting is None or (district and meeting.body.kind != Body.Kind.DIRECTORS_MEETING):
        raise DomainError(_("Name the directors' meeting that approved the opinions."))
    locked.approved_at_meeting = meeting
    return {"approved_at_meeting": meeting.pk}


def _send(locked: ReviewOpinion, scope: Scope, meeting: Meeting | None, on: datetime.date) -> dict[str, Any]:
    """The deadline of the handling report comes from the rule for the meeting's region; the unit's clerks are told."""
    months = core_rules.value(HANDLING_REPORT_MONTHS.key, region_path=locked.item.meeting.region.path)
    deadline = core_rules.add_months(on, months)
    locked.sent_on, locked.deadline = on, deadline
    clerks = [g.user for g in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit=locked.unit).select_related("user")]
    notify(
        users=clerks,
        kind="opinion.sent",
        title=_("Review opinions on %(report)s: handling report due %(date)s")
        % {"report": locked.item.title, "date": deadline.isoformat()},
        url=f"/meetings/opinions/{locked.pk}/",
        dedupe_key=f"opinion-{locked.pk}-sent",
        event_on=deadline,
    )
    return {"sent_on": on, "deadline": deadline}


def _schedule(locked: ReviewOpinion, scope: Scope, meeting: Meeting | None, on: datetime.date) -> dict[str, Any]:
    """The handling report goes on a later meeting's agenda as an item of its own."""
    if meeting is None or meeting.start_date < locked.item.meeting.start_date or meeting.pk == locked.item.meeting_id:
        raise DomainError(_("Choose a later meeting to hear the handling report."))
    if not MEETING.in_group(meeting, "editable"):
        raise DomainError(_("That meeting is closed."))
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    order = next_position(meeting.items.all())
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        kind=AgendaItem.Kind.HANDLING_REPORT,
        title=_("Handling report of %(unit)s on the review opinions about %(report)s")
        % {"unit": locked.unit.name, "report": locked.item.title},
        reporting_unit=locked.unit,
    )
    locked.followup_item = item
    return {"followup_item": item.pk}


def _close(locked: ReviewOpinion, scope: Scope, meeting: Meeting | None, on: datetime.date) -> dict[str, Any]:
    locked.closed_on = on
    return {"closed_on": on}


OPINION_EFFECTS: dict[str, OpinionEffects] = {"approve": _approve, "send": _send, "schedule": _schedule, "close": _close}


def opinion_transition(
    *,
    actor: Actor,
    scope: Scope,
    opinion: ReviewOpinion,
    action: str,
    meeting: Meeting | None = None,
    on: datetime.date | None = None,
) -> ReviewOpinion:
    """approve (at a directors' meeting) → send (deadline from the rule) → [unit reports: `opinion_report`] →
    schedule (on a later meeting's agenda) → close."""
    if not permissions.can_manage_opinion(scope, opinion):
        raise NotPermitted()
    if action not in ROUTING_ACTIONS:
        raise InvalidTransition(_("Unknown action."))
    move = OPINION.transition(action)
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = ReviewOpinion.objects.select_for_update().select_related(*OPINION.related).get(pk=opinion.pk)
        if OPINION.state_of(locked) == move.target:
            return locked  # a retried submit
        before = OPINION.set_state(locked, action)
        after: dict[str, Any] = {"state": move.target, **OPINION_EFFECTS[action](locked, scope, meeting, on)}
        locked.save()
        audit_record(
            actor=actor, action=f"opinion.{action}", obj=locked, before={"state": before}, after=after, region_id=locked.region_id
        )
    return locked


def opinion_report(
    *, actor: Actor, scope: Scope, opinion: ReviewOpinion, text: str, on: datetime.date | None = None
) -> ReviewOpinion:
    """The unit's handling report (研究处理情况报告)."""
    if not permissions.can_report_on_opinion(scope, opinion):
        raise NotPermitted()
    if not text.strip():
        raise DomainError(_("Write the handling report."))
    with transaction.atomic():
        locked = ReviewOpinion.objects.select_for_update().get(pk=opinion.pk)
        if OPINION.state_of(locked) == OPINION.transition("report").target and locked.report_text == text.strip():
            return locked
        if not OPINION.can(locked, "report"):
            raise InvalidTransition(
                _("A handling report can be submitted only for opinions sent to the unit and not yet answered.")
            )
        before = OPINION.set_state(locked, "report")
        locked.report_text, locked.reported_on = text.strip(), on or timezone.localdate()
        locked.save(update_fields=["report_text", "reported_on", "state"])
        audit_record(
            actor=actor,
            action="opinion.report",
            obj=locked,
            before={"state": before},
            after={"state": locked.state, "reported_on": locked.reported_on},
            region_id=locked.region_id,
        )
    return locked
