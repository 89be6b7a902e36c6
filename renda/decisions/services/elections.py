"""Elections at congress sessions (选举): a post with its places, candidates (more than places where the rule asks:
差额), one ballot per round — for / against / abstain per candidate and names written in (另选他人), at most as many
"for" as places — counted against all deputies: elected with more than half of all deputies (the threshold rule of
the congress for elections). More candidates past the threshold than places: the most votes win; a tie at the last
place is voted again among the tied; places left go to a further round (另行选举) among the next candidates by
votes. A round with more ballots returned than voters is void and held again. The result is announced, the polls
published, and those elected take their seats.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.ordering import next_position
from renda.meetings.models import AgendaItem, Meeting, PaperCount, Poll
from renda.meetings.results import PollResult, poll_result
from renda.org.models import Body, Deputy, Membership, Person
from renda.org.naming import SEAT_TITLES
from renda.org.scoping import Scope

from .. import permissions, selectors
from ..lifecycles import ELECTION
from ..models import Candidate, Election, Round
from ..rules import ELECTION_POLL_KIND, extra_bounds, extra_rule
from .common import agenda_item, finish_poll, on_behalf_of, open_poll, publish_poll

CANDIDATE_REF = "candidate:"


def _reason(election: Election, what: str) -> str:
    return f"election {election.pk} {what}"


def election_create(
    *,
    actor: Actor,
    scope: Scope,
    meeting: Meeting,
    post: str,
    places: int,
    post_kind: str = Election.PostKind.OTHER,
    body: Body | None = None,
    role: str = "",
    kind: str | None = None,
) -> Election:
    """An election of `post` at a congress session, with its agenda item; those elected take a seat (`role`) in
    `body` when given (the town presidium, the standing committee)."""
    if not permissions.can_manage_election(scope, _ElectionStub(meeting)):
        raise NotPermitted()
    if meeting.body.kind != Body.Kind.CONGRESS or meeting.preparatory_for_id is not None:
        raise DomainError(_("Elections are held at a congress session."))
    if post_kind not in Election.PostKind.values:
        raise DomainError(_("Unknown kind of post."))
    if not post.strip() or places < 1:
        raise DomainError(_("Name the post and the number of places."))
    if body is not None and (body.congress_id or body.pk) != meeting.body_id:
        raise DomainError(_("The seat must be in a body of the same congress."))
    if body is not None and role not in SEAT_TITLES.get(body.kind, {}):
        raise DomainError(_("A %(body)s has no such seat.") % {"body": body.get_kind_display()})
    kind = kind or core_rules.value(ELECTION_POLL_KIND.key, region_path=meeting.region.path)
    if kind not in {Poll.Kind.SECRET, Poll.Kind.PAPER}:
        raise DomainError(_("Elections are held by secret ballot (electronic or on paper)."))
    with transaction.atomic():
        existing = Election.objects.filter(meeting=meeting, post=post.strip()).first()
        if existing is not None:
            return existing
        item = agenda_item(actor, meeting, AgendaItem.Kind.ELECTION, f"选举{post.strip()}", f"an election of {post.strip()}")
        election = Election.objects.create(
            meeting=meeting,
            item=item,
            post=post.strip(),
            post_kind=post_kind,
            places=places,
            body=body,
            role=role,
            kind=kind,
            region_id=meeting.region_id,
        )
        audit_created(actor=actor, action="election.create", obj=election)
    return election


@dataclass
class _ElectionStub:
    """Asks the election's permission rule before the election exists."""

    meeting: Meeting


