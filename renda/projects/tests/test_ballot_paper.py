"""The ballot paper on the vote page (issue #14, accessibility): every tick named by its candidate, each
for/against/abstain group a fieldset whose legend names the candidate, the candidate's budget and description shown,
a live count of the ticks, a confirmation before a secret ballot is cast, and a refused ballot shown again with the
voter's own ticks and the reason announced (role="alert")."""

from __future__ import annotations

import re

from django.test import Client

from renda.meetings.models import PollVoter
from renda.org.models import Body
from renda.projects import services

from .helpers import ADMIN, TEST, open_session, reviewed_cycle


def _ballot(world, form: str, kind: str = "secret", max_choices: int | None = 2):
    xc = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)
    meeting, users = open_session(xc, present=40)
    cycle = reviewed_cycle(xc, places=2, candidates=4)
    ballot = services.ballot_configure(
        actor=TEST, scope=ADMIN, cycle=cycle, meeting=meeting, form=form, max_choices=max_choices, kind=kind
    )
    services.ballot_transition(actor=TEST, scope=ADMIN, ballot=ballot, action="open")
    client = Client()
    client.force_login(users[0])
    return ballot, client


def _options(ballot):
    return list(ballot.poll.options.order_by("order"))


def test_pick_ballot_names_every_tick_counts_and_keeps_the_ticks_after_a_refusal(world):
    ballot, client = _ballot(world, "pick")
    url = f"/projects/ballots/{ballot.pk}/"
    page = client.get(url).content.decode()
    options = _options(ballot)
    for o in options:
        # the tick's label is the candidate's number and name (no row of checkboxes all named "tick")
        assert re.search(
            rf'<label class="tick"><input type="checkbox" name="pick" value="{o.pk}"[^>]*> <span>\d+\. {o.text}</span>', page
        )
    assert 'data-pick-limit="2"' in page and 'data-testid="pick-count"' in page and 'role="status"' in page
    assert "data-confirm-secret" in page and "<dialog" in page  # a secret ballot is confirmed before it is cast
    assert "镇财政" in page and 'aria-describedby="about-' in page  # budget, funding, unit, deadline, description

    too_many = [o.pk for o in options[:3]]
    response = client.post(f"{url}vote/", {"pick": too_many})
    assert response.status_code == 400
    again = response.content.decode()
    for o in options:
        ticked = re.search(rf'name="pick" value="{o.pk}" checked', again) is not None
        assert ticked == (o.pk in too_many)
    assert re.search(r'<li class="msg-error" role="alert">', again)
    assert not PollVoter.objects.filter(poll=ballot.poll).exists()

    assert client.post(f"{url}vote/", {"pick": too_many[:2]}).status_code == 302
    assert PollVoter.objects.filter(poll=ballot.poll).count() == 1


def test_yna_ballot_groups_each_candidates_radios_under_its_name_and_keeps_them(world):
    ballot, client = _ballot(world, "yna", kind="named", max_choices=None)
    url = f"/projects/ballots/{ballot.pk}/"
    options = _options(ballot)
    page = client.get(url).content.decode()
    assert "data-confirm-secret" not in page  # a named vote needs no confirmation
    for o in options:
        legend = re.search(rf"<fieldset[^>]*>\s*<legend>\d+\. {o.text}</legend>", page)
        assert legend, o.text
        assert page.count(f'name="option-{o.pk}"') == 3
    # the last candidate left blank: refused, the others' answers kept
    data = {f"option-{o.pk}": "Y" for o in options[:-1]}
    response = client.post(f"{url}vote/", data)
    assert response.status_code == 400
    again = response.content.decode()
    for o in options[:-1]:
        assert f'name="option-{o.pk}" value="Y" checked' in again
    assert f'name="option-{options[-1].pk}" value="Y" checked' not in again
