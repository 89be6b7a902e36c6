"""Department (station) evaluation: the units evaluated in a round, their self-reports, the deputies' written
opinions, the problem list per unit compiled and handed over, the units' rectification with deadlines and progress
reports, the satisfaction votes (meetings polls) and their results fixed into the audit trail, publication."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor, user_of
from renda.core.audit import audit_created, audit_record, audit_saved, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify
from renda.meetings import permissions as meeting_permissions
from renda.meetings import services as meeting_services
from renda.meetings.lifecycles import POLL
from renda.meetings.models import Meeting, Poll
from renda.org.models import Body, Deputy, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import PROBLEM, ROUND
from ..models import EvaluatedUnit, EvaluationOpinion, EvaluationRound, EvaluationVote, ProblemItem, ProgressReport
from ..results import vote_results
from ..rules import RECTIFY_MONTHS, rule
from ._common import clerks_of, congress_of, on_behalf_of, publish, required, today

POLL_ACTIONS = ("start", "finish", "publish")


def _check_units(organiser: Body, units: Sequence[Unit]) -> list[Unit]:
    units = list({u.pk: u for u in units}.values())
    if not units:
        raise DomainError(_("Choose the units to evaluate."))
    region = organiser.region
    for unit in units:
        # a town evaluates its stations; the district its departments (and nothing of another town)
        if not (unit.region.path.startswith(region.path) or region.path.startswith(unit.region.path)):
            raise DomainError(_("%(unit)s is outside the organiser's region.") % {"unit": unit.name})
    return units


def round_create(*, actor: Actor, scope: Scope, organiser: Body, title: str, year: int, units: Sequence[Unit]) -> EvaluationRound:
    """A round of a presidium (or the standing committee, a committee) evaluating these units."""
    if organiser.kind not in permissions.ORGANISER_KINDS:
        raise DomainError(_("Choose the presidium, the standing committee or a committee."))
    if not permissions.manages_body(scope, organiser):
        raise NotPermitted()
    title = required(title, _("Give the round a title."))
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("Choose a year between 2000 and 2100."))
    units = _check_units(organiser, units)
    with transaction.atomic():
        existing = EvaluationRound.objects.filter(organiser=organiser, title=title, year=year).first()
        if existing:
            return existing
        round_ = EvaluationRound.objects.create(title=title, organiser=organiser, region_id=organiser.region_id, year=year)
        EvaluatedUnit.objects.bulk_create([EvaluatedUnit(round=round_, unit=u, region_id=round_.region_id) for u in units])
        audit_created(actor=actor, action="supervision.round.create", obj=round_, units=[u.pk for u in units])
    return round_


def _lock_round(round_: EvaluationRound) -> EvaluationRound:
    return EvaluationRound.objects.select_for_update().select_related("organiser", "region").get(pk=round_.pk)


def round_unit_add(*, actor: Actor, scope: Scope, round_: EvaluationRound, unit: Unit) -> EvaluatedUnit:
    if not permissions.can_manage_round(scope, round_):
        raise NotPermitted()
    _check_units(round_.organiser, [unit])
    with transaction.atomic():
        locked = _lock_round(round_)
        if not ROUND.in_group(locked, "self_reports"):
            raise InvalidTransition(_("Units are added before the vote."))
        evaluated, created = EvaluatedUnit.objects.get_or_create(
            round=locked, unit=unit, defaults={"region_id": locked.region_id}
        )
        if created:
            audit_created(actor=actor, action="supervision.round.unit_add", obj=evaluated, region_id=locked.region_id)
    return evaluated


def self_report_submit(
    *, actor: Actor, scope: Scope, evaluated: EvaluatedUnit, text: str, on: datetime.date | None = None
) -> EvaluatedUnit:
    """The unit's self-report (自查报告), by its clerk (or staff entering the paper one), before the vote."""
    if not permissions.can_self_report(scope, evaluated):
        raise NotPermitted()
    text = required(text, _("Write the self-report."))
    with transaction.atomic():
        _lock_round(evaluated.round)
        locked = EvaluatedUnit.objects.select_for_update().get(pk=evaluated.pk)
        if not ROUND.in_group(evaluated.round, "self_reports"):
            raise InvalidTransition(_("Self-reports are submitted before the vote."))
        if locked.self_report == text:
            return locked
        before = snapshot(locked, ["self_report", "self_reported_on"])
        audit_saved(
            locked,
            actor=actor,
            action="supervision.round.self_report",
            before=before,
            self_report=text,
            self_reported_on=today(on),
        )
    return locked


