"""Polls: thresholds against the full membership, entitlement, one vote per member, secret ballots, paper counts.

Each test builds its own standing committee (27 seated members) with the factories: nothing here depends on the
demo district."""

from __future__ import annotations

import datetime
import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.meetings import services
from renda.meetings.models import Attendance, PaperCount, Poll, PollBallot, PollVoter
from renda.meetings.results import poll_result
from renda.org.models import Body, Deputy, Role
from renda.org.tests.factories import CongressFactory, DeputyFactory, PersonFactory, RegionFactory, TermFactory, UserFactory

from .factories import ADMIN, DAY, CommitteeFactory, end_seat, motion, open_meeting, started_poll, voter_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    """A district standing committee with 27 seated members."""
    return CommitteeFactory(members=27)


def vote_all(poll, users, values):
    option = motion(poll)
    for user, value in zip(users, values, strict=False):
        services.poll_vote(actor=user, poll_id=poll.pk, choices={str(option): value})


# --- thresholds ---------------------------------------------------------------------------------------


def test_majority_of_present_but_not_of_full_membership_fails(committee):
    meeting, users = open_meeting(body=committee, present=14)
    poll = started_poll(meeting)
    assert (poll.base_count, poll.present_count) == (27, 14)
    vote_all(poll, users[:13], ["Y"] * 13)
    result = poll_result(poll)
    assert result.base == 27 and result.required == 14 and result.motion.counts == {"Y": 13, "N": 0, "A": 0}
    assert not result.motion.passed  # 13 of the 14 present, but not more than half of 27
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    assert not poll_result(Poll.objects.get(pk=poll.pk)).motion.passed


def test_same_votes_pass_when_the_rule_counts_those_present(committee):
    meeting, users = open_meeting(body=committee, present=14)
    poll = started_poll(meeting, threshold=Poll.Threshold.HALF_PRESENT)
    vote_all(poll, users[:14], ["Y"] * 8 + ["N"] * 6)
    result = poll_result(poll)
    assert (result.base, result.required, result.motion.passed) == (14, 8, True)
    assert result.base_label == gettext("members present")


def test_members_who_left_before_the_meeting_are_not_counted(committee):
    meeting, users = open_meeting(body=committee, present=0)
    people = [u.person for u in users]
    later = DAY + datetime.timedelta(days=1)
    end_seat(people[0], DAY)  # left the day before the meeting: out of the base
    end_seat(people[1], later)  # still a member on the meeting date: counted
    end_seat(people[2], DAY + datetime.timedelta(days=30))  # left later: counted
    meeting2, _users = open_meeting(body=committee, day=later)
    poll = started_poll(meeting2)
    assert poll.base_count == 26
    assert meeting.attendances.filter(role="member", entitled=True).count() == 27  # the earlier meeting is unchanged
    # The one who left is not invited to vote at the later meeting.
    assert not meeting2.attendances.filter(person=people[0], entitled=True).exists()
    assert meeting2.attendances.filter(person=people[1], entitled=True).exists()
    assert meeting2.attendances.filter(person=people[2], entitled=True).exists()


def test_deputies_whose_mandate_ended_before_the_session_are_not_counted():
    congress = CongressFactory(region=RegionFactory(parent=RegionFactory()))
    DeputyFactory.create_batch(4, term=TermFactory(congress=congress))
    deputies = list(Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING).order_by("pk")[:2])
    before = len(services.member_person_ids(body=congress, term=deputies[0].term, on=DAY))
    Deputy.objects.filter(pk=deputies[0].pk).update(status=Deputy.Status.RESIGNED, status_date=DAY - datetime.timedelta(days=3))
    Deputy.objects.filter(pk=deputies[1].pk).update(status=Deputy.Status.RESIGNED, status_date=DAY + datetime.timedelta(days=3))
    assert len(services.member_person_ids(body=congress, term=deputies[0].term, on=DAY)) == before - 1


def test_a_tie_fails_and_exactly_more_than_half_passes(committee):
    meeting, users = open_meeting(body=committee, present=27)
    poll = started_poll(meeting)
    vote_all(poll, users, ["Y"] * 13 + ["N"] * 13 + ["A"])
    result = poll_result(poll)
    assert result.motion.counts == {"Y": 13, "N": 13, "A": 1} and not result.motion.passed
    poll2 = started_poll(meeting, title="第二项")
    vote_all(poll2, users, ["Y"] * 14 + ["N"] * 13)
    assert poll_result(poll2).motion.passed  # 14 > 27 / 2


