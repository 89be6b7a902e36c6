"""The navigation: one bar entry per module (each linking to its first page), a sub-bar with the module's pages
where it has several; entries come from each app's permissions, so a role sees only what it may open."""

from __future__ import annotations

import pytest
from django.urls import reverse


def nav(response):
    return [i["key"] for i in response.context["nav_items"]], response.context["sub_nav_items"]


@pytest.mark.django_db
def test_one_entry_per_module_and_the_modules_pages_below(world):
    client = world.client("office")
    keys, sub = nav(client.get(reverse("home")))
    assert keys[:2] == ["home", "overview"] and len(keys) == len(set(keys)) <= 10
    assert sub == []  # home is a module of one page
    keys, sub = nav(client.get(reverse("opinions:figures")))
    active = [i["key"] for i in client.get(reverse("opinions:figures")).context["nav_items"] if i["active"]]
    assert active == ["opinions"]
    assert [i["key"] for i in sub] == ["opinions", "station_figures"]
    assert [i["key"] for i in sub if i["active"]] == ["station_figures"]
    page = client.get(reverse("opinions:figures")).content.decode()
    assert 'class="subnav"' in page and reverse("opinions:opinion_list") in page


@pytest.mark.django_db
def test_a_deputy_sees_only_their_modules(world):
    keys, _sub = nav(world.client("deputy").get(reverse("home")))
    assert "overview" not in keys and "opinions" not in keys and "audit" not in keys
    assert "meetings" in keys  # 我的会议


@pytest.mark.django_db
def test_station_figures_open_on_the_half_year_of_the_latest_activity(world):
    page = world.client("office").get(reverse("opinions:figures")).content.decode()
    assert 'data-testid="voters_received">853<' in page
