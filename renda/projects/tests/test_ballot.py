"""The ballot end to end on the meetings poll machinery: rules lock when voting opens, votes, adoption."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core.errors import DomainError, InvalidTransition
from renda.core.models import AuditEvent
from renda.meetings.models import Poll, PollBallot, PollVoter
from renda.meetings.services import AlreadyVoted, paper_count_enter
from renda.org.models import Body
from renda.projects import services
from renda.projects.models import Ballot, Project
from renda.projects.selectors import satisfaction
from renda.projects.tally import ballot_result

from .helpers import ADMIN, open_session, reviewed_cycle


@pytest.fixture
def xc(world):
    return Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)


def _options(ballot):
    return list(ballot.poll.options.order_by("order").values_list("pk", flat=True))


def test_rules_can_change_before_voting_and_are_locked_after(world, xc):
    meeting, _users = open_session(xc, present=5)
    cycle = reviewed_cycle(xc, places=3, candidates=5)
    ballot = services.ballot_configure(
        actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="pick", max_choices=3, kind="secret"
    )
    assert ballot.poll.method == "pick" and ballot.poll.max_choices == 3 and ballot.poll.options.count() == 5
    ballot = services.ballot_configure(
        actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna", kind="named", tie_rule="lower_cost"
    )
    ballot.poll.refresh_from_db()
    assert (ballot.form, ballot.poll.method, ballot.poll.kind, ballot.tie_rule) == ("yna", "yna", "named", "lower_cost")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition, match="locked"):
        services.ballot_configure(
            actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="pick", max_choices=2, threshold="half_cast"
        )
    ballot.refresh_from_db()
    ballot.poll.refresh_from_db()
    assert (ballot.form, ballot.max_choices, ballot.threshold) == ("yna", None, "half_members")
    assert (ballot.poll.method, ballot.poll.threshold) == ("yna", "half_members")
    assert AuditEvent.objects.count() == events


def test_rules_edit_refused_through_the_page_too(world, xc):
    meeting, _users = open_session(xc, present=3)
    cycle = reviewed_cycle(xc)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    client = world.client("admin")
    response = client.post(f"/projects/cycles/{cycle.pk}/action/", {"action": "ballot", "meeting": meeting.pk, "form": "rank"})
    assert response.status_code == 400
    assert Ballot.objects.get(pk=ballot.pk).form == "yna"


def test_pick_ballot_end_to_end_counted_against_all_deputies(world, xc):
    meeting, users = open_session(xc, present=40)
    members = len(users)
    cycle = reviewed_cycle(xc, places=2, candidates=4)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="pick", max_choices=2)
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    o = _options(ballot)
    voters = users[:40]
    # More ticks than allowed: the whole ballot is rejected, nothing recorded; the deputy can still vote.
    with pytest.raises(DomainError):
        services.ballot_vote(actor=voters[0], ballot=ballot, choices=[o[0], o[1], o[2]])
    assert not PollVoter.objects.filter(poll=ballot.poll).exists()
    assert not PollBallot.objects.filter(poll=ballot.poll).exists()
    for i, user in enumerate(voters):
        services.ballot_vote(actor=user, ballot=ballot, choices=[o[0], o[1]] if i % 4 else [o[0], o[2]])
    with pytest.raises(AlreadyVoted):
        services.ballot_vote(actor=voters[0], ballot=ballot, choices=[o[3]])
    assert PollBallot.objects.filter(poll=ballot.poll).count() == 40
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="close")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")  # a retried click
    ballot.refresh_from_db()
    outcome = ballot_result(ballot)
    assert outcome.base == members and outcome.required == members // 2 + 1
    lines = {line.option_id: line for line in outcome.lines}
    assert lines[o[0]].approval == 40 and lines[o[1]].approval == 30 and lines[o[2]].approval == 10
    expected = [o[0]] + ([o[1]] if outcome.required <= 30 else [])
    assert sorted(line.option_id for line in outcome.adopted) == sorted(expected)
    projects = Project.objects.filter(cycle=cycle)
    assert projects.count() == len(expected)
    cycle.refresh_from_db()
    assert cycle.state == "implementing"


def test_evaluation_needs_adopted_projects(world, xc):
    meeting, _users = open_session(xc, present=0)
    cycle = reviewed_cycle(xc, places=1, candidates=2)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna")
    for action in ("open", "close", "publish"):
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action=action)
    with pytest.raises(DomainError):
        services.evaluation_create(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting)


def test_unanimous_votes_of_too_few_present_adopt_nothing(world, xc):
    meeting, users = open_session(xc, present=10)
    assert len(users) > 20
    cycle = reviewed_cycle(xc, places=2, candidates=3)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    o = _options(ballot)
    for user in users[:10]:
        services.ballot_vote(actor=user, ballot=ballot, choices={str(pk): "Y" for pk in o})
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="close")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    assert Project.objects.filter(cycle=cycle).count() == 0


def test_rank_ballot_via_the_api_with_conflict_on_retry(world, xc):
    meeting, users = open_session(xc, present=30)
    cycle = reviewed_cycle(xc, places=2, candidates=4)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="rank")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    o = _options(ballot)
    from django.test import Client

    for user in users[:30]:
        client = Client()
        client.force_login(user)
        body = json.dumps({"choices": [o[2], o[0], o[1]]})
        assert client.post(f"/api/projects/ballots/{ballot.pk}/vote", body, content_type="application/json").status_code == 200
    assert client.post(f"/api/projects/ballots/{ballot.pk}/vote", body, content_type="application/json").status_code == 409
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="close")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    outcome = ballot_result(ballot)
    assert [line.option_id for line in outcome.lines][:3] == [o[2], o[0], o[1]]
    assert outcome.lines[0].counts == {"ranked": 30, "points": 30 * 4}
    data = world.client("admin").get(f"/api/projects/ballots/{ballot.pk}").json()
    assert data["state"] == "published" and data["result"][0]["candidate_ref"].startswith("candidate:")


def test_paper_ballot_entered_twice_and_reconciled(world, xc):
    meeting, users = open_session(xc, present=len(Body.objects.get(pk=xc.pk).deputies.all()))
    cycle = reviewed_cycle(xc, places=2, candidates=3)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna", kind="paper")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="close")
    o = _options(ballot)
    ballot.poll.refresh_from_db()
    n = ballot.poll.base_count
    counts = {
        str(o[0]): {"Y": n - 2, "N": 1, "A": 1},
        str(o[1]): {"Y": n // 2 + 1, "N": 0, "A": 0},
        str(o[2]): {"Y": 3, "N": 0, "A": 0},
    }
    paper_count_enter(actor=world.users["admin"], scope=ADMIN, poll=ballot.poll, ballots_total=n, invalid=0, counts=counts)
    with pytest.raises(InvalidTransition):
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")  # one count is not enough
    paper_count_enter(actor=world.users["office"], scope=ADMIN, poll=ballot.poll, ballots_total=n, invalid=0, counts=counts)
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    assert sorted(Project.objects.filter(cycle=cycle).values_list("candidate__order", flat=True)) == [1, 2]


def test_year_end_satisfaction_on_the_poll_machinery(world, xc):
    meeting, users = open_session(xc, present=999)
    cycle = reviewed_cycle(xc, places=2, candidates=3)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    o = _options(ballot)
    for user in users:
        services.ballot_vote(actor=user, ballot=ballot, choices={str(o[0]): "Y", str(o[1]): "Y", str(o[2]): "N"})
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="close")
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    assert Project.objects.filter(cycle=cycle).count() == 2
    evaluation = services.evaluation_create(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting)
    from renda.meetings.services import poll_transition, poll_vote

    poll = poll_transition(actor="t", scope=ADMIN, poll=evaluation.poll, action="start")
    first, second = poll.options.order_by("order")
    base = poll.base_count
    for i, user in enumerate(users):
        poll_vote(actor=user, poll_id=poll.pk, choices={str(first.pk): "S", str(second.pk): "S" if i < 5 else "B"})
    poll_transition(actor="t", scope=ADMIN, poll=poll, action="finish")
    poll_transition(actor="t", scope=ADMIN, poll=poll, action="publish")
    verdicts = satisfaction(cycle)
    assert len(users) == base
    assert verdicts[first.ref]["verdict"] == "S"
    assert verdicts[second.ref]["verdict"] == "B"  # 5 satisfied, the rest basically satisfied


def test_vote_is_a_handful_of_queries(world, xc):
    meeting, users = open_session(xc, present=3)
    cycle = reviewed_cycle(xc, places=3, candidates=12)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="pick", max_choices=10)
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    o = _options(ballot)
    with CaptureQueriesContext(connection) as ctx:
        services.ballot_vote(actor=users[0], ballot=ballot, choices=o[:10])
    assert len(ctx.captured_queries) <= 8
    assert PollVoter.objects.filter(poll=ballot.poll).count() == 1
    assert Poll.objects.get(pk=ballot.poll_id).state == "started"
