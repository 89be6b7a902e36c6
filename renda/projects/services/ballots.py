"""The ballot, on the meetings poll machinery (poll_create / poll_update / poll_transition / poll_vote, called as a
system actor on the staff member's behalf). This module keeps the ballot's own rules (form, N of M, threshold, tie
rule) on `Ballot` and refuses any change to them once the poll has left the "created" state — the rules lock when
voting opens. Publishing a round counts it and creates the adopted projects; a tie at the last place under the
"runoff" rule takes a run-off round."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.meetings import services as meeting_services
from renda.meetings.lifecycles import POLL
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import BALLOT, CYCLE, POLL_ACTION
from ..models import Ballot, Cycle, Evaluation, Project
from ..rules import BALLOT_FORM, BALLOT_KIND, THRESHOLD, TIE_RULE
from ..tally import ballot_result
from ._common import lock_cycle, on_behalf_of, refuse_unless

FORM_METHOD: dict[str, str] = {
    Ballot.Form.YNA: Poll.Method.YNA,
    Ballot.Form.PICK: Poll.Method.PICK,
    Ballot.Form.RANK: Poll.Method.RANK,
}


def _check_rules(
    cycle: Cycle, form: str, kind: str, max_choices: int | None, threshold: str, tie_rule: str, n: int
) -> int | None:
    if form not in Ballot.Form.values:
        raise DomainError(_("Unknown ballot form."))
    if kind not in Poll.Kind.values:
        raise DomainError(_("Unknown way of voting."))
    if threshold not in Poll.Threshold.values:
        raise DomainError(_("Unknown threshold."))
    if tie_rule not in Ballot.TieRule.values:
        raise DomainError(_("Unknown tie rule."))
    if form == Ballot.Form.PICK:
        max_choices = max_choices or cycle.places
        if not (1 <= max_choices < n):
            raise DomainError(
                _("N, the number of ticks allowed, must be at least 1 and fewer than the %(m)d candidates.") % {"m": n}
            )
        return max_choices
    if form == Ballot.Form.RANK:
        max_choices = max_choices or n
        if not (1 <= max_choices <= n):
            raise DomainError(_("Rank at most as many projects as there are candidates."))
        return max_choices
    return None


def _ballot_item(actor: Actor, cycle: Cycle, meeting: Meeting) -> AgendaItem:
    """The session's project-ballot agenda item, added when the agenda has none."""
    item = meeting.items.filter(kind=AgendaItem.Kind.PROJECT_BALLOT).order_by("order").first()
    if item is None:
        item = on_behalf_of(
            meeting_services.agenda_item_add,
            actor,
            f"cycle {cycle.pk} puts its ballot on the agenda of meeting {meeting.pk}",
            meeting=meeting,
            kind=AgendaItem.Kind.PROJECT_BALLOT,
            title=_("Ballot on the %(year)s livelihood projects") % {"year": cycle.year},
        )
    return item


