"""`GET /api/search?q=`: the search page's results for an API client, grouped by kind, scoped like every read."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Field, Router, Schema

from renda.core.requests import AuthedRequest
from renda.core.schemas import ErrorOut, PageNumber
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
    more: bool = Field(description="more records of this kind match: ask for this kind's next page (kind, page)")
    page: int = Field(description=f"the page of this kind (with `kind`: {selectors.PAGE} hits a page)")


class SearchOut(Schema):
    q: str
    words: list[str]
    groups: list[GroupOut]


Query = Annotated[str, Field(max_length=1000, description="words to find; the first 100 characters are read")]
KindKey = Literal["deputies", "suggestions", "opinions", "meetings", "projects"]  # selectors.KIND_KEYS (a test ties them)


@router.get(
    "",
    response={200: SearchOut, 401: ErrorOut, 422: ErrorOut},
    summary="Search deputies, suggestions, opinions, meetings and projects",
)
def search(request: AuthedRequest, q: Query = "", kind: KindKey | None = None, page: PageNumber = 1) -> dict[str, Any]:
    """Every record the caller may read whose fields contain each word of `q` (Chinese cut into words by jieba), at
    most 10 of each kind; an empty query finds nothing. With `kind`, that kind only, 20 a page (`page`)."""
    query = q[: selectors.MAX_QUERY].replace("\x00", "")
    found, groups = selectors.search(
        scope=scope_for(request.user), query=query, kinds=(kind,) if kind else (),
        page=min(page, selectors.MAX_PAGE) if kind else None,
    )  # fmt: skip
    return {"q": query, "words": found, "groups": [
        {"kind": g.kind, "label": str(g.label), "hits": g.hits, "more": g.more, "page": g.page} for g in groups
    ]}  # fmt: skip
