"""Every set-up sheet, in the order a new district fills them in."""

from __future__ import annotations

from .accounts import ACCOUNTS, GRANTS
from .base import CREATED, UNCHANGED, UPDATED, Column, RowContext, RowProblem, Sheet
from .org import BODIES, DISTRICTS, GROUPS, REGIONS, TERMS, UNITS
from .stations import STATIONS

SHEETS: dict[str, Sheet] = {s.key: s for s in [REGIONS, BODIES, TERMS, DISTRICTS, GROUPS, UNITS, STATIONS, ACCOUNTS, GRANTS]}

__all__ = ["SHEETS", "Sheet", "Column", "RowContext", "RowProblem", "CREATED", "UPDATED", "UNCHANGED"]
