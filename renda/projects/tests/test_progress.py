"""Roll-up arithmetic: weights, nested levels, statuses with a default %, overdue flags."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from renda.projects import progress


@dataclass
class S:
    progress: Decimal


@dataclass
class N:
    pk: int
    parent_id: int | None
    weight: Decimal = Decimal(1)
    progress: Decimal | None = None
    status: S | None = None
    due_date: datetime.date | None = None
    order: int = 0

    @property
    def status_id(self):
        return 1 if self.status else None


def test_leaf_takes_explicit_percent_over_status_default():
    assert progress.leaf_progress(N(1, None, status=S(Decimal(50)))) == 50
    assert progress.leaf_progress(N(1, None, status=S(Decimal(50)), progress=Decimal(70))) == 70
    assert progress.leaf_progress(N(1, None)) == 0


def test_weighted_nested_rollup():
    nodes = [
        N(1, None, weight=Decimal(1), status=S(Decimal(100))),  # design done
        N(2, None, weight=Decimal(3)),  # construction: rolled up from 3, 4, 5
        N(3, 2, weight=Decimal(1), status=S(Decimal(100))),
        N(4, 2, weight=Decimal(3), progress=Decimal(60)),
        N(5, 2, weight=Decimal(1), status=S(Decimal(0))),
        N(6, None, weight=Decimal(1)),  # acceptance, not started
    ]
    roots = progress.build(nodes)
    construction = roots[1]
    assert construction.progress == Decimal(100 + 180 + 0) / 5  # 56
    assert progress.project_progress(roots) == (Decimal(100) + 3 * Decimal(56) + 0) / 5  # 53.6
    assert progress.rounded(progress.project_progress(roots)) == Decimal("53.6")


def test_three_levels_and_explicit_percent_on_a_parent_is_ignored():
    nodes = [N(1, None), N(2, 1, progress=Decimal(40)), N(3, 2, progress=Decimal(100)), N(4, 2, progress=Decimal(0))]
    nodes[0].progress = Decimal(99)  # a parent's own % never counts: children decide
    roots = progress.build(nodes)
    assert roots[0].progress == 50 and progress.project_progress(roots) == 50


def test_overdue_is_a_leaf_past_due_and_unfinished():
    day = datetime.date(2017, 8, 14)
    nodes = [
        N(1, None, due_date=datetime.date(2017, 4, 30), status=S(Decimal(100))),
        N(2, None, due_date=datetime.date(2017, 5, 31), progress=Decimal(80)),
        N(3, None, due_date=datetime.date(2017, 12, 31)),
    ]
    roots = progress.build(nodes, day)
    assert [t.node.pk for t in progress.overdue_nodes(roots)] == [2]


def test_no_results_is_zero():
    assert progress.project_progress([]) == 0
