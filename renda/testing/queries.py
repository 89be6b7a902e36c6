"""A page read with the queries it cost, for tests that bound a page's queries whatever its rows."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counted(client: Any, url: str) -> tuple[Any, int]:
    """GET `url` (it must answer 200): the response and the number of queries it cost."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)
