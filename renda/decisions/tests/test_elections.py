"""Elections at congress sessions (issue #11 item 4): candidates under the 差额 rule, one ballot per round with
for / against / abstain per candidate and write-ins (另选他人), elected with more than half of ALL deputies (not of
those present), a further round for the places left, secret ballots unlinkable, the result announced."""

from __future__ import annotations

import pytest

from renda.core.errors import DomainError, InvalidTransition
from renda.decisions import services
from renda.decisions.lifecycles import ELECTION
from renda.decisions.models import Candidate, Election
from renda.meetings.models import Poll, PollBallot, PollVoter
from renda.meetings.services import poll_vote
from renda.org.models import Membership
from renda.org.scoping import build_scope

from .factories import ADMIN, TEST, congress_session

pytestmark = pytest.mark.django_db


def _election(meeting, *, places=2, post_kind="presidium_member", names=("甲", "乙", "丙"), kind=Poll.Kind.SECRET, **kw):
    election = services.election_create(
        actor=TEST, scope=ADMIN, meeting=meeting, post="镇人大主席团成员", places=places, post_kind=post_kind, kind=kind, **kw
    )
    for name in names:
        services.candidate_add(actor=TEST, scope=ADMIN, election=election, name=name)
    return election


def _move(election, *actions):
    for action in actions:
        election = services.election_transition(actor=TEST, scope=ADMIN, election=election, action=action)
    return election


def _ballot(poll, user, yes=(), write_ins=()):
    options = {o.text: o.pk for o in poll.options.all()}
    choices = {str(pk): ("Y" if text in yes else "N") for text, pk in options.items()}
    poll_vote(actor=user, poll_id=poll.pk, choices=choices, write_ins=list(write_ins))


def test_the_candidate_list_follows_the_rule_of_more_candidates_than_places():
    meeting, _users, _staff = congress_session(deputies=10)
    election = _election(meeting, names=("甲", "乙"))  # 2 places, 2 candidates: 差额 needs one more
    with pytest.raises(DomainError, match="3"):
        _move(election, "fix_list")
    services.candidate_add(actor=TEST, scope=ADMIN, election=election, name="丙")
    election = _move(election, "fix_list")
    assert ELECTION.in_group(election, "editable") is False
    with pytest.raises(InvalidTransition):
        services.candidate_add(actor=TEST, scope=ADMIN, election=election, name="丁")


def test_elected_with_more_than_half_of_all_deputies_and_write_ins_count():
    # 10 deputies, 7 present (the quorum): the threshold is 6 of ALL 10, not 4 of the 7 present
    meeting, users, _staff = congress_session(deputies=10, present=7)
    election = _move(_election(meeting), "fix_list", "open")
    poll = services.current_round(election).poll
    assert poll.seats == 2 and poll.write_ins
    for user in users[:6]:
        _ballot(poll, user, yes=("甲",), write_ins=("王五",))  # 甲 6, 王五 written in 6 times
    _ballot(poll, users[6], yes=("乙", "丙"))  # 乙 1, 丙 1
    election = _move(election, "close")
    outcome = services.round_outcome(services.current_round(election))
    assert outcome.result.required == 6
    assert sorted(line.name for line in outcome.elected) == ["王五", "甲"]
    election = _move(election, "announce")
    assert election.state == Election.State.ANNOUNCED
    written = Candidate.objects.get(election=election, name="王五")
    assert written.source == Candidate.Source.WRITTEN_IN and written.votes == 6
    # secret: the voters are recorded without choices, the ballots without voters
    assert PollVoter.objects.filter(poll=poll).count() == 7
    assert all(not hasattr(b, "person_id") for b in PollBallot.objects.filter(poll=poll))


