"""API schemas every app shares."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

from .listing import MAX_COUNT, MAX_ID, MAX_PAGE, MAX_PAGE_SIZE, MAX_SMALL_COUNT, MAX_YEAR, MIN_YEAR


class ActionOut(Schema):
    """An action the caller may take on the record now (from its lifecycle): POST it to the record's action URL."""

    action: str
    label: str
    target: str


class ErrorOut(Schema):
    """The body of every 4xx answer: why (written by the exception handlers in renda/api.py)."""

    detail: str


# The error answers an operation declares (`response={200: X, **ERRORS}`): 400 for a body that cannot be read, 401 without a login or token, 403 for a role
# that may not, 404 outside the caller's scope (its existence is not confirmed), 422 for bad input or a refused change.
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# Parameter and field types with their ranges, so that a value no database column can hold (an id beyond 64 bits, a
# year 99999, page 10**30) is refused with 422 before it reaches a query, and the OpenAPI document says the range.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
# Counts of people, ballots, places or points: a small-integer column holds at most 32767, an integer column more;
# no count the platform records comes near these (a congress has at most a few thousand members).
SmallCount = Annotated[int, Field(ge=0, le=MAX_SMALL_COUNT)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Quarter = Annotated[int, Field(ge=1, le=4)]
Points = Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)]
BigNumber = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]  # a 64-bit column (amounts, indicator values)


def _in_years(day: datetime.date) -> datetime.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"a date between {MIN_YEAR} and {MAX_YEAR}")
    return day


Day = Annotated[datetime.date, AfterValidator(_in_years)]
