"""Unit evaluation end to end: self-reports and the deputies' opinions → the first vote (a meetings poll) with its
满意率 and ranking with ties → problem lists handed over with deadlines → rectification with progress reports → the
second vote at the next session → closed and published. The scale and the threshold are data; a unit clerk sees
only their own unit's items."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent, Notice, Rule
from renda.meetings import services as meeting_services
from renda.meetings.models import Poll
from renda.meetings.tests.factories import open_meeting
from renda.supervision import selectors, services
from renda.supervision.models import EvaluationRound, EvaluationVote, ProblemItem
from renda.supervision.results import rank, vote_results
from renda.supervision.tests.factories import make_district

pytestmark = pytest.mark.django_db
D = datetime.date

# each member's answers for the three units (S 满意, B 基本满意, U 不满意): A and B tie at 4/6, C leads with 5/6
BALLOTS = [
    ("S", "S", "S"),
    ("S", "S", "S"),
    ("S", "B", "S"),
    ("B", "B", "S"),
    ("U", "U", "S"),
    ("U", "U", "U"),
]


@pytest.fixture
def d():
    return make_district()


def town(d):
    return d.users["town"], d.scope("town")


def vote(d, round_, number, day, ballots):
    """Hold a vote of the round at a session of the town congress: every member present, votes as given."""
    actor, scope = town(d)
    meeting, voters = open_meeting(body=d.town_congress, day=day, present=len(ballots))
    v = services.round_vote_create(actor=actor, scope=scope, round_=round_, number=number, meeting=meeting)
    assert v.poll.method == Poll.Method.SATISFACTION and v.poll.meeting_id == meeting.pk
    services.round_vote_transition(actor=actor, scope=scope, round_=round_, number=number, action="start")
    options = list(v.poll.options.order_by("order"))
    for user, answers in zip(voters, ballots, strict=False):
        meeting_services.poll_vote(
            actor=user, poll_id=v.poll_id, choices={o.pk: a for o, a in zip(options, answers, strict=True)}
        )
    services.round_vote_transition(actor=actor, scope=scope, round_=round_, number=number, action="finish")
    services.round_vote_transition(actor=actor, scope=scope, round_=round_, number=number, action="publish")
    return EvaluationVote.objects.select_related("poll").get(pk=v.pk)


def test_the_whole_loop(d):
    actor, scope = town(d)
    a, b, c = d.stations[:3]
    r = services.round_create(
        actor=actor, scope=scope, organiser=d.presidium, title="2017年度站所工作评议", year=2017, units=[a, b, c]
    )
    units = {e.unit_id: e for e in r.units.select_related("unit")}

    # the unit's self-report, by its own clerk only
    services.self_report_submit(
        actor=d.users["station_clerk"], scope=d.scope("station_clerk"), evaluated=units[a.pk], text="自查报告。"
    )
    with pytest.raises(NotPermitted):
        services.self_report_submit(actor=d.users["other_clerk"], scope=d.scope("other_clerk"), evaluated=units[a.pk], text="x")

    # the deputies of the town congress write their opinions; a district deputy of another congress may not
    for e in units.values():
        services.evaluation_opinion_write(
            actor=d.users["town_deputy"], scope=d.scope("town_deputy"), evaluated=e, text="窗口服务有改进，办事指南不完整。"
        )
    services.evaluation_opinion_write(
        actor=d.users["town_deputy"], scope=d.scope("town_deputy"), evaluated=units[a.pk], text="改写后的意见。"
    )
    assert units[a.pk].opinions.get().text == "改写后的意见。"
    with pytest.raises(NotPermitted):
        services.evaluation_opinion_write(actor=d.users["deputy"], scope=d.scope("deputy"), evaluated=units[a.pk], text="x")

    # the first vote, at the mid-year session
    v1 = vote(d, r, 1, D(2017, 8, 14), BALLOTS)
    results = vote_results(v1, list(r.units.select_related("unit")), r.region)
    by_unit = {x.unit_id: x for x in results.units}
    assert by_unit[c.pk].rate == Fraction(5, 6) and by_unit[c.pk].rank == 1
    assert by_unit[a.pk].rate == by_unit[b.pk].rate == Fraction(4, 6)
    assert by_unit[a.pk].rank == by_unit[b.pk].rank == 2
    assert str(by_unit[a.pk].percent) == "66.67" and by_unit[a.pk].valid == 6 and by_unit[a.pk].satisfied == 4
    assert not any(x.below for x in results.units)  # 60 % by default
    r = services.round_transition(actor=actor, scope=scope, round_=r, action="evaluate")
    event = AuditEvent.objects.filter(action="supervision.round.evaluate", object_id=str(r.pk)).get()
    assert {u["unit"]: u["rank"] for u in event.after["results"]["units"]} == {c.pk: 1, a.pk: 2, b.pk: 2}

    # problem lists, handed over with the rule's deadline (3 months); the clerks are told
    with pytest.raises(DomainError):
        services.round_transition(actor=actor, scope=scope, round_=r, action="hand_over", on=D(2017, 8, 25))
    for e in units.values():
        services.problem_add(actor=actor, scope=scope, evaluated=e, text="办事指南公开不完整。")
    special = services.problem_add(
        actor=actor, scope=scope, evaluated=units[a.pk], text="首问负责制落实不到位。", deadline=D(2017, 10, 1)
    )
    r = services.round_transition(actor=actor, scope=scope, round_=r, action="hand_over", on=D(2017, 8, 25))
    assert r.handed_over_on == D(2017, 8, 25)
    assert set(ProblemItem.objects.filter(evaluated__round=r).exclude(pk=special.pk).values_list("deadline", flat=True)) == {
        D(2017, 11, 25)
    }
    assert ProblemItem.objects.get(pk=special.pk).deadline == D(2017, 10, 1)
    assert Notice.objects.filter(user=d.users["station_clerk"], kind="supervision.round.handed_over").exists()
    with pytest.raises(InvalidTransition):
        services.problem_add(actor=actor, scope=scope, evaluated=units[a.pk], text="晚到的问题。")

    # rectification: the unit reports progress, then completion; staff may reopen
    problem = ProblemItem.objects.filter(evaluated=units[a.pk]).order_by("pk").first()
    clerk, clerk_scope = d.users["station_clerk"], d.scope("station_clerk")
    problem = services.problem_progress(
        actor=clerk, scope=clerk_scope, problem=problem, text="已重新梳理办事指南。", on=D(2017, 9, 10)
    )
    problem = services.problem_progress(
        actor=clerk, scope=clerk_scope, problem=problem, text="已重新梳理办事指南。", on=D(2017, 9, 10)
    )
    assert problem.state == ProblemItem.State.IN_PROGRESS and problem.reports.count() == 1
    problem = services.problem_progress(
        actor=clerk, scope=clerk_scope, problem=problem, text="已全部公开。", completes=True, on=D(2017, 10, 8)
    )
    assert problem.state == ProblemItem.State.RECTIFIED and problem.rectified_on == D(2017, 10, 8)
    with pytest.raises(NotPermitted):
        services.problem_transition(actor=clerk, scope=clerk_scope, problem=problem, action="reopen")
    problem = services.problem_transition(actor=actor, scope=scope, problem=problem, action="reopen")
    assert problem.state == ProblemItem.State.IN_PROGRESS and problem.rectified_on is None
    other = ProblemItem.objects.filter(evaluated=units[b.pk]).first()
    with pytest.raises(NotPermitted):
        services.problem_progress(actor=clerk, scope=clerk_scope, problem=other, text="x")

    # the second vote at the next session; the rectification is voted on again
    with pytest.raises(InvalidTransition):
        services.round_transition(actor=actor, scope=scope, round_=r, action="revote")
    v2 = vote(d, r, 2, D(2018, 1, 12), [("S", "S", "S")] * 5 + [("B", "U", "S")])
    r = services.round_transition(actor=actor, scope=scope, round_=r, action="revote")
    second = vote_results(v2, list(r.units.select_related("unit")), r.region)
    assert [x.rank for x in second.units] == [1, 1, 3]  # A and C tie at 6/6, B 5/6
    r = services.round_transition(actor=actor, scope=scope, round_=r, action="close")
    r = services.round_transition(actor=actor, scope=scope, round_=r, action="publish")
    assert r.state == EvaluationRound.State.CLOSED and r.is_published

    page = Client().get(reverse("supervision:public_round", args=[r.pk]))
    assert page.status_code == 200 and page.content.decode().count('data-testid="rank"') == 6


def test_the_threshold_and_the_scale_are_data(d):
    actor, scope = town(d)
    r = services.round_create(actor=actor, scope=scope, organiser=d.presidium, title="评议", year=2017, units=d.stations[:3])
    v1 = vote(d, r, 1, D(2017, 8, 14), BALLOTS)
    evaluated = list(r.units.select_related("unit"))
    assert not any(x.below for x in vote_results(v1, evaluated, r.region).units)
    Rule.objects.create(key="supervision.evaluation.reevaluate_below_percent", region_id=d.town.pk, value=70)
    below = {x.unit_id for x in vote_results(v1, evaluated, r.region).units if x.below}
    assert below == {d.stations[0].pk, d.stations[1].pk}
    # a stricter county counts only 满意
    Rule.objects.create(
        key="supervision.evaluation.scale",
        region_id=None,
        value=[
            {"code": "S", "label": "满意", "satisfied": True},
            {"code": "B", "label": "基本满意", "satisfied": False},
            {"code": "U", "label": "不满意", "satisfied": False},
        ],
    )
    strict = {x.unit_id: x.rate for x in vote_results(v1, evaluated, r.region).units}
    assert strict[d.stations[0].pk] == Fraction(3, 6) and strict[d.stations[1].pk] == Fraction(2, 6)
    Rule.objects.filter(key="supervision.evaluation.scale").update(value=[{"code": "X", "label": "很满意", "satisfied": True}])
    with pytest.raises(ValueError):
        vote_results(v1, evaluated, r.region)


def test_ranking_ties_share_a_rank_and_the_next_skips():
    from renda.supervision.results import UnitResult

    rows = [
        UnitResult(1, 1, "甲", {}, 10, 9, Fraction(9, 10)),
        UnitResult(2, 2, "乙", {}, 5, 4, Fraction(4, 5)),
        UnitResult(3, 3, "丙", {}, 10, 8, Fraction(8, 10)),
        UnitResult(4, 4, "丁", {}, 0, 0, None),
        UnitResult(5, 5, "戊", {}, 3, 1, Fraction(1, 3)),
    ]
    ranked = rank(rows)
    assert [(r.unit, r.rank) for r in ranked] == [("甲", 1), ("丙", 2), ("乙", 2), ("戊", 4), ("丁", None)]


def test_a_unit_clerk_sees_only_their_own_units_items(d):
    actor, scope = town(d)
    r = services.round_create(actor=actor, scope=scope, organiser=d.presidium, title="评议", year=2017, units=d.stations[:3])
    own, other = (r.units.get(unit=d.stations[0]), r.units.get(unit=d.stations[1]))
    clerk = d.scope("station_clerk")
    assert [e.pk for e in selectors.round_units(scope=clerk, round_=r)] == [own.pk]
    assert selectors.evaluated_get(scope=clerk, pk=own.pk) == own
    with pytest.raises(Http404):
        selectors.evaluated_get(scope=clerk, pk=other.pk)
    services.evaluation_opinion_write(actor=d.users["town_deputy"], scope=d.scope("town_deputy"), evaluated=own, text="意见。")
    assert selectors.evaluation_opinions(scope=clerk, evaluated=own) == []  # the unit sees the problem list, not who said what
    services.problem_add(actor=actor, scope=scope, evaluated=own, text="问题一。")
    services.problem_add(actor=actor, scope=scope, evaluated=other, text="问题二。")
    assert not selectors.problem_list(scope=clerk).exists()  # not before the hand-over
    vote(d, r, 1, D(2017, 8, 14), BALLOTS)
    services.round_transition(actor=actor, scope=scope, round_=r, action="evaluate")
    services.problem_add(actor=actor, scope=scope, evaluated=r.units.get(unit=d.stations[2]), text="问题三。")
    services.round_transition(actor=actor, scope=scope, round_=r, action="hand_over", on=D(2017, 8, 25))
    assert list(selectors.problem_list(scope=clerk).values_list("text", flat=True)) == ["问题一。"]
    # the pages say the same
    client = Client()
    client.force_login(d.users["station_clerk"])
    detail = client.get(reverse("supervision:round_detail", args=[r.pk])).content.decode()
    assert d.stations[0].name in detail and d.stations[1].name not in detail
    assert client.get(reverse("supervision:evaluated_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("supervision:evaluated_detail", args=[own.pk])).status_code == 200
    api = client.get(f"/api/supervision/evaluations/{r.pk}").json()
    assert [u["unit_id"] for u in api["units"]] == [d.stations[0].pk]
    assert [u["unit_id"] for u in api["votes"][0]["units"]] == [d.stations[0].pk]


@translation.override("en")
def test_votes_are_refused_out_of_order_or_elsewhere(d):
    actor, scope = town(d)
    r = services.round_create(actor=actor, scope=scope, organiser=d.presidium, title="评议", year=2017, units=d.stations[:2])
    with pytest.raises(InvalidTransition, match="first vote"):
        services.round_transition(actor=actor, scope=scope, round_=r, action="evaluate")
    sc_meeting, _voters = open_meeting(body=d.sc, present=3)
    with pytest.raises((DomainError, NotPermitted)):
        services.round_vote_create(actor=actor, scope=scope, round_=r, number=1, meeting=sc_meeting)
    session, _voters = open_meeting(body=d.town_congress, present=3)
    with pytest.raises(InvalidTransition, match="second vote"):
        services.round_vote_create(actor=actor, scope=scope, round_=r, number=2, meeting=session)
    v = services.round_vote_create(actor=actor, scope=scope, round_=r, number=1, meeting=session)
    assert services.round_vote_create(actor=actor, scope=scope, round_=r, number=1, meeting=session).pk == v.pk
    # an existing satisfaction poll whose options are not the round's units cannot be its vote
    r2 = services.round_create(actor=actor, scope=scope, organiser=d.presidium, title="评议二", year=2017, units=d.stations[2:])
    with pytest.raises(DomainError):
        services.round_vote_attach(actor=actor, scope=scope, round_=r2, number=1, poll=v.poll)


def test_the_demo_rounds_use_the_mid_year_polls(world):
    rounds = EvaluationRound.objects.filter(organiser__kind="presidium")
    assert rounds.count() == 5
    for r in rounds:
        vote_ = r.votes.get(number=1)
        assert vote_.poll.meeting.rollout.startswith("midyear")
        results = vote_results(vote_, list(r.units.select_related("unit")), r.region)
        assert [x.rank for x in results.units][0] == 1 and all(x.valid > 0 for x in results.units)
        assert ProblemItem.objects.filter(evaluated__round=r).exists()
