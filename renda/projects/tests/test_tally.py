"""Tally of every ballot form, ties, thresholds against all deputies; property-based checks (hypothesis)."""

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core.errors import DomainError
from renda.meetings.services import normalize_choices
from renda.projects.tally import count, decide, required_votes, satisfaction_verdict

OPTIONS = [(i, i, f"项目{i}", Decimal(100 * (6 - i)), f"candidate:{i}") for i in range(1, 6)]
ZHENHAI = [["S", ["S"], "half_members"], ["B", ["S", "B"], "half_members"]]


def _decide(form, ballots, *, base, places=3, tie_rule="runoff", threshold="half_members", options=OPTIONS):
    cast, per_option = count(ballots, [o[0] for o in options])
    return decide(
        form=form,
        per_option=per_option,
        options=options,
        base=base,
        threshold=threshold,
        places=places,
        tie_rule=tie_rule,
        cast=cast,
    )


def adopted(outcome):
    return sorted(line.option_id for line in outcome.adopted)


def test_required_votes_count_against_all_members():
    assert required_votes("half_members", 100) == 51
    assert required_votes("half_members", 101) == 51
    assert required_votes("two_thirds_members", 100) == 67
    assert required_votes("two_thirds_members", 99) == 66


def test_yna_threshold_is_more_than_half_of_all_deputies_not_of_those_voting():
    # 10 deputies, 6 voted; 5 "for" is a majority of the votes but not of all deputies.
    ballots = [{"1": "Y", "2": "Y", "3": "Y", "4": "N", "5": "A"}] * 5 + [{"1": "Y", "2": "N", "3": "N", "4": "Y", "5": "Y"}]
    outcome = _decide("yna", ballots, base=10)
    assert outcome.required == 6
    assert adopted(outcome) == [1]
    lines = {line.option_id: line for line in outcome.lines}
    assert lines[1].counts == {"Y": 6, "N": 0, "A": 0} and lines[2].counts == {"Y": 5, "N": 1, "A": 0}
    assert not lines[2].eligible
    # Counted against those voting (a setting), four projects pass and the top three are adopted.
    assert adopted(_decide("yna", ballots, base=6, threshold="half_cast")) == [1, 2, 3]


def test_pick_n_of_m_orders_by_ticks_and_fills_the_places():
    ballots = [{"1": "Y", "2": "Y", "3": "Y"}] * 4 + [{"1": "Y", "4": "Y", "5": "Y"}] * 3 + [{"2": "Y", "3": "Y", "4": "Y"}] * 2
    outcome = _decide("pick", ballots, base=9)
    assert [line.option_id for line in outcome.lines][:3] == [1, 2, 3]
    assert adopted(outcome) == [1, 2, 3]  # 4 has 5 ticks (eligible) but no place is left
    assert {line.option_id: line.approval for line in outcome.lines} == {1: 7, 2: 6, 3: 6, 4: 5, 5: 3}


def test_rank_orders_by_borda_points_and_approval_is_being_ranked():
    ballots = [{"1": 1, "2": 2, "3": 3}] * 3 + [{"3": 1, "1": 2}] * 2
    outcome = _decide("rank", ballots, base=5, places=2)
    lines = {line.option_id: line for line in outcome.lines}
    assert lines[1].counts == {"ranked": 5, "points": 3 * 5 + 2 * 4}
    assert lines[3].counts == {"ranked": 5, "points": 3 * 3 + 2 * 5}
    assert lines[2].approval == 3 and lines[2].eligible
    assert adopted(outcome) == [1, 3]


@pytest.mark.parametrize(
    ("rule", "expected", "runoff"),
    [("runoff", [1], True), ("adopt_all", [1, 2, 3], False), ("lower_cost", [1, 3], False), ("list_order", [1, 2], False)],
)
def test_tie_at_the_last_place_follows_the_rule(rule, expected, runoff):
    # 1 leads; 2 and 3 tie for the second (last) place; costs: 2 → 400, 3 → 300.
    ballots = [{"1": "Y", "2": "Y", "3": "N", "4": "N", "5": "N"}] * 3 + [{"1": "Y", "2": "N", "3": "Y", "4": "N", "5": "N"}] * 3
    ballots += [{"1": "Y", "2": "Y", "3": "Y", "4": "N", "5": "N"}] * 2
    outcome = _decide("yna", ballots, base=8, places=2, tie_rule=rule)
    assert adopted(outcome) == expected
    assert outcome.runoff is runoff
    ranks = {line.option_id: line.rank for line in outcome.lines}
    assert ranks[2] == ranks[3] == 2  # ties share a rank