def candidate_add(
    *,
    actor: Actor,
    scope: Scope,
    election: Election,
    person: Person | None = None,
    name: str = "",
    source: str = Candidate.Source.PRESIDIUM,
    nominators: int | None = None,
) -> Candidate:
    if not permissions.can_manage_election(scope, election):
        raise NotPermitted()
    if source not in {Candidate.Source.PRESIDIUM, Candidate.Source.DEPUTIES}:
        raise DomainError(_("Candidates are nominated by the presidium or jointly by deputies."))
    if source == Candidate.Source.DEPUTIES and not nominators:
        raise DomainError(_("Give the number of deputies who nominated the candidate."))
    # a person of the congress's area is linked, whether picked by id or named exactly (a free-text name only for
    # someone the register does not hold)
    region_path = election.meeting.region.path
    if person is not None and not selectors.people_for(region_path=region_path).filter(pk=person.pk).exists():
        raise DomainError(_("Choose a person of the congress's area."))
    person = person or selectors.person_named(region_path=region_path, name=name)
    name = (person.name if person else " ".join(name.split()))[:50]
    if not name:
        raise DomainError(_("Name the candidate."))
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=election.pk)
        existing = locked.candidates.filter(name=name).first()
        if existing is not None:
            return existing
        if not ELECTION.in_group(locked, "editable"):
            raise InvalidTransition(_("The candidate list is fixed."))
        order = next_position(locked.candidates.all())
        candidate = Candidate.objects.create(
            election=locked, person=person, name=name, order=order, source=source, nominators=nominators
        )
        audit_record(
            actor=actor, action="election.candidate_add", obj=candidate, after=snapshot(candidate), region_id=locked.region_id
        )
    return candidate


def candidate_remove(*, actor: Actor, scope: Scope, candidate: Candidate) -> None:
    if not permissions.can_manage_election(scope, candidate.election):
        raise NotPermitted()
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=candidate.election_id)
        if not ELECTION.in_group(locked, "editable"):
            raise InvalidTransition(_("The candidate list is fixed."))
        before = snapshot(candidate)
        Candidate.objects.filter(pk=candidate.pk).delete()
        audit_record(
            actor=actor,
            action="election.candidate_remove",
            object_type="decisions.candidate",
            object_id=candidate.pk,
            before=before,
            region_id=locked.region_id,
        )


# --- counting a round ---------------------------------------------------------------------------------------


@dataclass
class Line:
    name: str
    votes: int
    candidate: Candidate | None
    passed: bool  # more than the threshold (half of all deputies)
    elected: bool = False
    tied: bool = False


@dataclass
class RoundOutcome:
    round: Round
    result: PollResult | None
    lines: list[Line] = field(default_factory=list)
    void: bool = False
    places_left: int = 0

    @property
    def elected(self) -> list[Line]:
        return [line for line in self.lines if line.elected]

    @property
    def tied(self) -> list[Line]:
        return [line for line in self.lines if line.tied]


def _ballots_returned(poll: Poll) -> int | None:
    count = PaperCount.objects.filter(poll=poll).order_by("pk").first()
    return count.ballots_total if count is not None else None


def round_outcome(round_: Round) -> RoundOutcome:
    """Who this round elects: past the threshold and within the places by votes; a tie at the last place leaves
    those places to a new vote among the tied. A round with more ballots returned than voters is void."""
    poll = round_.poll
    if poll is None:
        return RoundOutcome(round_, None, places_left=round_.places)
    result = poll_result(poll)
    candidates = {f"{CANDIDATE_REF}{c.pk}": c for c in round_.candidates.all()}
    lines = [
        Line(o.text, o.counts.get("Y", 0), candidates.get(o.ref), o.counts.get("Y", 0) >= result.required) for o in result.options
    ]
    lines += [Line(w.name, w.votes, None, w.passed) for w in result.write_ins]
    lines.sort(key=lambda line: (-line.votes, line.name))
    outcome = RoundOutcome(round_, result, lines)
    returned = _ballots_returned(poll) if poll.kind == Poll.Kind.PAPER else result.cast
    if returned is not None and poll.present_count is not None and returned > poll.present_count:
        outcome.void, outcome.places_left = True, round_.places
        return outcome
    eligible = [line for line in lines if line.passed]
    places = round_.places
    if len(eligible) <= places:
        for line in eligible:
            line.elected = True
    else:
        cutoff = eligible[places - 1].votes
        above = [line for line in eligible if line.votes > cutoff]
        at = [line for line in eligible if line.votes == cutoff]
        for line in above:
            line.elected = True
        if len(above) + len(at) == places:
            for line in at:
                line.elected = True
        else:
            for line in at:
                line.tied = True
    outcome.places_left = places - len(outcome.elected)
    return outcome


