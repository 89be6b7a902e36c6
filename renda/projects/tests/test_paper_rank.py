"""Rank-order ballots on paper: two staff each enter a grid (per candidate, the ballots that put it at each rank),
reconciled before publication; the tally (Borda points, "ranked" approval) comes from the grid; bad grids are
refused whole."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core.errors import DomainError, InvalidTransition
from renda.core.models import AuditEvent
from renda.meetings.models import PaperCount
from renda.meetings.results import paper_per_option
from renda.meetings.services import check_rank_grid, paper_count_enter
from renda.org.models import Body
from renda.projects import services
from renda.projects.models import Project
from renda.projects.tally import ballot_result, count, decide

from .helpers import ADMIN, open_session, reviewed_cycle


def grid_of(ballots, option_ids, positions) -> dict[str, dict[str, int]]:
    """What the counting staff write down: for each candidate, how many ballots put it at each rank."""
    grid = {str(o): {str(p): 0 for p in range(1, positions + 1)} for o in option_ids}
    for ballot in ballots:
        for option, rank in ballot.items():
            grid[str(option)][str(rank)] += 1
    return grid


@pytest.fixture
def paper_rank(world):
    xc = Body.objects.get(kind=Body.Kind.CONGRESS, region=world.xc)
    meeting, users = open_session(xc, present=999)
    cycle = reviewed_cycle(xc, places=2, candidates=4)
    ballot = services.ballot_configure(actor="t", scope=ADMIN, cycle=cycle, meeting=meeting, form="rank", kind="paper")
    for action in ("open", "close"):
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action=action)
    ballot.poll.refresh_from_db()
    return ballot, list(ballot.poll.options.order_by("order").values_list("pk", flat=True))


def test_rank_ballot_on_paper_is_counted_from_the_grid(world, paper_rank):
    ballot, o = paper_rank
    base = ballot.poll.base_count
    assert ballot.form == "rank" and ballot.kind == "paper" and ballot.poll.max_choices == 4
    # The ballots as cast: most rank 3 first; everyone ranks 1 and 3; a third leave 2 and 4 out.
    papers = []
    for i in range(base - 1):
        papers.append({o[2]: 1, o[0]: 2} if i % 3 == 0 else {o[2]: 1, o[0]: 2, o[1]: 3, o[3]: 4})
    grid = grid_of(papers, o, 4)
    paper_count_enter(actor=world.users["admin"], scope=ADMIN, poll=ballot.poll, ballots_total=base, invalid=1, counts=grid)
    with pytest.raises(InvalidTransition, match="Two staff"):
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    paper_count_enter(actor=world.users["office"], scope=ADMIN, poll=ballot.poll, ballots_total=base, invalid=1, counts=grid)
    services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    ballot.refresh_from_db()
    outcome = ballot_result(ballot)
    cast, per_option = count([{str(k): v for k, v in p.items()} for p in papers], o)
    expected = decide(
        form="rank",
        per_option=per_option,
        options=[(line.option_id, line.order, line.text, line.cost, line.ref) for line in outcome.lines],
        base=base,
        threshold="half_members",
        places=2,
        tie_rule="runoff",
        cast=cast,
    )
    assert outcome.cast == cast == base - 1
    assert [(x.option_id, x.counts, x.adopted) for x in outcome.lines] == [
        (x.option_id, x.counts, x.adopted) for x in expected.lines
    ]
    lines = {line.option_id: line for line in outcome.lines}
    assert lines[o[2]].counts == {"ranked": base - 1, "points": 4 * (base - 1)}
    assert [line.option_id for line in outcome.adopted] == [o[2], o[0]]
    assert sorted(Project.objects.filter(cycle=ballot.cycle).values_list("rank", flat=True)) == [1, 2]


def test_mismatched_grids_block_publication(world, paper_rank):
    ballot, o = paper_rank
    grid = grid_of([{o[0]: 1, o[1]: 2}] * 5, o, 4)
    other = grid_of([{o[0]: 1, o[1]: 2}] * 4 + [{o[1]: 1, o[0]: 2}], o, 4)
    paper_count_enter(actor=world.users["admin"], scope=ADMIN, poll=ballot.poll, ballots_total=5, invalid=0, counts=grid)
    paper_count_enter(actor=world.users["office"], scope=ADMIN, poll=ballot.poll, ballots_total=5, invalid=0, counts=other)
    with pytest.raises(InvalidTransition, match="do not match"):
        services.ballot_transition(actor="t", scope=ADMIN, ballot=ballot, action="publish")
    assert not Project.objects.filter(cycle=ballot.cycle).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g, o: g[str(o[2])].update({"1": 1}), "ranked at position 1"),  # 6 ballots with a first on 5 cast
        (lambda g, o: g[str(o[3])].update({"2": 2, "3": 2, "4": 2}), "more ballots"),  # ranked on 6 of 5 ballots
        (lambda g, o: g[str(o[3])].update({"4": -1}), "zero or more"),
        (lambda g, o: g[str(o[3])].update({"4": "x"}), "whole numbers"),
        (lambda g, o: g.pop(str(o[3])), "every option"),
    ],
)
def test_a_bad_grid_is_refused_whole(world, paper_rank, change, message):
    ballot, o = paper_rank
    grid = grid_of([{o[0]: 1, o[1]: 2}] * 5, o, 4)
    change(grid, o)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError, match=message):
        paper_count_enter(actor=world.users["admin"], scope=ADMIN, poll=ballot.poll, ballots_total=5, invalid=0, counts=grid)
    assert not PaperCount.objects.filter(poll=ballot.poll).exists()
    assert AuditEvent.objects.count() == events


def test_the_grid_page(world, paper_rank):
    ballot, o = paper_rank
    client = world.client("admin")
    page = client.get(f"/projects/ballots/{ballot.pk}/count/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="count-grid"' in html
    assert all(f'name="count-{pk}-{p}"' in html for pk in o for p in range(1, 5))
    assert 'data-testid="enter-count"' in client.get(f"/projects/ballots/{ballot.pk}/").content.decode()
    data = {"ballots_total": 3, "invalid": 0} | {f"count-{o[0]}-1": 3, f"count-{o[1]}-1": 1}  # 4 firsts on 3 ballots
    bad = client.post(f"/projects/ballots/{ballot.pk}/count/", data)
    assert bad.status_code == 400 and not PaperCount.objects.filter(poll=ballot.poll).exists()
    assert client.post(f"/projects/ballots/{ballot.pk}/count/", {**data, f"count-{o[1]}-1": "-2"}).status_code == 400
    good = client.post(f"/projects/ballots/{ballot.pk}/count/", {**data, f"count-{o[1]}-1": 0, f"count-{o[1]}-2": 3})
    assert good.status_code == 302
    entry = PaperCount.objects.get(poll=ballot.poll)
    assert entry.counts[str(o[0])] == {"1": 3, "2": 0, "3": 0, "4": 0} and entry.counts[str(o[1])]["2"] == 3


# --- property: the grid's tally is the tally of the ballots it summarises -------------------------------

IDS = [1, 2, 3, 4, 5]
OPTIONS = [(i, i, f"项目{i}", i * 100, f"candidate:{i}") for i in IDS]
rank_ballot = st.permutations(IDS).flatmap(lambda p: st.integers(1, 5).map(lambda n: {str(i): r for r, i in enumerate(p[:n], 1)}))


@settings(max_examples=200, deadline=None)
@given(ballots=st.lists(rank_ballot, max_size=60), base=st.integers(1, 80), places=st.integers(1, 4))
def test_grid_tally_equals_the_tally_of_its_ballots(ballots, base, places):
    grid = grid_of(ballots, IDS, 5)
    check_rank_grid(grid, len(ballots))  # a grid that summarises real ballots always passes the checks
    cast, from_ballots = count(ballots, IDS)
    from_grid = paper_per_option(grid)
    for form_args in [{"tie_rule": rule} for rule in ("runoff", "adopt_all", "lower_cost", "list_order")]:
        a = decide(
            form="rank",
            per_option=from_ballots,
            options=OPTIONS,
            base=base,
            threshold="half_members",
            places=places,
            cast=cast,
            **form_args,
        )
        b = decide(
            form="rank",
            per_option=from_grid,
            options=OPTIONS,
            base=base,
            threshold="half_members",
            places=places,
            cast=cast,
            **form_args,
        )
        assert [(x.option_id, x.counts, x.rank, x.eligible, x.adopted, x.tied) for x in a.lines] == [
            (x.option_id, x.counts, x.rank, x.eligible, x.adopted, x.tied) for x in b.lines
        ]
    for option in IDS:  # and the grid holds exactly each ballot's rank of each option
        assert +from_grid[option] == Counter(str(b[str(option)]) for b in ballots if str(option) in b)


@settings(max_examples=100, deadline=None)
@given(ballots=st.lists(rank_ballot, min_size=1, max_size=30), extra=st.integers(1, 5), option=st.sampled_from(IDS))
def test_a_grid_claiming_more_than_the_ballots_cast_is_refused(ballots, extra, option):
    grid = grid_of(ballots, IDS, 5)
    grid[str(option)]["1"] += len(ballots) - sum(g["1"] for g in grid.values()) + extra  # more firsts than ballots
    with pytest.raises(DomainError):
        check_rank_grid(grid, len(ballots))
