"""The projects app's state machines, declared once (`renda.projects.lifecycles`): what each scope is offered, that
the services move along the same table and keep their audit, that templates never spell a state out, and that the
calls into the meetings app go as a system actor naming its reason and the user who set it off."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client

from renda.core.errors import InvalidTransition
from renda.core.models import AuditEvent
from renda.meetings.lifecycles import POLL
from renda.org.models import Body, Role
from renda.org.tests.factories import UserFactory, scope_of
from renda.projects import services
from renda.projects.lifecycles import BALLOT, CYCLE, CYCLE_ACTIONS, PROPOSAL
from renda.projects.models import Cycle, Proposal

from .factories import CandidateFactory, CycleFactory, ProposalFactory, make_town
from .helpers import ADMIN, TEST, open_session, reviewed_cycle

S = Cycle.State
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _actions(lifecycle, obj, scope) -> list[str]:
    return [a.action for a in lifecycle.available(obj, scope)]


def test_the_cycle_table_is_the_documented_one():
    assert CYCLE.table() == [
        ("close_proposals", ["collecting"], "listing", "Close proposals"),
        ("review", ["listing"], "reviewed", "Record the review"),
        ("ballot", ["reviewed", "voting"], "voting", "Save the ballot rules"),
        ("decide", ["voting"], "implementing", "Publish the result"),
        ("evaluate", ["implementing"], "evaluated", "Record the evaluation: the cycle is evaluated"),
    ]
    assert set(CYCLE_ACTIONS) < set(CYCLE.actions)
    assert [t[0] for t in BALLOT.table()] == ["open", "close", "publish"]
    # the ballot's moves are its poll's, under the ballot's names
    assert [(sources, target) for _a, sources, target, _l in BALLOT.table()] == [
        (sources, target) for _a, sources, target, _l in POLL.table()
    ]


def test_staff_who_run_the_cycle_are_offered_its_next_move_and_no_one_else_is(db):
    town = make_town()
    cycle = CycleFactory(congress=town.congress)
    staff = scope_of(UserFactory(grants=[(Role.TOWN, {"region": town.region})]))
    leader = scope_of(UserFactory(grants=[(Role.LEADER, {"region": town.district})]))
    office = scope_of(UserFactory(grants=[(Role.OFFICE, {"region": town.district})]))  # runs the district's, not a town's
    assert _actions(CYCLE, cycle, staff) == ["close_proposals"]
    assert _actions(CYCLE, cycle, leader) == [] and _actions(CYCLE, cycle, office) == []
    for state, offered in [
        (S.LISTING, ["review"]),
        (S.REVIEWED, ["ballot"]),  # no ballot yet: the rules may be set
        (S.VOTING, ["ballot"]),  # the publication of the ballot moves it on, never a cycle button
        (S.IMPLEMENTING, []),  # "evaluate" waits for the published satisfaction poll
        (S.EVALUATED, []),
    ]:
        cycle.state = state
        assert _actions(CYCLE, cycle, staff) == offered, state
    assert not CYCLE.allowed(cycle, ADMIN, "decide")


def test_proposal_decisions_are_offered_while_the_list_is_open(db):
    town = make_town()
    proposal = ProposalFactory(cycle=CycleFactory(congress=town.congress))
    staff = scope_of(UserFactory(grants=[(Role.TOWN, {"region": town.region})]))
    assert _actions(PROPOSAL, proposal, staff) == ["shortlist", "decline"]
    assert _actions(PROPOSAL, proposal, scope_of(UserFactory(grants=[(Role.LEADER, {"region": town.district})]))) == []
    proposal.state = Proposal.State.SHORTLISTED  # a decision may be revised while the list is open
    assert _actions(PROPOSAL, proposal, staff) == ["shortlist", "decline"]
    proposal.cycle.state = S.REVIEWED
    assert _actions(PROPOSAL, proposal, staff) == []


def test_moves_keep_their_audit_and_refuse_with_the_apps_message(db):
    town = make_town()
    cycle = CycleFactory(congress=town.congress, places=1, state=S.LISTING)
    CandidateFactory(cycle=cycle)
    CandidateFactory(cycle=cycle)
    with pytest.raises(InvalidTransition, match="cannot do this"):
        services.cycle_transition(actor=TEST, scope=ADMIN, cycle=cycle, action="evaluate")
    day = datetime.date(2020, 1, 5)
    services.cycle_transition(
        actor=TEST, scope=ADMIN, cycle=cycle, action="review", review_body=town.presidium, note="同意", on=day
    )
    event = AuditEvent.objects.get(action="projects.cycle.review", object_id=str(cycle.pk))
    assert event.before == {"state": "listing"}
    assert event.after == {"state": "reviewed", "review_body": town.presidium.pk, "reviewed_on": "2020-01-05"}
    proposal = ProposalFactory(cycle=cycle)
    with pytest.raises(InvalidTransition, match="already reviewed"):
        services.proposal_decide(actor=TEST, scope=ADMIN, proposal=proposal, decision="shortlist", reason="r")
    with pytest.raises(InvalidTransition, match="Unknown action"):
        services.proposal_decide(actor=TEST, scope=ADMIN, proposal=proposal, decision="approve", reason="r")
    with pytest.raises(InvalidTransition, match="Unknown action"):
        services.cycle_transition(actor=TEST, scope=ADMIN, cycle=cycle, action="decide")


def test_no_template_compares_a_state():
    comparison = re.compile(r"(state|status)[^%]*(==|!=| in )")
    found = [
        f"{path.name}:{n}"
        for path in TEMPLATES.rglob("*.html")
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if comparison.search(line)
    ]
    assert found == []


def test_api_detail_outputs_say_what_the_caller_may_do(db):
    town = make_town()
    cycle = CycleFactory(congress=town.congress)
    staff = UserFactory(grants=[(Role.TOWN, {"region": town.region})])
    client = Client()
    client.force_login(staff)
    data = client.get(f"/api/projects/cycles/{cycle.pk}").json()
    assert data["state"] == "collecting" and data["candidates"] == 0 and data["ballot_id"] is None
    (action,) = data["actions"]  # the label in the caller's language
    assert (action["action"], action["target"]) == ("close_proposals", "listing") and action["label"]
    leader = UserFactory(grants=[(Role.LEADER, {"region": town.district})])
    client.force_login(leader)
    assert client.get(f"/api/projects/cycles/{cycle.pk}").json()["actions"] == []


def test_the_ballot_drives_the_poll_as_a_system_actor_for_the_staff_member(world):
    xc = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)
    meeting, _users = open_session(xc, present=3)
    cycle = reviewed_cycle(xc)
    staff = world.users["xc_staff"]
    ballot = services.ballot_configure(actor=staff, scope=scope_of(staff), cycle=cycle, meeting=meeting, form="yna")
    services.ballot_transition(actor=staff, scope=scope_of(staff), ballot=ballot, action="open")
    for action in ("poll.create", "poll.start"):
        event = AuditEvent.objects.get(action=action, object_id=str(ballot.poll_id))
        assert event.actor_id == staff.pk and "projects:" in event.actor_label, action
    client = Client()
    client.force_login(staff)
    data = client.get(f"/api/projects/ballots/{ballot.pk}").json()
    assert [a["action"] for a in data["actions"]] == ["close"]
    page = client.get(f"/projects/ballots/{ballot.pk}/").content.decode()
    assert 'data-testid="ballot-close"' in page and 'data-testid="ballot-open"' not in page
    client.force_login(world.users["leader"])
    assert client.get(f"/api/projects/ballots/{ballot.pk}").json()["actions"] == []