def test_two_thirds_rule(committee):
    meeting, users = open_meeting(body=committee, present=27)
    poll = started_poll(meeting, threshold=Poll.Threshold.TWO_THIRDS_MEMBERS)
    vote_all(poll, users, ["Y"] * 17 + ["N"] * 10)
    result = poll_result(poll)
    assert result.required == 18 and not result.motion.passed


def test_ballot_methods_pick_rank_satisfaction_and_shared_ranks(committee):
    meeting, users = open_meeting(body=committee, present=27)
    options = ["项目甲", "项目乙", "项目丙"]
    pick = started_poll(meeting, title="票决", method=Poll.Method.PICK, options=options, max_choices=2)
    ids = list(pick.options.order_by("order").values_list("pk", flat=True))
    for user in users[:20]:
        services.poll_vote(actor=user, poll_id=pick.pk, choices=[ids[0], ids[1]])
    with pytest.raises(DomainError):
        services.poll_vote(actor=users[20], poll_id=pick.pk, choices=ids)  # three of at most two
    result = poll_result(pick)
    first, second, third = result.options
    assert (first.counts["Y"], second.counts["Y"], third.counts["Y"]) == (20, 20, 0)
    assert (first.rank, second.rank, third.rank) == (1, 1, 3) and first.passed and not third.passed
    rank = started_poll(meeting, title="排序", method=Poll.Method.RANK, options=options)
    rids = list(rank.options.order_by("order").values_list("pk", flat=True))
    services.poll_vote(actor=users[0], poll_id=rank.pk, choices=[rids[2], rids[0], rids[1]])
    scores = {o.text: o.score for o in poll_result(rank).options}
    assert scores == {"项目丙": 3, "项目甲": 2, "项目乙": 1}
    sat = started_poll(meeting, title="满意度", method=Poll.Method.SATISFACTION, options=options[:1])
    sid = motion(sat)
    for user, value in zip(users, ["S"] * 10 + ["B"] * 5 + ["U"] * 12, strict=True):
        services.poll_vote(actor=user, poll_id=sat.pk, choices={str(sid): value})
    assert poll_result(sat).options[0].verdict == "B"  # 10 satisfied < 14, 15 satisfied or basically ≥ 14


# --- entitlement, one vote, locking -------------------------------------------------------------------


def test_only_present_voting_members_vote_and_only_once(committee):
    listener_person = PersonFactory()
    meeting, users = open_meeting(body=committee)
    poll = started_poll(meeting)
    option = {str(motion(poll)): "Y"}
    with pytest.raises(NotPermitted):
        services.poll_vote(actor=users[20], poll_id=poll.pk, choices=option)  # invited, not signed in
    services.poll_vote(actor=users[0], poll_id=poll.pk, choices=option)
    with pytest.raises(services.AlreadyVoted):
        services.poll_vote(actor=users[0], poll_id=poll.pk, choices={str(motion(poll)): "N"})
    assert PollVoter.objects.filter(poll=poll).count() == 1 and PollBallot.objects.filter(poll=poll).count() == 1
    assert poll_result(poll).motion.counts["Y"] == 1
    listener = Attendance.objects.create(
        meeting=meeting,
        person=listener_person,
        role=Attendance.Role.NON_VOTING,
        entitled=False,
        region=meeting.region,
        status=Attendance.Status.PRESENT,
        signed_in_at=meeting.created_at,
    )
    with pytest.raises(NotPermitted):
        services.poll_vote(actor=voter_user(listener_person), poll_id=poll.pk, choices=option)
    assert listener.pk and PollVoter.objects.filter(poll=poll).count() == 1
    with pytest.raises(DomainError):
        services.poll_vote(actor=users[1], poll_id=poll.pk, choices={str(motion(poll)): "maybe"})
    assert PollVoter.objects.filter(poll=poll).count() == 1


def test_rules_lock_when_the_poll_starts_and_states_move_forward_only(committee):
    meeting, users = open_meeting(body=committee)
    poll = services.poll_create(actor="test", scope=ADMIN, meeting=meeting, title="议案", kind=Poll.Kind.NAMED)
    with pytest.raises(InvalidTransition):
        services.poll_vote(actor=users[0], poll_id=poll.pk, choices={str(motion(poll)): "Y"})
    services.poll_update(actor="test", scope=ADMIN, poll=poll, threshold=Poll.Threshold.TWO_THIRDS_MEMBERS)
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="start")
    with pytest.raises(InvalidTransition):
        services.poll_update(actor="test", scope=ADMIN, poll=poll, threshold=Poll.Threshold.HALF_CAST)
    with pytest.raises(InvalidTransition):
        services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="publish")
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.STARTED
    assert Poll.objects.get(pk=poll.pk).threshold == Poll.Threshold.TWO_THIRDS_MEMBERS
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    with pytest.raises(InvalidTransition):
        services.poll_vote(actor=users[0], poll_id=poll.pk, choices={str(motion(poll)): "Y"})
    again = services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")  # a retried submit
    assert again.state == Poll.State.FINISHED