def evaluation_opinion_write(
    *,
    actor: Actor,
    scope: Scope,
    evaluated: EvaluatedUnit,
    text: str,
    deputy: Deputy | None = None,
    on: datetime.date | None = None,
) -> EvaluationOpinion:
    """A deputy's written opinion on a unit (one per deputy and unit: writing again replaces the text). Deputies
    write their own; staff who run the round may enter a deputy's paper form (`deputy`)."""
    round_ = evaluated.round
    if deputy is None:
        deputy = permissions.evaluating_mandate(scope, round_)
        if deputy is None:
            raise NotPermitted()
    elif not permissions.can_manage_round(scope, round_):
        raise NotPermitted()
    if deputy.congress_id != congress_of(round_.organiser) or deputy.status != Deputy.Status.SERVING:
        raise DomainError(_("Opinions are written by serving deputies of the evaluating congress."))
    text = required(text, _("Write your opinion on the unit's work."))
    with transaction.atomic():
        locked_round = _lock_round(round_)
        if not ROUND.in_group(locked_round, "opinions_open"):
            raise InvalidTransition(_("The problem lists are handed over: opinions are no longer collected."))
        opinion = EvaluationOpinion.objects.select_for_update().filter(evaluated=evaluated, deputy=deputy).first()
        if opinion is None:
            opinion = EvaluationOpinion.objects.create(
                evaluated=evaluated, deputy=deputy, text=text, on=today(on), region_id=evaluated.region_id
            )
            audit_created(actor=actor, action="supervision.round.opinion", obj=opinion)
        elif opinion.text != text:
            before = {"text": opinion.text}
            opinion.text, opinion.on = text, today(on)
            opinion.save(update_fields=["text", "on"])
            audit_record(
                actor=actor,
                action="supervision.round.opinion",
                obj=opinion,
                before=before,
                after={"text": text},
                region_id=opinion.region_id,
            )
    return opinion


def problem_add(
    *, actor: Actor, scope: Scope, evaluated: EvaluatedUnit, text: str, deadline: datetime.date | None = None
) -> ProblemItem:
    """One item of the unit's problem list, compiled from the deputies' opinions by the presidium."""
    if not permissions.can_manage_round(scope, evaluated.round):
        raise NotPermitted()
    text = required(text, _("Write the problem to rectify."))
    with transaction.atomic():
        locked_round = _lock_round(evaluated.round)
        if not ROUND.in_group(locked_round, "problems_open"):
            raise InvalidTransition(_("The problem lists are already handed over."))
        existing = ProblemItem.objects.filter(evaluated=evaluated, text=text).first()
        if existing:
            return existing
        problem = ProblemItem.objects.create(evaluated=evaluated, text=text, deadline=deadline, region_id=evaluated.region_id)
        audit_created(actor=actor, action="supervision.problem.add", obj=problem)
    return problem


# --- votes --------------------------------------------------------------------------------------------------------


def _vote_meeting_ok(round_: EvaluationRound, meeting: Meeting) -> None:
    if congress_of(meeting.body) != congress_of(round_.organiser):
        raise DomainError(_("The vote is held at a meeting of the evaluating congress."))


def _vote_allowed(locked: EvaluationRound, number: int) -> None:
    if number not in (1, 2):
        raise DomainError(_("A round has a first and a second vote."))
    if number == 1 and not ROUND.in_group(locked, "self_reports"):
        raise InvalidTransition(_("The first vote is held before the problem lists are handed over."))
    if number == 2 and not ROUND.in_group(locked, "rectifying"):
        raise InvalidTransition(_("The second vote is held once the problem lists are handed over."))


def _record_vote(actor: Actor, locked: EvaluationRound, number: int, poll: Poll) -> EvaluationVote:
    vote = EvaluationVote.objects.create(round=locked, number=number, poll=poll)
    audit_record(
        actor=actor,
        action="supervision.round.vote",
        obj=locked,
        after={"vote": number, "poll": poll.pk},
        region_id=locked.region_id,
    )
    return vote


