"""`GET /api/choices/<kind>?q=`: what the typeahead picker offers (renda/core/picker.py) — at most 20 choices of a
kind (units, regions, congresses, terms, groups, deputies, meetings, sessions, stations) whose name contains `q`, within the
caller's scope only. The kinds are registered by the apps that own the records (their `choices` modules)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Router, Schema

from renda.core import picker
from renda.core.requests import AuthedRequest
from renda.core.schemas import ErrorOut

from .scoping import scope_for

router = Router(tags=["choices"])


class ChoiceOut(Schema):
    id: int
    label: str


KindKey = Annotated[str, Field(max_length=32, description="units, regions, congresses, terms, groups, deputies, "
                                                          "meetings, sessions, stations; another word: 404")]  # fmt: skip
Query = Annotated[str, Field(max_length=200, description=f"part of the name; the first {picker.QUERY_MAX} characters are read")]


@router.get(
    "/{kind}",
    response={200: list[ChoiceOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Choices of a kind whose name contains q, in the caller's scope (at most 20)",
    url_name="choices",
)
def choices(request: AuthedRequest, kind: KindKey, q: Query = "") -> list[dict[str, Any]]:
    definition = picker.KINDS.get(kind)
    if definition is None:
        raise Http404()
    return picker.search(definition, scope_for(request.user), q)
