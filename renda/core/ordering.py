"""Numbering rows in order: the next position of an agenda, a candidate list, a result tree, a document's versions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def next_position(rows: QuerySet[Any], field: str = "order") -> int:
    """One past the highest `field` of these rows (1 when there are none)."""
    last = rows.order_by(f"-{field}").values_list(field, flat=True).first()
    return (last or 0) + 1