def test_vote_is_a_handful_of_queries(committee):
    meeting, users = open_meeting(body=committee)
    poll = started_poll(meeting, kind=Poll.Kind.SECRET)
    choices = {str(motion(poll)): "Y"}
    with CaptureQueriesContext(connection) as ctx:
        services.poll_vote(actor=users[0], poll_id=poll.pk, choices=choices)
    statements = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]
    assert len(statements) <= 6, statements


# --- secret ballots -----------------------------------------------------------------------------------


def test_secret_poll_leaves_no_way_to_join_a_voter_to_a_choice(committee):
    meeting, users = open_meeting(body=committee)
    poll = started_poll(meeting, kind=Poll.Kind.SECRET)
    values = ["Y", "N", "Y", "A", "Y", "N"]
    vote_all(poll, users[:6], values)
    ids_during = set(PollBallot.objects.filter(poll=poll).values_list("pk", flat=True))
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    ballots = list(PollBallot.objects.filter(poll=poll))
    assert len(ballots) == 6 and not ids_during & {b.pk for b in ballots}  # rewritten under new keys, shuffled

    # The ballot table: a random UUID key, the poll, the choices. No voter, no time, no sequence.
    fields = {f.name: f for f in PollBallot._meta.concrete_fields}
    assert set(fields) == {"id", "poll", "choices"} and isinstance(fields["id"], models.UUIDField)
    assert all(b.pk.version == 4 for b in ballots)
    # No table anywhere points at a ballot.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) is not PollBallot or model is PollBallot or field.one_to_many, (
                model,
                field,
            )
    # The voters' rows carry no choice.
    assert set(PollVoter.objects.filter(poll=poll).values_list("choices", flat=True)) == {None}
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in PollVoter._meta.concrete_fields)
    # The audit trail says who voted, never what or which ballot.
    events = list(AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk)))
    assert len(events) == 6 and all(e.after == {"voted": True} and e.before is None for e in events)
    ballot_keys = (
        {str(b.pk) for b in ballots} | {b.pk.hex for b in ballots} | {str(k) for k in ids_during} | {k.hex for k in ids_during}
    )
    for event in AuditEvent.objects.filter(created_at__gte=meeting.created_at):
        text = json.dumps([event.before, event.after, event.object_id, event.object_repr])
        assert not any(k in text for k in ballot_keys)
        assert '"Y"' not in text or event.action != "poll.vote"
    # Every other row of this app that mentions the poll carries no ballot key.
    for model in apps.get_app_config("meetings").get_models():
        if model is PollBallot:
            continue
        for row in model.objects.all().values():
            assert not any(k in json.dumps(row, default=str) for k in ballot_keys), model
    assert sorted(poll_result(poll).motion.counts.items()) == [("A", 1), ("N", 2), ("Y", 3)]


def test_named_poll_records_each_members_choice(committee):
    meeting, users = open_meeting(body=committee)
    poll = started_poll(meeting)
    vote_all(poll, users[:2], ["Y", "N"])
    rows = dict(PollVoter.objects.filter(poll=poll).values_list("person__user", "choices"))
    assert rows[users[0].pk] == {str(motion(poll)): "Y"} and rows[users[1].pk] == {str(motion(poll)): "N"}
    assert AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk), after__choices__isnull=False).count() == 2


# --- paper ballots ------------------------------------------------------------------------------------


