"""API schemas every app shares."""

from __future__ import annotations

from ninja import Schema


class ActionOut(Schema):
    """An action the caller may take on the record now (from its lifecycle): POST it to the record's action URL."""

    action: str
    label: str
    target: str


class ErrorOut(Schema):
    detail: str
