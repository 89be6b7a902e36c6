"""The yearly cycle and its candidate list: create a cycle, move it along its lifecycle (`lifecycles.CYCLE`), add
candidates while the list is open."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted, required_text
from renda.core.ordering import next_position
from renda.meetings.lifecycles import POLL
from renda.org.models import Body, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import CYCLE, CYCLE_ACTIONS
from ..models import Candidate, Cycle, Evaluation, Proposal
from ._common import decimal, lock_cycle, refuse_unless


def cycle_create(*, actor: Actor, scope: Scope, congress: Body, year: int, places: int) -> Cycle:
    if not permissions.can_create_cycle_for(scope, congress):
        raise NotPermitted()
    if not (2000 <= int(year) <= 2100):
        raise DomainError(_("Give a year between 2000 and 2100."))
    if int(places) < 1:
        raise DomainError(_("At least one place."))
    with transaction.atomic():
        existing = Cycle.objects.filter(congress=congress, year=year).first()
        if existing:
            if existing.places == int(places):
                return existing  # a retried submit
            raise DomainError(_("This congress already has a cycle for %(year)s.") % {"year": year})
        cycle = Cycle.objects.create(congress=congress, year=year, places=places, region_id=congress.region_id)
        audit_created(actor=actor, action="projects.cycle.create", obj=cycle)
    return cycle


REVIEW_BODY_KINDS = {Body.Kind.STANDING_COMMITTEE, Body.Kind.DIRECTORS_MEETING, Body.Kind.PRESIDIUM}


def _record_review(locked: Cycle, review_body: Body | None, note: str, on: datetime.date | None) -> dict[str, Any]:
    """The review of a candidate list with more candidates than places, by the congress's own standing committee
    or presidium, with its opinion."""
    n = locked.candidates.count()
    if n <= locked.places:
        raise DomainError(
            _("The candidate list needs more candidates than places (%(n)d candidates for %(places)d places).")
            % {"n": n, "places": locked.places}
        )
    if (
        review_body is None
        or review_body.kind not in REVIEW_BODY_KINDS
        or (review_body.congress_id or review_body.pk) != locked.congress_id
    ):
        raise DomainError(_("Name the standing committee or presidium of this congress that reviewed the list."))
    if not note.strip():
        raise DomainError(_("Record the review opinion."))
    locked.review_body, locked.review_note = review_body, note.strip()
    locked.reviewed_on = on or timezone.localdate()
    return {"review_body": review_body.pk, "reviewed_on": locked.reviewed_on}


def _satisfaction_published(locked: Cycle) -> dict[str, Any]:
    evaluation = Evaluation.objects.filter(cycle=locked).select_related("poll").first()
    if evaluation is None or not POLL.in_group(evaluation.poll, "published"):
        raise InvalidTransition(_("Publish the year-end satisfaction evaluation first."))
    return {"evaluation": evaluation.pk, "poll": evaluation.poll_id}


def cycle_transition(
    *,
    actor: Actor,
    scope: Scope,
    cycle: Cycle,
    action: str,
    review_body: Body | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Cycle:
    """close_proposals (collecting → listing); review (listing → reviewed: the standing committee or presidium
    reviewed a candidate list with more candidates than places); evaluate (implementing → evaluated: the year-end
    satisfaction poll is published, its verdicts are the cycle's last word)."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    if action not in CYCLE_ACTIONS:
        raise InvalidTransition(_("Unknown action."))
    target = CYCLE.transition(action).target
    with transaction.atomic():
        locked = lock_cycle(cycle)
        if locked.state == target:
            return locked  # a retried submit
        refuse_unless(CYCLE, locked, action, _("A cycle in the state “%(state)s” cannot do this."))
        after: dict[str, Any] = {"state": target}
        if action == "review":
            after.update(_record_review(locked, review_body, note, on))
        elif action == "evaluate":
            after.update(_satisfaction_published(locked))
        before = CYCLE.set_state(locked, action)
        locked.save()
        audit_record(
            actor=actor,
            action=f"projects.cycle.{action}",
            obj=locked,
            before={"state": before},
            after=after,
            region_id=locked.region_id,
        )
    return locked


# --- candidates ---------------------------------------------------------------------------------------


def candidate_add(
    *,
    actor: Actor,
    scope: Scope,
    cycle: Cycle,
    title: str,
    description: str = "",
    cost: Any,
    funding: str,
    unit: Unit,
    deadline: datetime.date | None,
    proposal: Proposal | None = None,
) -> Candidate:
    """A line of the government's candidate list: cost, funding, responsible unit, deadline."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    title = required_text(title, _("Give the project a title (at most 200 characters)."))
    cost = decimal(cost, _("Give the cost in 10,000 yuan as a number."))
    if cost < 0:
        raise DomainError(_("The cost cannot be negative."))
    if not (funding or "").strip():
        raise DomainError(_("Name the source of funding."))
    if deadline is None or deadline.year < cycle.year:
        raise DomainError(_("The deadline must fall in the cycle's year or later."))
    if proposal is not None and proposal.cycle_id != cycle.pk:
        raise DomainError(_("That proposal belongs to another cycle."))
    with transaction.atomic():
        locked = lock_cycle(cycle)
        if not CYCLE.in_group(locked, "list_open"):
            raise InvalidTransition(_("The candidate list is reviewed and can no longer change."))
        existing = locked.candidates.filter(title=title).first()
        if existing:
            return existing  # a retried submit
        order = next_position(locked.candidates.all())
        candidate = Candidate.objects.create(
            cycle=locked,
            order=order,
            title=title,
            description=(description or "").strip(),
            cost=cost,
            funding=funding.strip(),
            unit=unit,
            deadline=deadline,
            proposal=proposal,
            region_id=locked.region_id,
        )
        audit_record(
            actor=actor, action="projects.candidate.add", obj=candidate, after=snapshot(candidate), region_id=locked.region_id
        )
    return candidate