def test_paper_poll_mismatched_counts_cannot_be_published(committee):
    meeting, _users = open_meeting(body=committee, present=20)
    poll = started_poll(meeting, kind=Poll.Kind.PAPER)
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    option = str(motion(poll))
    office, admin = UserFactory(), UserFactory()  # two staff count independently
    services.paper_count_enter(
        actor=office, scope=ADMIN, poll=poll, ballots_total=20, invalid=1, counts={option: {"Y": 16, "N": 2, "A": 1}}
    )
    with pytest.raises(InvalidTransition):
        services.poll_transition(actor=office, scope=ADMIN, poll=poll, action="publish")  # one count only
    with pytest.raises(InvalidTransition):  # the same person cannot enter the second count
        services.paper_count_enter(
            actor=office, scope=ADMIN, poll=poll, ballots_total=20, invalid=1, counts={option: {"Y": 15, "N": 3, "A": 1}}
        )
    services.paper_count_enter(
        actor=admin, scope=ADMIN, poll=poll, ballots_total=20, invalid=1, counts={option: {"Y": 15, "N": 3, "A": 1}}
    )
    with pytest.raises(InvalidTransition):
        services.poll_transition(actor=office, scope=ADMIN, poll=poll, action="publish")
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.FINISHED
    services.paper_count_discard(actor=office, scope=ADMIN, poll=poll)
    counts = {option: {"Y": 16, "N": 2, "A": 1}}
    services.paper_count_enter(actor=office, scope=ADMIN, poll=poll, ballots_total=20, invalid=1, counts=counts)
    services.paper_count_enter(actor=admin, scope=ADMIN, poll=poll, ballots_total=20, invalid=1, counts=counts)
    published = services.poll_transition(actor=office, scope=ADMIN, poll=poll, action="publish")
    result = poll_result(published)
    assert published.state == Poll.State.PUBLISHED and result.motion.counts == {"Y": 16, "N": 2, "A": 1}
    assert result.motion.passed and result.cast == 19 and result.invalid == 1
    assert PaperCount.objects.filter(poll=poll).count() == 2


def test_paper_counts_must_add_up(committee):
    meeting, _users = open_meeting(body=committee)
    poll = started_poll(meeting, kind=Poll.Kind.PAPER)
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    with pytest.raises(DomainError):
        services.paper_count_enter(
            actor=UserFactory(),
            scope=ADMIN,
            poll=poll,
            ballots_total=5,
            invalid=0,
            counts={str(motion(poll)): {"Y": 5, "N": 1}},
        )
    assert not PaperCount.objects.filter(poll=poll).exists()


def test_staff_of_another_region_cannot_run_a_poll(committee):
    from renda.org.scoping import build_scope

    meeting, _users = open_meeting(body=committee)
    town_staff = UserFactory(grants=[(Role.TOWN, {"region": RegionFactory(parent=RegionFactory())})])
    with pytest.raises(NotPermitted):
        services.poll_create(actor=town_staff, scope=build_scope(town_staff), meeting=meeting, title="x", kind="named")
    assert Body.objects.get(pk=meeting.body_id).kind == Body.Kind.STANDING_COMMITTEE


# --- the API ------------------------------------------------------------------------------------------


def test_api_vote_then_conflict(committee, office, client):
    meeting, users = open_meeting(body=committee)
    poll = started_poll(meeting, kind=Poll.Kind.SECRET)
    client.force_login(users[0])
    url = f"/api/meetings/polls/{poll.pk}/vote"
    body = json.dumps({"choices": {str(motion(poll)): "Y"}})
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 200 and first.json() == {"status": "voted"}
    second = client.post(url, body, content_type="application/json")
    assert second.status_code == 409
    client.force_login(users[20])  # not signed in
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(office)
    assert client.post(url, body, content_type="application/json").status_code == 403
    detail = client.get(f"/api/meetings/polls/{poll.pk}").json()
    assert detail["voted"] == 1 and detail["result"] is None


def test_staff_enter_a_rank_order_paper_count_per_rank_position_on_the_page(committee, office):
    from django.urls import reverse

    meeting, _users = open_meeting(body=committee)
    poll = started_poll(meeting, kind=Poll.Kind.PAPER, method=Poll.Method.RANK, options=["甲", "乙", "丙"], max_choices=2)
    services.poll_transition(actor="test", scope=ADMIN, poll=poll, action="finish")
    url = reverse("meetings:paper_count", args=[poll.pk])
    client = Client()
    client.force_login(office)
    page = client.get(url).content.decode()
    options = list(poll.options.order_by("pk"))
    assert f'name="count-{options[0].pk}-1"' in page and f'name="count-{options[0].pk}-2"' in page
    assert f'name="count-{options[0].pk}-3"' not in page  # two positions: at most 2 ranked
    grid = {"ballots_total": "6", "invalid": "0"}
    for option, (first, second) in zip(options, [(3, 2), (2, 3), (1, 1)], strict=True):
        grid[f"count-{option.pk}-1"], grid[f"count-{option.pk}-2"] = str(first), str(second)
    assert client.post(url, grid).status_code == 302
    count = PaperCount.objects.get(poll=poll)
    assert count.counts[str(options[0].pk)] == {"1": 3, "2": 2}
    # a position filled on more ballots than were cast is refused whole, nothing saved
    bad = {**grid, f"count-{options[2].pk}-1": "4"}
    second = Client()
    second.force_login(UserFactory(grants=[(Role.OFFICE, {"region": committee.region})]))
    response = second.post(url, bad)
    assert response.status_code == 400
    assert PaperCount.objects.filter(poll=poll).count() == 1
