"""The run-off for a tie at the last place: created from the published result in one action, voted on the same
poll machinery, counted against all deputies, adopting its winners; refusals change nothing."""

import json

import pytest

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.org.models import Body
from renda.org.scoping import scope_for
from renda.projects import services
from renda.projects.models import Ballot, Project
from renda.projects.tally import ballot_result

from .helpers import ADMIN, open_session, reviewed_cycle


@pytest.fixture
def xc(world):
    return Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)


def _options(ballot):
    return list(ballot.poll.options.order_by("order").values_list("pk", flat=True))


def _run(ballot, *actions):
    for action in actions:
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action=action)


def tied_cycle(xc, *, form="yna", kind="named", places=2, candidates=4):
    """Candidate 1 first; 2 and 3 tie for the last place, both above the threshold; 4 is rejected."""
    meeting, users = open_session(xc, present=999)
    cycle = reviewed_cycle(xc, places=places, candidates=candidates)
    n_pick = 3 if form == "pick" else None
    ballot = services.ballot_configure(
        actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form=form, kind=kind, max_choices=n_pick, tie_rule="runoff"
    )
    _run(ballot, "open")
    o = _options(ballot)
    paired = len(users) - len(users) % 2
    for i, user in enumerate(users):
        if form == "yna":
            choices = {str(o[0]): "Y", str(o[1]): "Y", str(o[2]): "Y", str(o[3]): "N"}
            if i < 2:
                choices[str(o[1] if i == 0 else o[2])] = "N"  # one "against" each: still tied
        elif form == "pick":
            choices = [o[0], o[1], o[3]] if i == 0 else [o[0], o[2], o[3]] if i == 1 else [o[0], o[1], o[2]]
        elif i >= paired:
            choices = [o[0], o[3]]  # an odd one out ranks neither of the tied
        else:
            choices = [o[0], o[1], o[2]] if i % 2 else [o[0], o[2], o[1]]  # equal Borda points for 2 and 3
        services.ballot_vote(actor=user, ballot=ballot, choices=choices)
    _run(ballot, "close", "publish")
    ballot.refresh_from_db()
    return cycle, meeting, users, ballot


def test_tie_runoff_votes_adoption_and_both_rounds_shown(world, xc):
    cycle, meeting, users, ballot = tied_cycle(xc)
    first = ballot_result(ballot)
    assert first.runoff and [line.order for line in first.adopted] == [1]
    assert sorted(line.order for line in first.lines if line.tied) == [2, 3]
    assert Project.objects.filter(cycle=cycle).count() == 1
    events = AuditEvent.objects.filter(action="projects.ballot.runoff").count()

    runoff = services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    assert (runoff.round, runoff.previous_id, runoff.places, runoff.form, runoff.kind) == (2, ballot.pk, 1, "yna", "named")
    assert runoff.meeting_id == meeting.pk and runoff.threshold == ballot.threshold and runoff.tie_rule == "runoff"
    assert [o.text for o in runoff.poll.options.order_by("order")] == ["候选项目2", "候选项目3"]
    assert AuditEvent.objects.filter(action="projects.ballot.runoff").count() == events + 1

    _run(runoff, "open")
    r = _options(runoff)
    members = len(users)
    for i, user in enumerate(users):
        services.ballot_vote(actor=user, ballot=runoff, choices={str(r[0]): "Y" if i < 3 else "N", str(r[1]): "Y"})
    _run(runoff, "close", "publish")
    runoff.refresh_from_db()
    outcome = ballot_result(runoff)
    assert outcome.base == members and outcome.required == members // 2 + 1  # counted against all deputies
    assert [line.text for line in outcome.adopted] == ["候选项目3"]
    projects = list(Project.objects.filter(cycle=cycle).order_by("rank").values_list("title", "rank"))
    assert projects == [("候选项目1", 1), ("候选项目3", 2)]
    cycle.refresh_from_db()
    assert cycle.state == "implementing"

    html = world.client("admin").get(f"/projects/cycles/{cycle.pk}/").content.decode()
    assert 'data-testid="round-1"' in html and 'data-testid="round-2"' in html
    api = world.client("admin").get(f"/api/projects/ballots/{ballot.pk}").json()
    assert api["round"] == 1 and api["runoff_id"] == runoff.pk and api["places"] == 2
    api = world.client("admin").get(f"/api/projects/ballots/{runoff.pk}").json()
    assert (api["round"], api["previous_id"], api["places"], api["state"]) == (2, ballot.pk, 1, "published")
    assert [line["adopted"] for line in api["result"]] == [True, False]
    cycles = world.client("admin").get("/api/projects/cycles?year=2019").json()
    assert next(c for c in cycles if c["id"] == cycle.pk)["rounds"] == [ballot.pk, runoff.pk]