def current_round(election: Election) -> Round | None:
    return election.rounds.order_by("-number").first()


def places_left(election: Election) -> int:
    """Places still to fill after the current round (counted once voting has closed)."""
    round_ = current_round(election)
    if round_ is None:
        return election.places
    if round_.poll is None or not ELECTION.in_group(election, "counting"):
        return round_.places
    return round_outcome(round_).places_left


def _person_for(election: Election, name: str) -> Person | None:
    """A name written in: the deputy of the session's congress of that name, when exactly one."""
    people = list(
        Deputy.objects.filter(congress_id=election.meeting.body_id, term=election.meeting.term, person__name=name)
        .values_list("person_id", flat=True)
        .distinct()[:2]
    )
    return Person.objects.get(pk=people[0]) if len(people) == 1 else None


def _record_elected(election: Election, outcome: RoundOutcome) -> list[Candidate]:
    """The round's elected: candidates marked, names written in added as candidates of their own."""
    elected = []
    for line in outcome.elected:
        candidate = line.candidate
        if candidate is None:
            candidate = election.candidates.filter(name=line.name).first() or Candidate.objects.create(
                election=election,
                name=line.name,
                person=_person_for(election, line.name),
                order=next_position(election.candidates.all()),
                source=Candidate.Source.WRITTEN_IN,
            )
        if candidate.elected_in_id is None:
            candidate.elected_in, candidate.votes = outcome.round, line.votes
            candidate.save(update_fields=["elected_in", "votes"])
        elected.append(candidate)
    return elected


def _next_round(election: Election, outcome: RoundOutcome) -> Round:
    """A new vote among the tied for the places they tie on; otherwise a further round for the places left among
    the candidates not elected, the most votes first, as many as places left plus the extra the rule asks."""
    round_ = outcome.round
    if outcome.void:
        kind, places, pool = round_.kind, round_.places, list(round_.candidates.all())
    elif outcome.tied:
        kind, places = Round.Kind.TIE, outcome.places_left
        pool = [line.candidate or _write_in_candidate(election, line.name) for line in outcome.tied]
    else:
        kind, places = Round.Kind.FURTHER, outcome.places_left
        low, high = extra_bounds(extra_rule(election.post_kind, election.region.path), places)
        remaining = [line for line in outcome.lines if not line.elected and line.candidate is not None]
        want = places + max(low, 1 if len(remaining) > places else 0)
        if high is not None:
            want = min(want, places + high)
        pool = [line.candidate for line in remaining[:want] if line.candidate is not None]
        if len(pool) < places:
            raise DomainError(_("Not enough candidates are left for a further round: nominate more first."))
    new = Round.objects.create(election=election, number=round_.number + 1, kind=kind, places=places)
    new.candidates.set([c for c in pool if c is not None])
    return new


def _write_in_candidate(election: Election, name: str) -> Candidate:
    return election.candidates.filter(name=name).first() or Candidate.objects.create(
        election=election,
        name=name,
        person=_person_for(election, name),
        order=next_position(election.candidates.all()),
        source=Candidate.Source.WRITTEN_IN,
    )


def _seat(election: Election, elected: list[Candidate], on: datetime.date) -> int:
    """Those elected take their seat in the election's body for the term (once)."""
    if election.body is None:
        return 0
    seated = 0
    for candidate in elected:
        if candidate.person_id is None:
            continue
        _m, created = Membership.objects.get_or_create(
            person_id=candidate.person_id,
            body=election.body,
            term=election.meeting.term,
            role=election.role,
            defaults={"start_date": on},
        )
        seated += int(created)
    return seated


