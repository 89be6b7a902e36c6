"""The decisions lists read their rows in a constant number of queries (the rows' relations fetched with them)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["decisions:election_list", "decisions:appointment_list", "decisions:holder_list", "decisions:bill_list", "decisions:matter_list"]


@pytest.mark.parametrize("name", LISTS)
def test_a_list_page_takes_the_same_queries_for_one_row_as_for_all(world, name):
    client = world.client("admin")
    url = reverse(name)
    client.get(url)  # warm the session and the user
    with CaptureQueriesContext(connection) as all_rows:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url, {"year": 1999}).status_code == 200  # an empty page
    assert len(all_rows) <= len(one_row) + 2, [q["sql"][:120] for q in all_rows.captured_queries]