def round_vote_create(
    *, actor: Actor, scope: Scope, round_: EvaluationRound, number: int, meeting: Meeting, kind: str = Poll.Kind.SECRET
) -> EvaluationVote:
    """Put a satisfaction vote (one option per unit) on a meeting of the evaluating congress: created by the
    meetings service as a system actor on the staff member's behalf, once this app has checked the member runs both
    the round and the meeting. The poll then runs on the meeting's page (or through `round_vote_transition`)."""
    if not permissions.can_manage_round(scope, round_) or not meeting_permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    _vote_meeting_ok(round_, meeting)
    with transaction.atomic():
        locked = _lock_round(round_)
        existing = EvaluationVote.objects.filter(round=locked, number=number).select_related("poll").first()
        if existing:
            return existing
        _vote_allowed(locked, number)
        units = list(locked.units.select_related("unit").order_by("pk"))
        title = (
            _("Satisfaction with the units' work: %(round)s") if number == 1 else _("Second vote on the rectification: %(round)s")
        ) % {"round": locked.title}
        poll: Poll = on_behalf_of(
            meeting_services.poll_create,
            actor,
            f"round {locked.pk} vote {number}",
            meeting=meeting,
            title=title,
            kind=kind,
            method=Poll.Method.SATISFACTION,
            options=[(e.unit.name, f"unit:{e.unit_id}") for e in units],
            threshold=Poll.Threshold.HALF_CAST,
        )
        vote = _record_vote(actor, locked, number, poll)
    return vote


def round_vote_attach(*, actor: Actor, scope: Scope, round_: EvaluationRound, number: int, poll: Poll) -> EvaluationVote:
    """Use a satisfaction poll already on the meeting's agenda (e.g. the mid-year sessions' 站所满意度测评) as the
    round's vote: its options must name exactly the round's units."""
    if not permissions.can_manage_round(scope, round_):
        raise NotPermitted()
    _vote_meeting_ok(round_, poll.meeting)
    if poll.method != Poll.Method.SATISFACTION:
        raise DomainError(_("The vote must be a satisfaction poll."))
    refs = {o.ref for o in poll.options.all()}
    with transaction.atomic():
        locked = _lock_round(round_)
        existing = EvaluationVote.objects.filter(round=locked, number=number).first()
        if existing:
            if existing.poll_id == poll.pk:
                return existing
            raise InvalidTransition(_("This vote of the round is already set."))
        _vote_allowed(locked, number)
        wanted = {f"unit:{u}" for u in locked.units.values_list("unit_id", flat=True)}
        if refs != wanted:
            raise DomainError(_("The poll's options must be the round's units."))
        if EvaluationVote.objects.filter(poll=poll).exists():
            raise DomainError(_("That poll is already another round's vote."))
        vote = _record_vote(actor, locked, number, poll)
    return vote


def round_vote_transition(*, actor: Actor, scope: Scope, round_: EvaluationRound, number: int, action: str) -> Poll:
    """start / finish / publish the round's vote on its meeting (meetings service, system actor on behalf)."""
    if not permissions.can_manage_round(scope, round_):
        raise NotPermitted()
    vote = EvaluationVote.objects.filter(round=round_, number=number).select_related("poll__meeting__body").first()
    if vote is None:
        raise DomainError(_("Set up this vote first."))
    if not meeting_permissions.can_manage_meeting(scope, vote.poll.meeting):
        raise NotPermitted()
    if action not in POLL_ACTIONS:
        raise InvalidTransition(_("Unknown action."))
    poll: Poll = on_behalf_of(
        meeting_services.poll_transition, actor, f"round {round_.pk} vote {number} ({action})", poll=vote.poll, action=action
    )
    return poll


# --- the round's moves -------------------------------------------------------------------------------------------


def _published_vote(locked: EvaluationRound, number: int) -> EvaluationVote:
    vote = EvaluationVote.objects.filter(round=locked, number=number).select_related("poll").first()
    if vote is None or not POLL.in_group(vote.poll, "published"):
        raise InvalidTransition(
            _("Publish the result of the first vote first.") if number == 1 else _("Publish the result of the second vote first.")
        )
    return vote


def _results_of(locked: EvaluationRound, number: int) -> dict[str, Any]:
    vote = _published_vote(locked, number)
    units = list(locked.units.select_related("unit"))
    return vote_results(vote, units, locked.region).summary()


