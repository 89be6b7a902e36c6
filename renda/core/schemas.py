"""API schemas every app shares."""

from __future__ import annotations

from ninja import Schema


class ActionOut(Schema):
    """An action the caller may take on the record now (from its lifecycle): POST it to the record's action URL."""

    action: str
    label: str
    target: str


class ErrorOut(Schema):
    """The body of every 4xx answer: why (written by the exception handlers in renda/api.py)."""

    detail: str


# The error answers an operation declares (`response={200: X, **ERRORS}`): 401 without a login or token, 403 for a role
# that may not, 404 outside the caller's scope (its existence is not confirmed), 422 for bad input or a refused change.
ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
