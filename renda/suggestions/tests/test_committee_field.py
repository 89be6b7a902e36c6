"""Committee staff see their committee's field by default (rule suggestions.committee_fields) and may widen the
list to every suggestion they may see (issue #14)."""

from renda.org.scoping import scope_for
from renda.suggestions import selectors


def _categories(response):
    return {s.category for s in response.context["page"].object_list}


def test_committee_staff_see_their_field_first_and_can_widen(world):
    committee = world.users["committee"]  # 教科文卫工委
    assert selectors.field_categories(scope_for(committee)) == ["教育文化", "医疗卫生"]
    client = world.client("committee")
    preset = client.get("/suggestions/")
    assert preset.status_code == 200
    assert _categories(preset) and _categories(preset) <= {"教育文化", "医疗卫生"}
    assert 'name="field"' in preset.content.decode()
    wide = client.get("/suggestions/", {"field": ""})
    assert len(_categories(wide)) > 2
    api = client.get("/api/suggestions/", {"field": "1", "page_size": 200}).json()
    assert {i["category"] for i in api["items"]} <= {"教育文化", "医疗卫生"}


def test_others_have_no_field_filter(world):
    page = world.client("office").get("/suggestions/")
    assert 'name="field"' not in page.content.decode() and len(_categories(page)) > 2
