"""A ledger's bad rows: each with its number (and sheet, for a ledger of several sheets) and its reasons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RowError:
    row: int
    key: str
    messages: list[str]
    sheet: str = ""  # a ledger of several sheets: the sheet's title ("" = the first sheet)


class RowsRefused(Exception):
    """Raised by a row of a ledger of several sheets: the rows of the further sheets that failed, each with its own
    sheet and number (the main row is refused with them)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(m for e in errors for m in e.messages))
        self.errors = errors