# --- moves --------------------------------------------------------------------------------------------------


def _check_list(election: Election) -> dict[str, Any]:
    n = election.candidates.count()
    low, high = extra_bounds(extra_rule(election.post_kind, election.region.path), election.places)
    if n < election.places + low or (high is not None and n > election.places + high):
        expected = f"{election.places + low}" if high is None else f"{election.places + low}–{election.places + high}"
        raise DomainError(
            _("%(places)d places need %(expected)s candidates under the rule for this post; the list has %(n)d.")
            % {"places": election.places, "expected": expected, "n": n}
        )
    first = Round.objects.create(election=election, number=1, kind=Round.Kind.FIRST, places=election.places)
    first.candidates.set(list(election.candidates.all()))
    return {"candidates": n, "round": 1}


def election_transition(
    *, actor: Actor, scope: Scope, election: Election, action: str, on: datetime.date | None = None
) -> Election:
    """fix_list (the 差额 rule checked, round 1 set) · reopen_list · open (the round's ballot: created and started,
    refused without a quorum) · close · further_round (this round published, its elected recorded, the next round
    set) · announce (published, elected recorded, seats taken)."""
    if not permissions.can_manage_election(scope, election):
        raise NotPermitted()
    day = on or timezone.localdate()

    def effects(locked: Election) -> dict[str, Any] | None:
        round_ = current_round(locked)
        if action == "fix_list":
            return _check_list(locked)
        if action == "reopen_list":
            if round_ is not None and round_.poll_id is None and round_.number == 1:
                round_.candidates.clear()
                round_.delete()
            elif round_ is not None:
                raise InvalidTransition(_("Voting has begun: the candidate list can no longer change."))
            return None
        assert round_ is not None
        if action == "open":
            options = [(c.name, f"{CANDIDATE_REF}{c.pk}") for c in round_.candidates.order_by("order")]
            title = f"{locked.post}选举（第{round_.number}轮）" if round_.number > 1 else f"{locked.post}选举"
            poll = open_poll(
                actor,
                _reason(locked, "opens its ballot"),
                poll=round_.poll,
                meeting=locked.meeting,
                item=locked.item,
                title=title,
                kind=locked.kind,
                matter=Poll.Matter.ELECTION,
                options=options,
                seats=round_.places,
                write_ins=round_.kind != Round.Kind.TIE,
            )
            if round_.poll_id is None:
                round_.poll = poll
                round_.save(update_fields=["poll"])
            return {"round": round_.number, "poll": poll.pk}
        if action == "close":
            finish_poll(actor, _reason(locked, "closes its ballot"), round_.poll)
            return {"round": round_.number}
        publish_poll(actor, _reason(locked, "publishes its round"), round_.poll)
        round_.refresh_from_db()
        outcome = round_outcome(round_)
        if outcome.void:
            round_.void = True
            round_.save(update_fields=["void"])
        elected = [] if outcome.void else _record_elected(locked, outcome)
        extra: dict[str, Any] = {"round": round_.number, "elected": [c.name for c in elected], "void": outcome.void}
        if action == "further_round":
            extra["next_round"] = _next_round(locked, outcome).number
        else:
            locked.announced_on = day
            everyone = list(locked.candidates.filter(elected_in__isnull=False))
            extra["seated"] = _seat(locked, everyone, locked.meeting.start_date)
            extra["places_left"] = locked.places - len(everyone)
        return extra

    return ELECTION.apply(election, action, actor=actor, scope=scope, effects=effects)


def election_results(election: Election) -> list[RoundOutcome]:
    return [round_outcome(r) for r in election.rounds.select_related("poll").prefetch_related("candidates")]


__all__ = [
    "CANDIDATE_REF",
    "RoundOutcome",
    "candidate_add",
    "candidate_remove",
    "current_round",
    "election_create",
    "election_results",
    "election_transition",
    "places_left",
    "round_outcome",
    "on_behalf_of",
]