def test_places_left_go_to_a_further_round():
    meeting, users, _staff = congress_session(deputies=10, present=8)
    election = _move(_election(meeting, names=("甲", "乙", "丙")), "fix_list", "open")
    poll = services.current_round(election).poll
    for user in users[:6]:
        _ballot(poll, user, yes=("甲",))  # 甲 6 of 10: elected; nobody else past 6
    for user in users[6:8]:
        _ballot(poll, user, yes=("乙", "丙"))
    election = _move(election, "close")
    assert services.places_left(election) == 1
    assert "further_round" in [t.action for t in ELECTION.available(election, ADMIN)]
    election = _move(election, "further_round")
    assert election.state == Election.State.NOMINATED
    second = services.current_round(election)
    assert (second.number, second.places, second.kind) == (2, 1, "further")
    assert sorted(c.name for c in second.candidates.all()) == ["丙", "乙"]
    election = _move(election, "open")
    poll = services.current_round(election).poll
    for user in users[:7]:
        _ballot(poll, user, yes=("乙",))
    election = _move(election, "close", "announce")
    assert sorted(Candidate.objects.filter(election=election, elected_in__isnull=False).values_list("name", flat=True)) == [
        "乙",
        "甲",
    ]


def test_those_elected_take_their_seat_in_the_body():
    meeting, users, _staff = congress_session(deputies=10, present=8)
    from renda.org.models import Body, Deputy

    presidium = Body.objects.get(congress=meeting.body, kind=Body.Kind.PRESIDIUM)
    people = [d.person for d in Deputy.objects.filter(congress=meeting.body).order_by("person_id")[:3]]
    election = services.election_create(
        actor=TEST,
        scope=ADMIN,
        meeting=meeting,
        post="镇人大主席团成员",
        places=2,
        post_kind="presidium_member",
        body=presidium,
        role="member",
        kind=Poll.Kind.SECRET,
    )
    for person in people:
        services.candidate_add(actor=TEST, scope=ADMIN, election=election, person=person)
    election = _move(election, "fix_list", "open")
    poll = services.current_round(election).poll
    for user in users[:8]:
        _ballot(poll, user, yes=(people[0].name, people[1].name))
    _move(election, "close", "announce")
    assert set(Membership.objects.filter(body=presidium).values_list("person_id", flat=True)) == {people[0].pk, people[1].pk}


def test_elections_need_a_quorum_and_the_managing_staff():
    meeting, users, staff = congress_session(deputies=10, present=10)
    election = _move(_election(meeting), "fix_list")
    outsider = users[0]
    with pytest.raises(Exception):  # noqa: B017 — a deputy may not run the election
        services.election_transition(actor=outsider, scope=build_scope(outsider), election=election, action="open")
    election = services.election_transition(actor=staff, scope=build_scope(staff), election=election, action="open")
    assert election.state == Election.State.VOTING


def test_candidates_are_linked_to_the_people_of_the_area():
    from django.test import Client

    from renda.org.models import Deputy
    from renda.org.tests.factories import PersonFactory

    meeting, _users, staff = congress_session(deputies=4)
    election = _election(meeting, names=())
    deputy = Deputy.objects.filter(congress=meeting.body).select_related("person").first()
    named = services.candidate_add(actor=TEST, scope=ADMIN, election=election, name=deputy.person.name)
    assert named.person_id == deputy.person_id  # named exactly: the deputy, not a free-text name
    stranger = PersonFactory()  # someone of no body of the area
    with pytest.raises(DomainError):
        services.candidate_add(actor=TEST, scope=ADMIN, election=election, person=stranger)
    client = Client()
    client.force_login(staff)
    url = f"/api/elections/{election.pk}/candidates"
    assert client.post(url, {"person_id": stranger.pk}, content_type="application/json").status_code == 404
    found = client.get(f"/api/elections/{election.pk}/people", {"q": deputy.person.name[:1]}).json()
    assert deputy.person_id in [p["id"] for p in found] and stranger.pk not in [p["id"] for p in found]
    page = client.get(f"/decisions/elections/{election.pk}/")
    assert f'<option value="{deputy.person.name}">' in page.content.decode()