def ballot_configure(
    *,
    actor: Actor,
    scope: Scope,
    cycle: Cycle,
    meeting: Meeting,
    form: str | None = None,
    kind: str | None = None,
    max_choices: int | None = None,
    threshold: str | None = None,
    tie_rule: str | None = None,
) -> Ballot:
    """Set the ballot's rules and put the candidates on a poll at the session. Allowed while the poll has not
    started; once voting opens the rules are locked and this is refused (nothing changes)."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    path = cycle.region.path
    form = form or core_rules.value(BALLOT_FORM.key, region_path=path)
    kind = kind or core_rules.value(BALLOT_KIND.key, region_path=path)
    threshold = threshold or core_rules.value(THRESHOLD.key, region_path=path)
    tie_rule = tie_rule or core_rules.value(TIE_RULE.key, region_path=path)
    if meeting.body_id != cycle.congress_id:
        raise DomainError(_("The ballot is held at a session of the cycle's own congress."))
    with transaction.atomic():
        locked = lock_cycle(cycle)
        ballot = Ballot.objects.select_for_update(of=("self",)).filter(cycle=locked, round=1).select_related("poll").first()
        if ballot is not None and ballot.poll is not None:
            poll = Poll.objects.select_for_update().get(pk=ballot.poll.pk)
            if not POLL.in_group(poll, "draft"):
                raise InvalidTransition(_("Voting has opened: the ballot's rules are locked and cannot be edited."))
        refuse_unless(CYCLE, locked, "ballot", _("Set up the ballot after the candidate list has been reviewed."))
        candidates = list(locked.candidates.order_by("order"))
        max_choices = _check_rules(locked, form, kind, max_choices, threshold, tie_rule, len(candidates))
        values = {"form": form, "kind": kind, "max_choices": max_choices, "threshold": threshold, "tie_rule": tie_rule}
        if ballot is None:
            item = _ballot_item(actor, locked, meeting)
            poll = on_behalf_of(
                meeting_services.poll_create,
                actor,
                f"cycle {locked.pk} sets its ballot",
                meeting=meeting,
                item=item,
                title=_("Ballot on the %(year)s livelihood projects (%(places)d of %(n)d)")
                % {"year": locked.year, "places": locked.places, "n": len(candidates)},
                kind=kind,
                method=FORM_METHOD[form],
                options=[(c.title, c.ref) for c in candidates],
                max_choices=max_choices,
                threshold=threshold,
            )
            ballot = Ballot.objects.create(
                cycle=locked, meeting=meeting, item=item, poll=poll, region_id=locked.region_id, **values
            )
            audit_record(actor=actor, action="projects.ballot.configure", obj=ballot, after=values, region_id=locked.region_id)
        else:
            if ballot.meeting_id != meeting.pk:
                raise DomainError(_("The ballot is already set at another session."))
            before = snapshot(ballot, list(values))
            if before == values:
                return ballot
            for key, value in values.items():
                setattr(ballot, key, value)
            ballot.save(update_fields=list(values))
            assert ballot.poll is not None  # a ballot gets its poll when it is first configured
            on_behalf_of(
                meeting_services.poll_update,
                actor,
                f"ballot {ballot.pk} changes its rules",
                poll=ballot.poll,
                kind=kind,
                method=FORM_METHOD[form],
                max_choices=max_choices,
                threshold=threshold,
            )
            audit_record(
                actor=actor,
                action="projects.ballot.configure",
                obj=ballot,
                before=before,
                after=values,
                region_id=locked.region_id,
            )
        if CYCLE.set_state(locked, "ballot") != locked.state:
            locked.save(update_fields=["state"])
    return ballot


def _adopt(locked: Cycle, ballot: Ballot) -> dict[str, Any]:
    """Count the published round and create its adopted projects (a run-off's ranked from the tied rank on);
    the cycle moves voting → implementing with the first round. Returns the audit data of the decision."""
    outcome = ballot_result(ballot)
    candidates = {c.ref: c for c in locked.candidates.select_related("unit")}
    projects = []
    for line in outcome.adopted:
        c = candidates[line.ref]
        projects.append(
            Project(
                cycle=locked,
                candidate=c,
                title=c.title,
                unit=c.unit,
                rank=ballot.first_rank + line.rank - 1,
                deadline=c.deadline,
                region_id=locked.region_id,
            )
        )
    Project.objects.bulk_create(projects)
    ballot.decided_at = timezone.now()
    ballot.save(update_fields=["decided_at"])
    if CYCLE.can(locked, "decide"):
        CYCLE.set_state(locked, "decide")
        locked.save(update_fields=["state"])
    return {
        "round": ballot.round,
        "places": outcome.places,
        "adopted": [line.ref for line in outcome.adopted],
        "runoff": [line.ref for line in outcome.lines if line.tied],
        "base": outcome.base,
        "required": outcome.required,
        "cast": outcome.cast,
    }


def ballot_transition(*, actor: Actor, scope: Scope, ballot: Ballot, action: str) -> Ballot:
    """open (voting opens, rules lock) → close → publish (the result is counted; adopted projects created).
    The same for a run-off round: publishing it adopts its winners, ranked from the tied rank on."""
    cycle = ballot.cycle
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    BALLOT.transition(action)  # "Unknown action."
    poll_action = POLL_ACTION[action]
    with transaction.atomic():
        locked = lock_cycle(cycle)
        ballot = Ballot.objects.select_for_update(of=("self",)).select_related("poll", "cycle").get(pk=ballot.pk)
        if action == "publish" and ballot.decided_at is not None:
            return ballot  # a retried submit
        assert ballot.poll is not None
        on_behalf_of(
            meeting_services.poll_transition, actor, f"ballot {ballot.pk}: {action}", poll=ballot.poll, action=poll_action
        )
        if action == "publish":
            ballot.poll.refresh_from_db()
            audit_record(
                actor=actor, action="projects.ballot.decide", obj=ballot, after=_adopt(locked, ballot), region_id=locked.region_id
            )
        else:
            audit_record(
                actor=actor,
                action=f"projects.ballot.{action}",
                obj=ballot,
                after={"poll": poll_action},
                region_id=locked.region_id,
            )
    return ballot


RUNOFF_FORM: dict[str, str] = {
    Ballot.Form.YNA: Ballot.Form.YNA,
    Ballot.Form.PICK: Ballot.Form.PICK,
    Ballot.Form.RANK: Ballot.Form.PICK,
}


def runoff_create(*, actor: Actor, scope: Scope, ballot: Ballot, meeting: Meeting | None = None) -> Ballot:
    """A run-off ballot for a tie at the last place, from a published round whose tie rule is "runoff": the tied
    candidates only, for the places still free, the same way of voting, threshold and tie rule; the form stays
    for/against/abstain, and tick-N or rank become "tick at most (free places)" (the re-vote among equal
    candidates of the election law). At a session of the cycle's congress, by default the round's own session.
    Refused (nothing changes) when the round is not published, has no such tie, already has a run-off, or the
    cycle's evaluation has begun."""
    cycle = ballot.cycle
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    meeting = meeting or ballot.meeting
    if meeting.body_id != cycle.congress_id:
        raise DomainError(_("The run-off is held at a session of the cycle's own congress."))
    with transaction.atomic():
        locked = lock_cycle(cycle)
        ballot = Ballot.objects.select_for_update(of=("self",)).select_related("poll", "cycle").get(pk=ballot.pk)
        existing = Ballot.objects.filter(previous=ballot).select_related("poll").first()
        if existing is not None:
            assert existing.poll is not None
            if POLL.in_group(existing.poll, "published"):
                raise InvalidTransition(
                    _("This round already had its run-off; a further tie is decided by a run-off of that round.")
                )
            raise InvalidTransition(
                _("A run-off for this round is already set (%(state)s).") % {"state": existing.poll.get_state_display()}
            )
        if ballot.poll is None or not POLL.in_group(ballot.poll, "published") or ballot.decided_at is None:
            raise InvalidTransition(_("A run-off follows a published result."))
        if not CYCLE.in_group(locked, "implementing") or Evaluation.objects.filter(cycle=locked).exists():
            raise InvalidTransition(_("The cycle's year-end evaluation has begun: no further run-off."))
        outcome = ballot_result(ballot)
        tied = [line for line in outcome.lines if line.tied]
        if not outcome.runoff or not tied:
            raise InvalidTransition(_("No tie at the last place is left for a run-off in this result."))
        free = outcome.places - len(outcome.adopted)
        form = RUNOFF_FORM[ballot.form]
        item = ballot.item if meeting.pk == ballot.meeting_id else _ballot_item(actor, locked, meeting)
        round_ = ballot.round + 1
        poll = on_behalf_of(
            meeting_services.poll_create,
            actor,
            f"ballot {ballot.pk} sets its run-off",
            meeting=meeting,
            item=item,
            title=_("Run-off on the %(year)s livelihood projects, round %(round)d (%(places)d of %(n)d)")
            % {"year": locked.year, "round": round_, "places": free, "n": len(tied)},
            kind=ballot.kind,
            method=FORM_METHOD[form],
            options=[(line.text, line.ref) for line in sorted(tied, key=lambda line: line.order)],
            max_choices=free if form == Ballot.Form.PICK else None,
            threshold=ballot.threshold,
        )
        runoff = Ballot.objects.create(
            cycle=locked,
            round=round_,
            previous=ballot,
            places=free,
            first_rank=ballot.first_rank + tied[0].rank - 1,
            meeting=meeting,
            item=item,
            poll=poll,
            form=form,
            kind=ballot.kind,
            max_choices=free if form == Ballot.Form.PICK else None,
            threshold=ballot.threshold,
            tie_rule=ballot.tie_rule,
            region_id=locked.region_id,
        )
        audit_record(
            actor=actor,
            action="projects.ballot.runoff",
            obj=runoff,
            after={
                "round": round_,
                "of": ballot.pk,
                "candidates": [line.ref for line in tied],
                "places": free,
                "form": form,
                "kind": ballot.kind,
                "meeting": meeting.pk,
            },
            region_id=locked.region_id,
        )
    return runoff


def ballot_vote(*, actor: Actor, ballot: Ballot, choices: Any) -> str:
    """A deputy's ballot, through the meetings vote (one per deputy, entitlement, validation, audit)."""
    if ballot.poll_id is None:
        raise NotPermitted(hide=True)  # no poll yet: as the meetings vote answers for an unknown poll
    return meeting_services.poll_vote(actor=actor, poll_id=ballot.poll_id, choices=choices)
