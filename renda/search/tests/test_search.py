"""Search (issue #14): across deputies, suggestions, opinions, meetings and projects, scoped like every read, Chinese
words by jieba, bounded queries, bad input answered (never a 500); the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.org.models import Deputy
from renda.search.selectors import KINDS, words
from renda.suggestions.demo import WJJ_TOWN, XC_TOWN
from renda.suggestions.models import Suggestion


def _api(world, who, q):
    answer = world.client(who).get("/api/search", {"q": q})
    assert answer.status_code == 200, answer.content
    return {g["kind"]: g for g in answer.json()["groups"]}


def test_words_are_cut_by_jieba_and_punctuation_is_a_separator():
    assert words("农村污水治理") == ["农村", "污水", "治理"]
    assert words("'; DROP TABLE x;--") == ["DROP", "TABLE", "x"]
    assert words("") == [] and words(" ，。！") == []
    assert len(words("污水 " * 500)) == 1


def test_the_office_finds_suggestions_by_words_in_any_order(world):
    s = Suggestion.objects.get(title=WJJ_TOWN)  # 关于修缮王江泾镇老街排水管网的建议
    hits = _api(world, "office", "老街 排水")["suggestions"]["hits"]
    assert f"/suggestions/{s.pk}/" in [h["url"] for h in hits]
    assert _api(world, "office", s.number)["suggestions"]["hits"][0]["title"] == WJJ_TOWN


def test_town_staff_never_find_another_towns_records(world):
    xc = Suggestion.objects.get(title=XC_TOWN)  # 新塍镇农贸市场提升改造
    assert xc.pk in _ids(_api(world, "office", "农贸市场提升改造"), "suggestions")
    assert xc.pk not in _ids(_api(world, "wjj_staff", "农贸市场提升改造"), "suggestions")
    page = world.client("wjj_staff").get("/search/", {"q": "农贸市场提升改造"}).content.decode()
    assert XC_TOWN not in page


def _ids(groups, kind):
    return [int(h["url"].rstrip("/").rsplit("/", 1)[1]) for h in groups.get(kind, {"hits": []})["hits"]]


def test_deputies_are_found_by_name_without_personal_data(world):
    deputy = Deputy.objects.filter(person__id_number__isnull=False).select_related("person").first()
    if deputy is None:
        deputy = Deputy.objects.select_related("person").first()
    groups = _api(world, "office", deputy.person.name)
    assert f"/deputies/{deputy.pk}/" in [h["url"] for h in groups["deputies"]["hits"]]
    body = str(groups)
    for private in filter(None, [deputy.person.id_number, getattr(deputy.person, "phone", "")]):
        assert private not in body


def test_voters_personal_data_is_never_searched_or_shown(world):
    from renda.opinions.models import Opinion

    opinion = Opinion.objects.exclude(contact_name="").exclude(phone="").first()
    assert opinion is not None
    for q in [opinion.phone, opinion.tracking_code]:
        assert "opinions" not in _api(world, "office", q)
    body = world.client("office").get("/api/search", {"q": opinion.text[:8]}).content.decode()
    assert opinion.phone not in body and opinion.tracking_code not in body


def test_bad_input_is_answered_not_a_server_error(world):
    client = world.client("office")
    for q in ["", "   ", "%", "_", "'; DROP TABLE org_person;--", "\\", "污" * 100, "a\x00b"]:
        assert client.get("/api/search", {"q": q}).status_code == 200
        assert client.get("/search/", {"q": q}).status_code == 200
    assert client.get("/api/search", {"q": "污" * 1000}).status_code == 200  # read up to its first 100 characters
    assert client.get("/api/search", {"q": "污" * 1001}).status_code == 422
    assert client.get("/search/", {"q": "污" * 5000}).status_code == 200
    assert _api(world, "office", "") == {} and _api(world, "office", "%") == {}


def test_queries_are_bounded_whatever_is_found(world):
    client = world.client("office")
    client.get("/api/search", {"q": "建议"})  # warm caches (the session's user, jieba)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/search", {"q": "建议"})
    with CaptureQueriesContext(connection) as few:
        client.get("/api/search", {"q": "不存在的词语组合"})
    assert len(many) <= len(few) + len(KINDS)
    assert len(many) <= 20


@pytest.mark.django_db
def test_the_search_box_is_in_the_header(world):
    page = world.client("deputy").get("/").content.decode()
    assert 'data-testid="header-search"' in page and 'action="/search/"' in page


def test_more_of_one_kind_pages_through_every_match_in_the_same_order(world):
    """A group with more matches links to that kind alone, 20 a page, with no record twice or left out; the API
    pages the same way; an unknown kind or page is answered, never a server error."""
    from typing import get_args

    from renda.search.api import KindKey
    from renda.search.selectors import KIND_KEYS, LIMIT, PAGE

    assert get_args(KindKey) == KIND_KEYS
    client = world.client("office")
    grouped = _api(world, "office", "代表")
    kind = next(k for k, g in grouped.items() if g["more"])
    page = client.get("/search/", {"q": "代表"}).content.decode()
    assert f"kind={kind}" in page and 'data-testid="search-more"' in page
    seen: list[str] = []
    number = 1
    while True:
        answer = client.get("/api/search", {"q": "代表", "kind": kind, "page": number}).json()
        assert [g["kind"] for g in answer["groups"]] == [kind]
        group = answer["groups"][0]
        assert group["page"] == number and len(group["hits"]) <= PAGE
        seen += [h["url"] for h in group["hits"]]
        html = client.get("/search/", {"q": "代表", "kind": kind, "page": number}).content.decode()
        assert all(h["url"] in html for h in group["hits"])
        assert ('data-testid="search-next"' in html) == group["more"]
        if not group["more"]:
            break
        number += 1
    assert len(seen) == len(set(seen)) > LIMIT
    assert seen[:LIMIT] == [h["url"] for h in grouped[kind]["hits"]]
    for bad in (
        {"kind": "nothing"},
        {"kind": kind, "page": "0"},
        {"kind": kind, "page": "x"},
        {"kind": kind, "page": "99999999"},
    ):
        assert client.get("/search/", {"q": "代表", **bad}).status_code == 200
    assert client.get("/api/search", {"q": "代表", "kind": "nothing"}).status_code == 422
    assert client.get("/api/search", {"q": "代表", "kind": kind, "page": 0}).status_code == 422