def test_a_tie_that_fits_the_places_adopts_both():
    ballots = [{"1": "Y", "2": "Y", "3": "Y", "4": "N", "5": "N"}] * 6
    assert adopted(_decide("yna", ballots, base=10, places=3)) == [1, 2, 3]


def test_zhenhai_satisfaction_rule_is_data():
    assert satisfaction_verdict({"S": 6, "B": 0, "U": 4}, base=10, rule=ZHENHAI) == "S"
    assert satisfaction_verdict({"S": 5, "B": 1, "U": 4}, base=10, rule=ZHENHAI) == "B"
    assert satisfaction_verdict({"S": 3, "B": 2, "U": 0}, base=10, rule=ZHENHAI) == "U"  # 5 of 10 is not more than half
    stricter = [["S", ["S"], "two_thirds_members"], ["B", ["S", "B"], "half_members"]]
    assert satisfaction_verdict({"S": 6, "B": 0, "U": 4}, base=10, rule=stricter) == "B"


# --- properties ---------------------------------------------------------------------------------------

IDS = [1, 2, 3, 4, 5]
yna_ballot = st.fixed_dictionaries({str(i): st.sampled_from("YNA") for i in IDS})
pick_ballot = st.lists(st.sampled_from(IDS), unique=True, max_size=3).map(lambda ids: {str(i): "Y" for i in ids})
rank_ballot = st.permutations(IDS).flatmap(lambda p: st.integers(1, 5).map(lambda n: {str(i): r for r, i in enumerate(p[:n], 1)}))


@settings(max_examples=150, deadline=None)
@given(ballots=st.lists(st.one_of(yna_ballot), max_size=60), data=st.data())
def test_yna_tally_is_the_sum_of_its_ballots_in_any_order(ballots, data):
    cast, per_option = count(ballots, IDS)
    assert cast == len(ballots)
    for i in IDS:
        assert per_option[i] == Counter(b[str(i)] for b in ballots)
    shuffled = data.draw(st.permutations(ballots))
    assert count(shuffled, IDS) == (cast, per_option)
    a = _decide("yna", ballots, base=40, places=3)
    b = _decide("yna", shuffled, base=40, places=3)
    assert [(x.option_id, x.rank, x.adopted, x.tied) for x in a.lines] == [
        (x.option_id, x.rank, x.adopted, x.tied) for x in b.lines
    ]


@settings(max_examples=150, deadline=None)
@given(ballots=st.lists(st.one_of(pick_ballot, rank_ballot), max_size=60), data=st.data())
def test_pick_and_rank_tallies_never_depend_on_order(ballots, data):
    shuffled = data.draw(st.permutations(ballots))
    for form in ("pick", "rank"):
        rows = [b for b in ballots if (form == "pick") == all(v == "Y" for v in b.values())]
        rows2 = [b for b in shuffled if (form == "pick") == all(v == "Y" for v in b.values())]
        a, b = _decide(form, rows, base=30), _decide(form, rows2, base=30)
        assert [(x.option_id, x.counts, x.adopted) for x in a.lines] == [(x.option_id, x.counts, x.adopted) for x in b.lines]
        assert len(a.adopted) <= 3 or a.tie_rule == "adopt_all"


@settings(max_examples=100, deadline=None)
@given(picked=st.lists(st.sampled_from(IDS), unique=True, min_size=4, max_size=5))
def test_a_ballot_with_more_ticks_than_allowed_is_rejected_whole(picked):
    with pytest.raises(DomainError):
        normalize_choices("pick", 3, IDS, picked)


@settings(max_examples=100, deadline=None)
@given(picked=st.lists(st.sampled_from(IDS), unique=True, max_size=3))
def test_a_ballot_within_the_limit_counts_each_tick_once(picked):
    normalized = normalize_choices("pick", 3, IDS, picked)
    _cast, per_option = count([normalized], IDS)
    assert sum(c["Y"] for c in per_option.values()) == len(picked)
