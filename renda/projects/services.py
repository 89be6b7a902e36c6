"""Every write of the projects app: one transaction each, the audit event inside it, explicit transitions.

The ballot runs on the meetings poll machinery (poll_create / poll_update / poll_transition / poll_vote); this
module keeps the ballot's own rules (form, N of M, threshold, tie rule) on `Ballot` and refuses any change to
them once the poll has left the "created" state — the rules lock when voting opens.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.xlsx import XlsxReadError, read_rows
from renda.meetings import services as meeting_services
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Deputy, Unit
from renda.org.scoping import Scope

from . import otp, permissions
from .models import (
    Attachment,
    Ballot,
    Candidate,
    Cycle,
    Evaluation,
    Node,
    ProgressReport,
    Project,
    Proposal,
    Status,
    SupervisionGroup,
    SupervisionRecord,
)
from .rules import BALLOT_FORM, BALLOT_KIND, STATUSES, THRESHOLD, TIE_RULE
from .tally import ballot_result

OTP_PURPOSE = "projects.proposal"
S = Cycle.State


def _token(value: str | None) -> str:
    value = (value or "").strip()[:64]
    return value or uuid.uuid4().hex


def _lock_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().select_related("congress", "region").get(pk=cycle.pk)


def _require_state(cycle: Cycle, states: set[str], message: str) -> None:
    if cycle.state not in states:
        raise InvalidTransition(message % {"state": cycle.get_state_display()} if "%(state)s" in message else message)


def ensure_statuses() -> list[Status]:
    """The statuses from the rule (idempotent)."""
    existing = {s.key: s for s in Status.objects.all()}
    for order, (key, name, progress) in enumerate(core_rules.value(STATUSES.key), start=1):
        if key not in existing:
            existing[key] = Status.objects.create(key=key, name=name, progress=Decimal(progress), order=order)
    return sorted(existing.values(), key=lambda s: (s.order, s.pk))


# --- cycles -------------------------------------------------------------------------------------------


def cycle_create(*, actor, scope: Scope, congress: Body, year: int, places: int) -> Cycle:
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
        audit_record(actor=actor, action="projects.cycle.create", obj=cycle, after=snapshot(cycle), region_id=cycle.region_id)
    return cycle


CYCLE_TRANSITIONS = {
    "close_proposals": ({S.COLLECTING}, S.LISTING),
    "review": ({S.LISTING}, S.REVIEWED),
    "evaluate": ({S.IMPLEMENTING}, S.EVALUATED),
}


def cycle_transition(
    *, actor, scope: Scope, cycle: Cycle, action: str, review_body: Body | None = None, note: str = "", on=None
) -> Cycle:
    """close_proposals (collecting → listing); review (listing → reviewed: the standing committee or presidium
    reviewed a candidate list with more candidates than places); evaluate (implementing → evaluated: the year-end
    satisfaction poll is published, its verdicts are the cycle's last word)."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    if action not in CYCLE_TRANSITIONS:
        raise InvalidTransition(_("Unknown action."))
    sources, target = CYCLE_TRANSITIONS[action]
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        if locked.state == target:
            return locked
        if locked.state not in sources:
            raise InvalidTransition(_("A cycle in the state “%(state)s” cannot do this.") % {"state": locked.get_state_display()})
        after: dict = {"state": target}
        if action == "review":
            n = locked.candidates.count()
            if n <= locked.places:
                raise DomainError(
                    _("The candidate list needs more candidates than places (%(n)d candidates for %(places)d places).")
                    % {"n": n, "places": locked.places}
                )
            allowed = {Body.Kind.STANDING_COMMITTEE, Body.Kind.DIRECTORS_MEETING, Body.Kind.PRESIDIUM}
            congress_id = locked.congress_id
            if (
                review_body is None
                or review_body.kind not in allowed
                or (review_body.congress_id or review_body.pk) != congress_id
            ):
                raise DomainError(_("Name the standing committee or presidium of this congress that reviewed the list."))
            if not note.strip():
                raise DomainError(_("Record the review opinion."))
            locked.review_body, locked.review_note = review_body, note.strip()
            locked.reviewed_on = on or timezone.localdate()
            after.update(review_body=review_body.pk, reviewed_on=locked.reviewed_on)
        if action == "evaluate":
            evaluation = Evaluation.objects.filter(cycle=locked).select_related("poll").first()
            if evaluation is None or evaluation.poll.state != Poll.State.PUBLISHED:
                raise InvalidTransition(_("Publish the year-end satisfaction evaluation first."))
            after.update(evaluation=evaluation.pk, poll=evaluation.poll_id)
        before = locked.state
        locked.state = target
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


# --- proposals ----------------------------------------------------------------------------------------


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title or len(title) > 200:
        raise DomainError(_("Give the project a title (at most 200 characters)."))
    if not description:
        raise DomainError(_("Describe the project: what, where, for whom."))
    return title, description


def proposal_submit(
    *, actor, scope: Scope, cycle: Cycle, title: str, description: str, token: str = "", unit: Unit | None = None
) -> Proposal:
    """A deputy of the cycle's congress, or a unit clerk (for their unit), proposes a candidate project."""
    token = _token(token)
    existing = Proposal.objects.filter(token=token).first()
    if existing:
        return existing
    is_deputy = bool(
        scope.person_id
        and Deputy.objects.filter(person_id=scope.person_id, congress_id=cycle.congress_id, status=Deputy.Status.SERVING).exists()
    )
    if permissions.can_propose_as_deputy(scope, cycle, is_deputy):
        source, person, name = Proposal.Source.DEPUTY, scope.person_id, str(actor.person.name)
        unit = None
    elif permissions.can_propose_as_unit(scope, cycle):
        unit = unit or Unit.objects.filter(pk__in=scope.unit_ids).order_by("pk").first()
        if unit is None or unit.pk not in scope.unit_ids:
            raise NotPermitted()
        source, person, name = Proposal.Source.UNIT, None, unit.name
    else:
        if cycle.state != S.COLLECTING:
            raise InvalidTransition(_("Proposals are closed for this cycle."))
        raise NotPermitted()
    title, description = _clean_text(title, description)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        if locked.state != S.COLLECTING:
            raise InvalidTransition(_("Proposals are closed for this cycle."))
        proposal = Proposal.objects.create(
            cycle=locked,
            source=source,
            title=title,
            description=description,
            proposer_name=name,
            person_id=person,
            unit=unit,
            token=token,
            region_id=locked.region_id,
        )
        audit_record(
            actor=actor, action="projects.proposal.submit", obj=proposal, after=snapshot(proposal), region_id=proposal.region_id
        )
    return proposal


def proposal_code_request(*, cycle: Cycle, phone: str, client_ip: str | None = None) -> None:
    if cycle.state != S.COLLECTING:
        raise InvalidTransition(_("Proposals are closed for this cycle."))
    otp.request(phone=phone, purpose=OTP_PURPOSE, client_ip=client_ip)


def proposal_submit_public(
    *, cycle: Cycle, name: str, phone: str, code: str, title: str, description: str, token: str
) -> Proposal:
    """A member of the public proposes a candidate, no account: the phone is confirmed by a one-time code."""
    token = _token(token)
    existing = Proposal.objects.filter(token=token).first()
    if existing:
        return existing  # a double submit: the same proposal, and the used code is not asked again
    if cycle.state != S.COLLECTING:
        raise InvalidTransition(_("Proposals are closed for this cycle."))
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise DomainError(_("Give your name."))
    title, description = _clean_text(title, description)
    phone = otp.clean_phone(phone)
    otp.consume(phone=phone, purpose=OTP_PURPOSE, code=code)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        if locked.state != S.COLLECTING:
            raise InvalidTransition(_("Proposals are closed for this cycle."))
        proposal = Proposal.objects.create(
            cycle=locked,
            source=Proposal.Source.PUBLIC,
            title=title,
            description=description,
            proposer_name=name,
            phone=phone,
            token=token,
            region_id=locked.region_id,
        )
        audit_record(
            actor="public",
            action="projects.proposal.submit",
            obj=proposal,
            after={"source": "public", "title": title, "phone": otp.mask(phone)},
            region_id=proposal.region_id,
        )
    return proposal


def proposal_decide(*, actor, scope: Scope, proposal: Proposal, decision: str, reason: str) -> Proposal:
    """Staff shortlist a proposal or decline it, always with a reason."""
    if not permissions.can_manage_cycle(scope, proposal.cycle):
        raise NotPermitted()
    target = {"shortlist": Proposal.State.SHORTLISTED, "decline": Proposal.State.DECLINED}.get(decision)
    if target is None:
        raise InvalidTransition(_("Unknown action."))
    if not (reason or "").strip():
        raise DomainError(_("Give the reason."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("cycle").get(pk=proposal.pk)
        if locked.state == target and locked.reason == reason.strip():
            return locked
        if locked.cycle.state not in {S.COLLECTING, S.LISTING}:
            raise InvalidTransition(_("The candidate list is already reviewed; proposals can no longer change."))
        before = snapshot(locked, ["state", "reason"])
        locked.state, locked.reason = target, reason.strip()
        locked.save(update_fields=["state", "reason"])
        audit_record(
            actor=actor,
            action=f"projects.proposal.{decision}",
            obj=locked,
            before=before,
            after=snapshot(locked, ["state", "reason"]),
            region_id=locked.region_id,
        )
    return locked


# --- candidates ---------------------------------------------------------------------------------------


def _decimal(value, message: str) -> Decimal:
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, TypeError):
        raise DomainError(message) from None
    if not result.is_finite():
        raise DomainError(message)
    return result


def candidate_add(
    *,
    actor,
    scope: Scope,
    cycle: Cycle,
    title: str,
    description: str = "",
    cost,
    funding: str,
    unit: Unit,
    deadline: datetime.date,
    proposal: Proposal | None = None,
) -> Candidate:
    """A line of the government's candidate list: cost, funding, responsible unit, deadline."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the project a title (at most 200 characters)."))
    cost = _decimal(cost, _("Give the cost in 10,000 yuan as a number."))
    if cost < 0:
        raise DomainError(_("The cost cannot be negative."))
    if not (funding or "").strip():
        raise DomainError(_("Name the source of funding."))
    if deadline is None or deadline.year < cycle.year:
        raise DomainError(_("The deadline must fall in the cycle's year or later."))
    if proposal is not None and proposal.cycle_id != cycle.pk:
        raise DomainError(_("That proposal belongs to another cycle."))
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        if locked.state not in {S.COLLECTING, S.LISTING}:
            raise InvalidTransition(_("The candidate list is reviewed and can no longer change."))
        existing = locked.candidates.filter(title=title).first()
        if existing:
            return existing  # a retried submit
        order = (locked.candidates.order_by("-order").values_list("order", flat=True).first() or 0) + 1
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


# --- the ballot ---------------------------------------------------------------------------------------

FORM_METHOD = {Ballot.Form.YNA: Poll.Method.YNA, Ballot.Form.PICK: Poll.Method.PICK, Ballot.Form.RANK: Poll.Method.RANK}


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


def _ballot_item(actor, meeting: Meeting, year: int) -> AgendaItem:
    """The session's project-ballot agenda item, added when the agenda has none."""
    item = meeting.items.filter(kind=AgendaItem.Kind.PROJECT_BALLOT).order_by("order").first()
    if item is None:
        item = meeting_services.agenda_item_add(
            actor=actor,
            scope=Scope(user_id=None, everything=True),
            meeting=meeting,
            kind=AgendaItem.Kind.PROJECT_BALLOT,
            title=_("Ballot on the %(year)s livelihood projects") % {"year": year},
        )
    return item


def ballot_configure(
    *,
    actor,
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
        locked = _lock_cycle(cycle)
        ballot = Ballot.objects.select_for_update(of=("self",)).filter(cycle=locked, round=1).select_related("poll").first()
        if ballot is not None and ballot.poll is not None:
            poll = Poll.objects.select_for_update().get(pk=ballot.poll_id)
            if poll.state != Poll.State.CREATED:
                raise InvalidTransition(_("Voting has opened: the ballot's rules are locked and cannot be edited."))
        if locked.state not in {S.REVIEWED, S.VOTING}:
            raise InvalidTransition(_("Set up the ballot after the candidate list has been reviewed."))
        candidates = list(locked.candidates.order_by("order"))
        max_choices = _check_rules(locked, form, kind, max_choices, threshold, tie_rule, len(candidates))
        values = {"form": form, "kind": kind, "max_choices": max_choices, "threshold": threshold, "tie_rule": tie_rule}
        if ballot is None:
            item = _ballot_item(actor, meeting, locked.year)
            poll = meeting_services.poll_create(
                actor=actor,
                scope=Scope(user_id=None, everything=True),
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
            meeting_services.poll_update(
                actor=actor,
                scope=Scope(user_id=None, everything=True),
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
        if locked.state != S.VOTING:
            locked.state = S.VOTING
            locked.save(update_fields=["state"])
    return ballot


def ballot_transition(*, actor, scope: Scope, ballot: Ballot, action: str) -> Ballot:
    """open (voting opens, rules lock) → close → publish (the result is counted; adopted projects created).
    The same for a run-off round: publishing it adopts its winners, ranked from the tied rank on."""
    cycle = ballot.cycle
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    poll_action = {"open": "start", "close": "finish", "publish": "publish"}.get(action)
    if poll_action is None:
        raise InvalidTransition(_("Unknown action."))
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        ballot = Ballot.objects.select_for_update(of=("self",)).select_related("poll", "cycle").get(pk=ballot.pk)
        if action == "publish" and ballot.decided_at is not None:
            return ballot  # a retried submit
        meeting_services.poll_transition(
            actor=actor, scope=Scope(user_id=None, everything=True), poll=ballot.poll, action=poll_action
        )
        if action == "publish":
            ballot.poll.refresh_from_db()
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
            if locked.state == S.VOTING:
                locked.state = S.IMPLEMENTING
                locked.save(update_fields=["state"])
            audit_record(
                actor=actor,
                action="projects.ballot.decide",
                obj=ballot,
                after={
                    "round": ballot.round,
                    "places": outcome.places,
                    "adopted": [line.ref for line in outcome.adopted],
                    "runoff": [line.ref for line in outcome.lines if line.tied],
                    "base": outcome.base,
                    "required": outcome.required,
                    "cast": outcome.cast,
                },
                region_id=locked.region_id,
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


RUNOFF_FORM = {Ballot.Form.YNA: Ballot.Form.YNA, Ballot.Form.PICK: Ballot.Form.PICK, Ballot.Form.RANK: Ballot.Form.PICK}


def runoff_create(*, actor, scope: Scope, ballot: Ballot, meeting: Meeting | None = None) -> Ballot:
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
        locked = _lock_cycle(cycle)
        ballot = Ballot.objects.select_for_update(of=("self",)).select_related("poll", "cycle").get(pk=ballot.pk)
        existing = Ballot.objects.filter(previous=ballot).select_related("poll").first()
        if existing is not None:
            if existing.poll.state == Poll.State.PUBLISHED:
                raise InvalidTransition(
                    _("This round already had its run-off; a further tie is decided by a run-off of that round.")
                )
            raise InvalidTransition(
                _("A run-off for this round is already set (%(state)s).") % {"state": existing.poll.get_state_display()}
            )
        if ballot.poll.state != Poll.State.PUBLISHED or ballot.decided_at is None:
            raise InvalidTransition(_("A run-off follows a published result."))
        if locked.state != S.IMPLEMENTING or Evaluation.objects.filter(cycle=locked).exists():
            raise InvalidTransition(_("The cycle's year-end evaluation has begun: no further run-off."))
        outcome = ballot_result(ballot)
        tied = [line for line in outcome.lines if line.tied]
        if not outcome.runoff or not tied:
            raise InvalidTransition(_("No tie at the last place is left for a run-off in this result."))
        free = outcome.places - len(outcome.adopted)
        form = RUNOFF_FORM[ballot.form]
        item = ballot.item if meeting.pk == ballot.meeting_id else _ballot_item(actor, meeting, locked.year)
        round_ = ballot.round + 1
        poll = meeting_services.poll_create(
            actor=actor,
            scope=Scope(user_id=None, everything=True),
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


def ballot_vote(*, actor, ballot: Ballot, choices) -> str:
    """A deputy's ballot, through the meetings vote (one per deputy, entitlement, validation, audit)."""
    return meeting_services.poll_vote(actor=actor, poll_id=ballot.poll_id, choices=choices)


# --- implementation -----------------------------------------------------------------------------------


def node_add(
    *,
    actor,
    scope: Scope,
    project: Project,
    kind: str,
    code: str,
    title: str,
    weight=1,
    parent: Node | None = None,
    due_date: datetime.date | None = None,
    status: Status | None = None,
) -> Node:
    if not permissions.can_report_progress(scope, project):
        raise NotPermitted()
    if kind not in Node.Kind.values:
        raise DomainError(_("Unknown kind of result."))
    code, title = (code or "").strip(), (title or "").strip()
    if not code or not title:
        raise DomainError(_("Give the result a code and a title."))
    weight = _decimal(weight, _("The weight must be a positive number."))
    if weight <= 0:
        raise DomainError(_("The weight must be a positive number."))
    if parent is not None and parent.project_id != project.pk:
        raise DomainError(_("The parent result belongs to another project."))
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        existing = project.nodes.filter(code=code).first()
        if existing:
            if existing.title == title and existing.parent_id == (parent.pk if parent else None):
                return existing
            raise DomainError(_("Code %(code)s is already used in this project.") % {"code": code})
        order = (project.nodes.filter(parent=parent).order_by("-order").values_list("order", flat=True).first() or 0) + 1
        node = Node.objects.create(
            project=project,
            parent=parent,
            kind=kind,
            code=code,
            title=title,
            weight=weight,
            due_date=due_date,
            status=status,
            order=order,
            region_id=project.region_id,
        )
        audit_record(actor=actor, action="projects.node.add", obj=node, after=snapshot(node), region_id=project.region_id)
    return node


def _progress_value(value) -> Decimal | None:
    if value in (None, ""):
        return None
    result = _decimal(value, _("Progress must be a number from 0 to 100."))
    if not (0 <= result <= 100):
        raise DomainError(_("Progress must be a number from 0 to 100."))
    return result


def _apply(node: Node, status: Status | None, progress: Decimal | None) -> dict:
    before = snapshot(node, ["status_id", "progress"])
    if node.children.exists() and progress is not None:
        raise DomainError(_("%(code)s has sub-results: its progress is rolled up from them.") % {"code": node.code})
    if status is not None:
        node.status = status
        node.progress = None  # the status's default % applies unless a % is given
    if progress is not None:
        node.progress = progress
    node.save(update_fields=["status", "progress"])
    return before


def report_add(
    *,
    actor,
    scope: Scope,
    project: Project,
    text: str,
    on: datetime.date,
    node: Node | None = None,
    status: Status | None = None,
    progress=None,
    files: list | None = None,
    token: str = "",
) -> ProgressReport:
    """A dated progress report, with photos/documents; it may move one result's status and %."""
    if not permissions.can_report_progress(scope, project):
        raise NotPermitted()
    token = _token(token)
    existing = ProgressReport.objects.filter(token=token).first()
    if existing:
        return existing
    if not (text or "").strip():
        raise DomainError(_("Describe the progress."))
    if on is None or on > timezone.localdate():
        raise DomainError(_("The report's date cannot be in the future."))
    progress = _progress_value(progress)
    if node is not None and node.project_id != project.pk:
        raise DomainError(_("That result belongs to another project."))
    if node is None and (status is not None or progress is not None):
        raise DomainError(_("Choose the result whose status or progress changes."))
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        before = _apply(Node.objects.select_for_update().get(pk=node.pk), status, progress) if node else {}
        report = ProgressReport.objects.create(
            project=project,
            node=node,
            reported_on=on,
            text=text.strip(),
            status=status,
            progress=progress,
            author=actor if getattr(actor, "pk", None) else None,
            token=token,
            region_id=project.region_id,
        )
        for f in files or []:
            name = getattr(f, "name", "file")
            kind = (
                Attachment.Kind.PHOTO
                if name.lower().rsplit(".", 1)[-1] in {"jpg", "jpeg", "png", "webp", "gif"}
                else Attachment.Kind.DOCUMENT
            )
            attachment = Attachment(report=report, kind=kind, title=name[:200])
            attachment.file.save(name, f, save=False)
            attachment.save()
        audit_record(
            actor=actor,
            action="projects.report.add",
            obj=report,
            before=before,
            after={
                "node": node.pk if node else None,
                "status": status.key if status else None,
                "progress": progress,
                "files": len(files or []),
            },
            region_id=project.region_id,
        )
    return report


BULK_HEADERS = ["项目编号", "成果编号", "状态", "进度(%)", "日期", "进展情况"]
BULK_REQUIRED = ["项目编号", "成果编号", "日期", "进展情况"]
BULK_MAX_ROWS = 2000


def bulk_update(*, actor, scope: Scope, data: bytes) -> list[ProgressReport]:
    """Progress updates from the Excel template. Every row is checked first; one bad row rejects the file
    (DomainError naming the row) and nothing is written."""
    if not permissions.can_bulk_update(scope):
        raise NotPermitted()
    try:
        rows = read_rows(data, expected=BULK_HEADERS, required=BULK_REQUIRED, max_rows=BULK_MAX_ROWS)
    except XlsxReadError as exc:
        raise DomainError(str(exc)) from None
    if not rows:
        raise DomainError(_("The file has no rows."))
    statuses = {s.name: s for s in Status.objects.all()} | {s.key: s for s in Status.objects.all()}
    project_ids = {r.values.get("项目编号", "") for r in rows}
    projects = {
        str(p.pk): p
        for p in Project.objects.filter(pk__in=[int(x) for x in project_ids if x.isdigit()]).select_related("cycle__congress")
    }
    nodes = {(str(n.project_id), n.code): n for n in Node.objects.filter(project_id__in=[p.pk for p in projects.values()])}
    parents = set(
        Node.objects.filter(project_id__in=[p.pk for p in projects.values()], parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    today = timezone.localdate()
    plan, seen = [], set()
    for row in rows:
        v = row.values

        def fail(message, row=row):
            raise DomainError(_("Row %(row)d: %(message)s Nothing was imported.") % {"row": row.number, "message": message})

        project = projects.get(v.get("项目编号", ""))
        if project is None:
            fail(_("unknown project number."))
        if not permissions.can_report_progress(scope, project):
            fail(_("you may not report on this project."))
        node = nodes.get((str(project.pk), v.get("成果编号", "")))
        if node is None:
            fail(_("the project has no result with this code."))
        if (project.pk, node.code) in seen:
            fail(_("the same result appears twice in the file."))
        seen.add((project.pk, node.code))
        status = None
        if v.get("状态"):
            status = statuses.get(v["状态"])
            if status is None:
                fail(_("unknown status."))
        try:
            progress = _progress_value(v.get("进度(%)"))
        except DomainError:
            fail(_("progress must be a number from 0 to 100."))
        if progress is not None and node.pk in parents:
            fail(_("this result has sub-results; its progress is rolled up from them."))
        try:
            on = datetime.date.fromisoformat(v.get("日期", ""))
        except ValueError:
            fail(_("the date must be written as YYYY-MM-DD."))
        if on > today:
            fail(_("the date cannot be in the future."))
        if not v.get("进展情况"):
            fail(_("describe the progress."))
        plan.append((project, node, status, progress, on, v["进展情况"]))
    reports = []
    with transaction.atomic():
        for project, node, status, progress, on, text in plan:
            locked = Node.objects.select_for_update().get(pk=node.pk)
            before = _apply(locked, status, progress)
            report = ProgressReport.objects.create(
                project=project,
                node=locked,
                reported_on=on,
                text=text,
                status=status,
                progress=progress,
                author=actor if getattr(actor, "pk", None) else None,
                token=uuid.uuid4().hex,
                region_id=project.region_id,
            )
            audit_record(
                actor=actor,
                action="projects.report.bulk",
                obj=report,
                before=before,
                after={"node": locked.pk, "status": status.key if status else None, "progress": progress},
                region_id=project.region_id,
            )
            reports.append(report)
    return reports


# --- supervision --------------------------------------------------------------------------------------


def group_create(
    *, actor, scope: Scope, cycle: Cycle, name: str, deputies: list[Deputy], projects: list[Project]
) -> SupervisionGroup:
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the group a name."))
    if not deputies or any(d.congress_id != cycle.congress_id for d in deputies):
        raise DomainError(_("Choose deputies of this congress."))
    if not projects or any(p.cycle_id != cycle.pk for p in projects):
        raise DomainError(_("Choose projects of this cycle."))
    with transaction.atomic():
        existing = SupervisionGroup.objects.filter(cycle=cycle, name=name).first()
        if existing:
            return existing
        group = SupervisionGroup.objects.create(cycle=cycle, name=name, region_id=cycle.region_id)
        group.members.set(deputies)
        group.projects.set(projects)
        audit_record(
            actor=actor,
            action="projects.group.create",
            obj=group,
            after={"name": name, "members": [d.pk for d in deputies], "projects": [p.pk for p in projects]},
            region_id=cycle.region_id,
        )
    return group


def supervision_add(
    *, actor, scope: Scope, project: Project, kind: str, on: datetime.date, text: str, token: str = ""
) -> SupervisionRecord:
    """An inspection or suggestion by a deputy of a supervision group assigned to the project."""
    deputy = (
        Deputy.objects.filter(person_id=scope.person_id, project_groups__projects=project).order_by("pk").first()
        if scope.person_id
        else None
    )
    if not permissions.can_add_supervision(scope, project, deputy is not None):
        raise NotPermitted()
    token = _token(token)
    existing = SupervisionRecord.objects.filter(token=token).first()
    if existing:
        return existing
    if kind not in SupervisionRecord.Kind.values:
        raise DomainError(_("Unknown kind of record."))
    if not (text or "").strip():
        raise DomainError(_("Write what you found or suggest."))
    if on is None or on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    with transaction.atomic():
        record = SupervisionRecord.objects.create(
            project=project, deputy=deputy, kind=kind, on=on, text=text.strip(), token=token, region_id=project.region_id
        )
        audit_record(
            actor=actor, action=f"projects.supervision.{kind}", obj=record, after=snapshot(record), region_id=project.region_id
        )
    return record


# --- year-end satisfaction ----------------------------------------------------------------------------


def evaluation_create(*, actor, scope: Scope, cycle: Cycle, meeting: Meeting, kind: str = Poll.Kind.SECRET) -> Evaluation:
    """The year-end satisfaction evaluation: one satisfaction poll over the cycle's projects at a session."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    if meeting.body_id != cycle.congress_id:
        raise DomainError(_("The evaluation is held at a session of the cycle's own congress."))
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        existing = Evaluation.objects.filter(cycle=locked).first()
        if existing:
            return existing
        if locked.state != S.IMPLEMENTING:
            raise InvalidTransition(_("Only a cycle with adopted projects can be evaluated."))
        if Ballot.objects.filter(
            cycle=locked, poll__state__in=[Poll.State.CREATED, Poll.State.STARTED, Poll.State.FINISHED]
        ).exists():
            raise InvalidTransition(_("A run-off is still open: publish it before the year-end evaluation."))
        projects = list(locked.projects.order_by("rank", "pk"))
        if not projects:
            raise DomainError(_("No project was adopted: there is nothing to evaluate."))
        item = meeting.items.filter(kind=AgendaItem.Kind.PROJECTS_PROGRESS).order_by("order").first()
        poll = meeting_services.poll_create(
            actor=actor,
            scope=Scope(user_id=None, everything=True),
            meeting=meeting,
            item=item,
            title=_("Satisfaction evaluation of the %(year)s livelihood projects") % {"year": locked.year},
            kind=kind,
            method=Poll.Method.SATISFACTION,
            options=[(p.title, f"project:{p.pk}") for p in projects],
            threshold=Poll.Threshold.HALF_MEMBERS,
        )
        evaluation = Evaluation.objects.create(cycle=locked, meeting=meeting, poll=poll, region_id=locked.region_id)
        audit_record(
            actor=actor, action="projects.evaluation.create", obj=evaluation, after={"poll": poll.pk}, region_id=locked.region_id
        )
    return evaluation
