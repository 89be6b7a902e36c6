"""The cycle's last state: once the year-end satisfaction poll is published, staff record it and the cycle moves
implementing → evaluated (an explicit transition, audited, once); pages show the verdicts and the state."""

import re

import pytest
from django.utils import translation

from renda.core.errors import InvalidTransition
from renda.core.models import AuditEvent
from renda.meetings.services import poll_transition, poll_vote
from renda.org.models import Body
from renda.projects import services
from renda.projects.models import Cycle

from .helpers import ADMIN, open_session, reviewed_cycle


@pytest.fixture
def implementing(world):
    xc = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)
    meeting, users = open_session(xc, present=999)
    cycle = reviewed_cycle(xc, places=2, candidates=3)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="pick", max_choices=2)
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="open")
    o = list(ballot.poll.options.order_by("order").values_list("pk", flat=True))
    for user in users:
        services.ballot_vote(actor=user, ballot=ballot, choices=[o[0], o[1]])
    for action in ("close", "publish"):
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action=action)
    cycle.refresh_from_db()
    assert cycle.state == "implementing" and cycle.projects.count() == 2
    return cycle, meeting, users


def _label(lang: str) -> str:
    with translation.override(lang):
        return str(Cycle.State.EVALUATED.label)


def _evaluate(cycle):
    return services.cycle_transition(actor="t", scope=ADMIN, cycle=cycle, action="evaluate")


def test_published_satisfaction_moves_the_cycle_to_evaluated_once(world, implementing):
    cycle, meeting, users = implementing
    with pytest.raises(InvalidTransition, match="Publish the year-end"):
        _evaluate(cycle)  # no evaluation yet
    evaluation = services.evaluation_create(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting)
    poll = poll_transition(actor="t", scope=ADMIN, poll=evaluation.poll, action="start")
    first, second = poll.options.order_by("order")
    for user in users:
        poll_vote(actor=user, poll_id=poll.pk, choices={str(first.pk): "S", str(second.pk): "U"})
    poll_transition(actor="t", scope=ADMIN, poll=poll, action="finish")
    with pytest.raises(InvalidTransition, match="Publish the year-end"):
        _evaluate(cycle)  # voted but not published
    assert Cycle.objects.get(pk=cycle.pk).state == "implementing"
    poll_transition(actor="t", scope=ADMIN, poll=poll, action="publish")

    client = world.client("admin")
    assert 'data-testid="evaluate"' in client.get(f"/projects/cycles/{cycle.pk}/").content.decode()
    assert client.post(f"/projects/cycles/{cycle.pk}/action/", {"action": "evaluate"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == "evaluated"
    event = AuditEvent.objects.filter(action="projects.cycle.evaluate", object_id=str(cycle.pk)).get()
    assert event.before == {"state": "implementing"} and event.after["state"] == "evaluated"

    # Not twice: a second click changes nothing and records nothing; no new evaluation, no run-off.
    assert _evaluate(cycle).state == "evaluated"
    assert services.evaluation_create(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting).pk == evaluation.pk
    assert AuditEvent.objects.filter(action="projects.cycle.evaluate", object_id=str(cycle.pk)).count() == 1
    assert AuditEvent.objects.filter(action="projects.evaluation.create", object_id=str(evaluation.pk)).count() == 1

    html = client.get(f"/projects/cycles/{cycle.pk}/").content.decode()
    assert 'data-testid="evaluate"' not in html and 'class="verdict-S"' in html and 'class="verdict-U"' in html
    shown = re.search(r'data-testid="cycle-state">([^<]*)<', html).group(1)
    assert shown in {_label(lang) for lang in ("en", "zh-hans")}
    project = cycle.projects.order_by("rank").first()
    public = world.client(None).get(f"/projects/public/{project.pk}/").content.decode()
    assert 'data-testid="cycle-state"' in public and 'data-testid="verdict"' in public
    assert project.title in world.client(None).get("/projects/public/?year=2019").content.decode()


@pytest.mark.parametrize("action", ["close_proposals", "review"])
def test_an_evaluated_cycle_goes_nowhere_else(world, implementing, action):
    cycle, _meeting, _users = implementing
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluated")
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition):
        services.cycle_transition(actor="t", scope=ADMIN, cycle=cycle, action=action)
    assert Cycle.objects.get(pk=cycle.pk).state == "evaluated" and AuditEvent.objects.count() == events


@pytest.mark.parametrize("state", ["collecting", "listing", "reviewed", "voting"])
def test_only_an_implementing_cycle_can_be_evaluated(world, state):
    xc = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)
    cycle = services.cycle_create(actor="t", scope=ADMIN, congress=xc, year=2020, places=2)
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition):
        _evaluate(cycle)
    response = world.client("admin").post(f"/projects/cycles/{cycle.pk}/action/", {"action": "evaluate"})
    assert response.status_code == 400
    assert Cycle.objects.get(pk=cycle.pk).state == state and AuditEvent.objects.count() == events
