"""The typeahead picker's choices (GET /api/choices/<kind>) within the caller's scope, and the deputies list's
congress, term and region filters: selects under `core.picker_threshold`, pickers over it, the same rows."""

from __future__ import annotations

import pytest

from renda.core import picker
from renda.core.models import Rule
from renda.org.models import Body, Term

pytestmark = pytest.mark.django_db

DEPUTIES = "/deputies/"


def _found(client, kind, q):
    response = client.get(f"/api/choices/{kind}", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


def test_choices_are_those_of_the_callers_scope(client, world):
    client.force_login(world.users["office"])
    assert [c["label"] for c in _found(client, "regions", "新塍镇")] == ["新塍镇（秀洲区）"]
    assert {c["id"] for c in _found(client, "units", world.xc_station.name)} == {world.xc_station.pk}
    deputy = world.xc_town_deputy
    assert deputy.pk in {c["id"] for c in _found(client, "deputies", deputy.person.name)}
    client.force_login(world.users["wjj_staff"])  # 王江泾镇's staff: nothing of 新塍镇
    assert _found(client, "regions", "新塍镇") == []
    assert _found(client, "units", world.xc_station.name) == []
    assert deputy.pk not in {c["id"] for c in _found(client, "deputies", deputy.person.name)}
    assert [c["id"] for c in _found(client, "regions", "王江泾镇")] == [world.wjj.pk]
    client.force_login(world.users["edu_clerk"])  # a unit's clerk: its own unit only
    assert [c["id"] for c in _found(client, "units", "局")] == [world.edu_unit.pk]


def test_choices_are_few_and_need_a_word(client, world):
    client.force_login(world.users["office"])
    assert len(_found(client, "units", "局")) == picker.FOUND_MAX
    assert _found(client, "units", "") == [] and _found(client, "units", "   ") == []
    assert _found(client, "units", "\x00") == []
    assert client.get("/api/choices/nothing", {"q": "局"}).status_code == 404
    assert client.get("/api/choices/units", {"q": "局" * 201}).status_code == 422
    assert client.get("/api/choices/" + "u" * 40, {"q": "局"}).status_code == 422
    client.logout()
    assert client.get("/api/choices/units", {"q": "局"}).status_code == 401


def test_the_deputies_filters_become_pickers_over_the_threshold(client, world):
    client.force_login(world.users["office"])
    page = client.get(DEPUTIES).content.decode()
    assert 'name="region"' in page and "data-picker=" not in page
    Rule.objects.create(key="core.picker_threshold", value=3)
    page = client.get(DEPUTIES).content.decode()
    for kind in ("congresses", "terms", "regions"):
        assert f'data-picker="/api/choices/{kind}"' in page


def test_the_deputies_list_filtered_through_the_picker_gives_the_same_rows(client, world):
    client.force_login(world.users["office"])
    congress = Body.objects.get(region=world.wjj, kind=Body.Kind.CONGRESS)
    term = Term.objects.filter(congress=congress).order_by("-number").first()
    asks = [{"region": world.wjj.pk}, {"congress": congress.pk}, {"term": term.pk}]

    def rows(params):
        response = client.get(DEPUTIES, params)
        assert not response.context["form"].errors
        return [d.pk for d in response.context["page"].object_list]

    by_select = [rows(params) for params in asks]
    assert all(by_select)
    Rule.objects.create(key="core.picker_threshold", value=3)
    assert [rows(params) for params in asks] == by_select
    assert rows({"region_name": "王江泾镇"}) == by_select[0]  # typed, no JavaScript
    assert rows({"congress_name": congress.name}) == by_select[1]
    assert rows({"term_name": str(term)}) == by_select[2]


def test_odd_texts_in_the_filter_are_refused_not_failed(client, world):
    Rule.objects.create(key="core.picker_threshold", value=3)
    client.force_login(world.users["office"])
    for params in ({"region_name": "\x00"}, {"region": "\x00"}, {"region": "9" * 30}, {"region_name": "x" * 5000}, {"term": "-1"}):
        assert client.get(DEPUTIES, params).status_code == 200, params
