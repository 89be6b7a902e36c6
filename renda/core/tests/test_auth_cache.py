"""The user row is read through the cache on every request after the first; a saved change (password,
deactivation) takes effect on the very next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


@pytest.fixture(autouse=True)
def user_cache_on(settings):
    settings.RENDA_USER_CACHE_SECONDS = 60  # as in production (the test settings turn it off)


def user_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, sum('FROM "core_user"' in q["sql"] for q in queries)


@pytest.mark.django_db
def test_the_user_row_is_read_once_then_from_the_cache(world):
    client = world.client("office")
    url = reverse("core:notice_list")
    assert user_queries(client, url) == (200, 1)
    assert user_queries(client, url) == (200, 0)


@pytest.mark.django_db
def test_a_password_change_logs_the_old_session_out_at_once(world):
    client = world.client("office")
    url = reverse("core:notice_list")
    assert client.get(url).status_code == 200  # cached now
    user = world.users["office"]
    user.set_password("a-new-password-2026")
    user.save()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_deactivated_user_is_refused_at_once(world):
    client = world.client("office")
    url = reverse("core:notice_list")
    assert client.get(url).status_code == 200
    user = world.users["office"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_the_cache_can_be_turned_off(world, settings):
    settings.RENDA_USER_CACHE_SECONDS = 0
    client = world.client("office")
    url = reverse("core:notice_list")
    assert user_queries(client, url) == (200, 1)
    assert user_queries(client, url) == (200, 1)