def test_pick_tie_is_re_voted_by_ticks_for_the_free_places(world, xc):
    _cycle, _meeting, _users, ballot = tied_cycle(xc, form="pick", kind="secret")
    assert ballot_result(ballot).runoff
    runoff = services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    assert (runoff.form, runoff.max_choices, runoff.poll.method, runoff.poll.max_choices) == ("pick", 1, "pick", 1)
    assert (runoff.kind, runoff.poll.kind, runoff.places) == ("secret", "secret", 1)


def test_rank_tie_is_re_voted_by_ticks(world, xc):
    _cycle, _meeting, _users, ballot = tied_cycle(xc, form="rank", kind="secret")
    outcome = ballot_result(ballot)
    assert outcome.runoff
    runoff = services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    assert (runoff.form, runoff.max_choices, runoff.poll.method) == ("pick", 1, "pick")


def test_a_tie_again_takes_a_further_runoff_of_the_runoff(world, xc):
    _cycle, _meeting, users, ballot = tied_cycle(xc)
    runoff = services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    _run(runoff, "open")
    r = _options(runoff)
    for user in users:
        services.ballot_vote(actor=user, ballot=runoff, choices={str(r[0]): "Y", str(r[1]): "Y"})
    _run(runoff, "close", "publish")
    runoff.refresh_from_db()
    assert ballot_result(runoff).runoff and not ballot_result(runoff).adopted
    with pytest.raises(InvalidTransition, match="already had its run-off"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    third = services.runoff_create(actor="t", scope=ADMIN, ballot=runoff)
    assert (third.round, third.previous_id, third.places, third.first_rank) == (3, runoff.pk, 1, 2)


def test_refusals_change_nothing(world, xc):
    cycle, _meeting, _users, ballot = tied_cycle(xc)
    other = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.wjj)
    from renda.meetings.models import Meeting

    before = (Ballot.objects.count(), AuditEvent.objects.count())
    wjj_meeting = Meeting.objects.filter(body=other).order_by("-start_date").first()
    with pytest.raises(DomainError, match="own congress"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=ballot, meeting=wjj_meeting)
    with pytest.raises(NotPermitted):
        services.runoff_create(actor="t", scope=scope_for(world.users["wjj_staff"]), ballot=ballot)
    assert (Ballot.objects.count(), AuditEvent.objects.count()) == before

    runoff = services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    before = (Ballot.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidTransition, match="already set"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)  # a second run-off while one is open
    with pytest.raises(InvalidTransition, match="published result"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=runoff)  # the run-off is not published
    with pytest.raises(InvalidTransition, match="run-off is still open"):
        services.evaluation_create(actor="t", scope=ADMIN, cycle=cycle, meeting=runoff.meeting)
    assert (Ballot.objects.count(), AuditEvent.objects.count()) == before


def test_no_tie_no_runoff_and_not_before_publication(world, xc):
    meeting, users = open_session(xc, present=999)
    cycle = reviewed_cycle(xc, places=1, candidates=2)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="yna")
    _run(ballot, "open")
    o = _options(ballot)
    for user in users:
        services.ballot_vote(actor=user, ballot=ballot, choices={str(o[0]): "Y", str(o[1]): "N"})
    _run(ballot, "close")
    with pytest.raises(InvalidTransition, match="published result"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    _run(ballot, "publish")
    before = (Ballot.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidTransition, match="No tie"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)
    client = world.client("admin")
    response = client.post(f"/projects/ballots/{ballot.pk}/runoff/", {})
    assert response.status_code == 400
    response = client.post(f"/api/projects/ballots/{ballot.pk}/runoff", json.dumps({}), content_type="application/json")
    assert response.status_code == 409
    assert (Ballot.objects.count(), AuditEvent.objects.count()) == before


def test_other_tie_rules_take_no_runoff(world, xc):
    _cycle, meeting, users, ballot = tied_cycle(xc)
    Ballot.objects.filter(pk=ballot.pk).update(tie_rule="lower_cost")  # as if the rule had been lower cost first
    ballot.refresh_from_db()
    with pytest.raises(InvalidTransition, match="No tie"):
        services.runoff_create(actor="t", scope=ADMIN, ballot=ballot)


def test_runoff_through_the_page_and_the_api(world, xc):
    cycle, meeting, _users, ballot = tied_cycle(xc)
    client = world.client("admin")
    page = client.get(f"/projects/ballots/{ballot.pk}/").content.decode()
    assert 'data-testid="runoff-form"' in page
    response = client.post(f"/projects/ballots/{ballot.pk}/runoff/", {"meeting": meeting.pk})
    runoff = Ballot.objects.get(previous=ballot)
    assert response.status_code == 302 and response["Location"].endswith(f"/projects/ballots/{runoff.pk}/")
    page = client.get(f"/projects/ballots/{runoff.pk}/").content.decode()
    assert 'data-testid="runoff-of"' in page
    again = client.post(f"/api/projects/ballots/{ballot.pk}/runoff", json.dumps({}), content_type="application/json")
    assert again.status_code == 409 and Ballot.objects.filter(cycle=cycle).count() == 2