def _hand_over(actor: Actor, locked: EvaluationRound, on: datetime.date) -> dict[str, Any]:
    """Every unit has its problem list; deadlines not set take the rule's; the units' clerks are told."""
    units = list(locked.units.select_related("unit"))
    empty = [e.unit.name for e in units if not e.problems.exists()]
    if empty:
        raise DomainError(_("Compile a problem list for every unit first: %(units)s.") % {"units": "、".join(empty)})
    deadline = core_rules.add_months(on, int(rule(RECTIFY_MONTHS, locked.region)))
    ProblemItem.objects.filter(evaluated__round=locked, deadline__isnull=True).update(deadline=deadline)
    locked.handed_over_on = on
    for e in units:
        notify(
            users=clerks_of(e.unit_id),
            kind="supervision.round.handed_over",
            title=_("Problem list of %(round)s: rectify by the deadlines") % {"round": locked.title},
            url=f"/supervision/evaluations/units/{e.pk}/",
            dedupe_key=f"supervision-round-{locked.pk}-unit-{e.pk}",
            event_on=deadline,
        )
    return {"handed_over_on": on, "default_deadline": deadline}


def round_transition(
    *, actor: Actor, scope: Scope, round_: EvaluationRound, action: str, on: datetime.date | None = None
) -> EvaluationRound:
    """evaluate (the first vote published: its result goes into the audit event) → hand_over (problem lists, with
    deadlines) → revote (the second vote published) → close; `publish` publishes the results."""
    if not permissions.can_manage_round(scope, round_):
        raise NotPermitted()
    if action == "publish":
        return round_publish(actor=actor, scope=scope, round_=round_)
    day = today(on)

    def effects(locked: EvaluationRound) -> dict[str, Any] | None:
        if action == "evaluate":
            return {"results": _results_of(locked, 1)}
        if action == "hand_over":
            return _hand_over(actor, locked, day)
        if action == "revote":
            return {"results": _results_of(locked, 2)}
        return None

    return ROUND.apply(round_, action, actor=actor, scope=scope, effects=effects)


def round_publish(*, actor: Actor, scope: Scope, round_: EvaluationRound) -> EvaluationRound:
    if not permissions.can_manage_round(scope, round_):
        raise NotPermitted()
    with transaction.atomic():
        locked = _lock_round(round_)
        refusal = _("Results are published once the vote's result is recorded.")
        return publish(locked, actor=actor, action="supervision.round.publish", lifecycle=ROUND, group="voted", refusal=refusal)


# --- rectification ----------------------------------------------------------------------------------------------


def problem_progress(
    *, actor: Actor, scope: Scope, problem: ProblemItem, text: str, completes: bool = False, on: datetime.date | None = None
) -> ProblemItem:
    """The unit's progress report on a problem; `completes` reports it rectified. A resent identical report adds
    nothing."""
    if not permissions.can_report_progress(scope, problem):
        raise NotPermitted()
    text = required(text, _("Write what has been done."))
    day = today(on)
    round_ = problem.evaluated.round
    if not ROUND.in_group(round_, "rectifying"):
        raise InvalidTransition(_("Progress is reported once the problem list is handed over and before the second vote."))
    if ProgressReport.objects.filter(problem=problem, text=text, on=day, completes=completes).exists():
        return ProblemItem.objects.get(pk=problem.pk)
    if round_.handed_over_on and day < round_.handed_over_on:
        raise DomainError(_("A progress report cannot be dated before the hand-over."))

    def effects(locked: ProblemItem) -> dict[str, Any]:
        ProgressReport.objects.create(problem=locked, text=text, on=day, completes=completes, by=user_of(actor))
        if completes:
            locked.rectified_on = day
        return {"report": text[:200], "on": day}

    return PROBLEM.apply(
        problem, "complete" if completes else "progress", actor=actor, scope=scope, effects=effects, idempotent=False
    )


def problem_transition(*, actor: Actor, scope: Scope, problem: ProblemItem, action: str) -> ProblemItem:
    """Staff reopen a problem reported rectified that is not."""
    if action != "reopen":
        raise InvalidTransition(_("Unknown action."))
    if not permissions.can_manage_problem(scope, problem):
        raise NotPermitted()
    if not ROUND.in_group(problem.evaluated.round, "rectifying"):
        raise InvalidTransition(_("Problems are reopened while the units rectify."))

    def effects(locked: ProblemItem) -> dict[str, Any]:
        locked.rectified_on = None
        return {}

    return PROBLEM.apply(problem, "reopen", actor=actor, scope=scope, effects=effects)
