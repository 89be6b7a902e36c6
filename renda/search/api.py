"""`GET /api/search?q=`: the search page's results for an API client, grouped by kind, scoped like every read."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Router, Schema

from renda.core.requests import AuthedRequest
from renda.core.schemas import ErrorOut
from renda.org.scoping import scope_for

from . import selectors

router = Router(tags=["search"])


class HitOut(Schema):
    title: str
    detail: str
    url: str


class GroupOut(Schema):
    kind: str
    label: str
    hits: list[HitOut]
    more: bool = Field(description=f"more than {selectors.LIMIT} records of this kind match: narrow the query")


class SearchOut(Schema):
    q: str
    words: list[str]
    groups: list[GroupOut]


Query = Annotated[str, Field(max_length=1000, description="words to find; the first 100 characters are read")]


@router.get(
    "",
    response={200: SearchOut, 401: ErrorOut, 422: ErrorOut},
    summary="Search deputies, suggestions, opinions, meetings and projects",
)
def search(request: AuthedRequest, q: Query = "") -> dict[str, Any]:
    """Every record the caller may read whose fields contain each word of `q` (Chinese cut into words by jieba), at
    most 10 of each kind; an empty query finds nothing."""
    query = q[: selectors.MAX_QUERY].replace("\x00", "")
    found, groups = selectors.search(scope=scope_for(request.user), query=query)
    return {"q": query, "words": found,
            "groups": [{"kind": g.kind, "label": str(g.label), "hits": g.hits, "more": g.more} for g in groups]}  # fmt: skip
