"""Scopes applied by every read, and list pages whose query count does not grow with their rows."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from renda.core.tokens import api_token_create
from renda.org.models import Deputy
from renda.org.testing import World


def wjj_visible(deputy: Deputy, world: World) -> bool:
    return deputy.region.path.startswith(world.wjj.path) or deputy.congress.region_id == world.wjj.pk


def test_town_staff_list_search_export_and_api_only_their_town(world):
    client = world.client("wjj_staff")
    page = client.get(reverse("org:deputy_list"))
    shown = list(page.context["page"].object_list)
    assert shown and all(wjj_visible(d, world) for d in shown)
    total = page.context["page"].paginator.count
    assert total == Deputy.objects.filter(region__path__startswith=world.wjj.path).count()

    # search by a 新塍镇 deputy's name finds nothing; by a 王江泾镇 deputy's initials finds them
    assert client.get(reverse("org:deputy_list"), {"q": world.xc_town_deputy.person.name}).context["page"].paginator.count == 0
    initials = world.wjj_town_deputy.person.name_initials
    found = client.get(reverse("org:deputy_list"), {"q": initials}).context["page"].object_list
    assert world.wjj_town_deputy.pk in {d.pk for d in found}

    export = client.get(reverse("org:deputy_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))[1:]
    assert len(rows) == total
    assert world.xc_town_deputy.person.name not in {r[0] for r in rows}

    _token, key = api_token_create(actor=world.users["wjj_staff"], name="t")
    api = world.client(None).get("/api/deputies", {"page_size": 200}, HTTP_AUTHORIZATION=f"Bearer {key}")
    too_many = world.client(None).get("/api/deputies", {"page_size": 500}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert too_many.status_code == 422  # the page size is bounded (1 … 200) and the OpenAPI document says so
    assert api.status_code == 200
    assert api.json()["count"] == total
    assert world.xc_town_deputy.pk not in {d["id"] for d in api.json()["items"]}
    assert (
        world.client(None).get(f"/api/deputies/{world.xc_town_deputy.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    )


def test_revoked_or_wrong_token_is_refused(world):
    from renda.core.tokens import api_token_revoke

    token, key = api_token_create(actor=world.users["office"], name="t")
    client = world.client(None)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer rd_wrong").status_code == 401
    api_token_revoke(actor=world.users["office"], token=token)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_api_rejects_bad_parameters_with_422(world):
    response = world.client("office").get("/api/deputies", {"page": "abc"})
    assert response.status_code == 422


def test_filters_narrow_the_list(world):
    client = world.client("office")
    response = client.get(reverse("org:deputy_list"), {"level": "town", "gender": "F", "status": "serving"})
    rows = response.context["page"].paginator.object_list
    assert rows.count() == Deputy.objects.filter(congress__level="town", person__gender="F", status="serving").count()
    assert all(d.person.gender == "F" and d.congress.level == "town" for d in rows[:50])


def queries_for(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("username", "url", "many", "few"),
    [
        ("office", "/deputies/", {}, {"status": "resigned"}),
        ("office", "/deputies/", {"status": "serving"}, {"level": "town", "gender": "F", "party": "democratic"}),
        ("wjj_staff", "/deputies/", {}, lambda w: {"q": w.wjj_town_deputy.person.name}),
        ("office", "/units/", {}, {"kind": "court"}),
        ("office", "/api/deputies", {"page_size": 200}, {"status": "resigned"}),
        ("office", "/api/units", {}, {"kind": "court"}),
        ("admin", "/audit/", {}, {"action": "demo.build"}),
    ],
)
def test_list_query_count_does_not_grow_with_rows(world, username, url, many, few):
    client = world.client(username)
    few = few(world) if callable(few) else few
    client.get(url)  # warm per-session caches alike for both measurements
    assert queries_for(client, url, many) == queries_for(client, url, few)


def test_home_and_region_tree_query_counts_are_bounded(world):
    client = world.client("office")
    client.get("/")
    assert queries_for(client, "/") <= 30  # the charts and the office's to-do items (tests/test_todo_roles.py bounds every role)
    assert queries_for(client, "/regions/") <= 12
    assert queries_for(client, "/bodies/") <= 10
    assert queries_for(client, f"/bodies/{world.standing_committee.pk}/") <= 14
