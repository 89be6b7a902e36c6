"""Progress roll-up (Decidim accountability): a leaf result's progress is its explicit % or its status's
default %; a result with children takes their weighted mean; a project the weighted mean of its top-level
results. Computed from the nodes every time (one query for all nodes of a page of projects)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Node

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass
class Tree:
    node: Node
    children: list[Tree] = field(default_factory=list)
    progress: Decimal = ZERO
    overdue: bool = False


def leaf_progress(node) -> Decimal:
    if node.progress is not None:
        return Decimal(node.progress)
    if node.status_id is not None and node.status is not None:
        return Decimal(node.status.progress)
    return ZERO


def _roll(tree: Tree, as_of: datetime.date | None) -> Decimal:
    if tree.children:
        total_weight = sum((Decimal(c.node.weight) for c in tree.children), ZERO)
        value = sum((Decimal(c.node.weight) * _roll(c, as_of) for c in tree.children), ZERO) / total_weight
    else:
        value = leaf_progress(tree.node)
    tree.progress = value
    due = getattr(tree.node, "due_date", None)
    tree.overdue = bool(as_of and due and due < as_of and value < HUNDRED)
    return value


def build(nodes: list, as_of: datetime.date | None = None) -> list[Tree]:
    """Top-level trees of one project's nodes, each with rolled-up progress and overdue flags."""
    by_parent: dict[int | None, list] = defaultdict(list)
    for node in nodes:
        by_parent[node.parent_id].append(node)

    def make(node) -> Tree:
        return Tree(node, [make(child) for child in sorted(by_parent.get(node.pk, []), key=lambda n: (n.order, n.pk))])

    roots = [make(n) for n in sorted(by_parent.get(None, []), key=lambda n: (n.order, n.pk))]
    for root in roots:
        _roll(root, as_of)
    return roots


def project_progress(roots: list[Tree]) -> Decimal:
    if not roots:
        return ZERO
    total_weight = sum((Decimal(r.node.weight) for r in roots), ZERO)
    return sum((Decimal(r.node.weight) * r.progress for r in roots), ZERO) / total_weight


def rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def walk(trees: list[Tree], depth: int = 0):
    """(depth, tree) in display order."""
    for tree in trees:
        yield depth, tree
        yield from walk(tree.children, depth + 1)


def overdue_nodes(trees: list[Tree]) -> list[Tree]:
    return [t for _d, t in walk(trees) if t.overdue and not t.children]
