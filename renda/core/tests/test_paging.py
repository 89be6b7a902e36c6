"""The large-list paginator's deferred join at every offset gives the same pages as a plain slice."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core.models import AuditEvent
from renda.core.paging import LargePaginator


@pytest.mark.django_db
def test_deferred_join_from_the_first_page_gives_the_same_rows():
    qs = AuditEvent.objects.order_by("-created_at", "-id")
    total = qs.count()
    assert total > 30, "the demo writes audit events"
    plain = LargePaginator(qs, 10)
    deferred = LargePaginator(qs, 10, deferred_offset=0)
    assert deferred.deferred_offset == 0 and plain.deferred_offset == LargePaginator.deferred_offset
    for number in (1, 2, 3):
        assert [e.pk for e in deferred.page(number)] == [e.pk for e in plain.page(number)]
    with CaptureQueriesContext(connection) as queries:
        rows = list(LargePaginator(qs, 10, deferred_offset=0).page(2))
    assert len(rows) == 10
    # the capped count, the page's ids, the rows for those ids
    assert len(queries) == 3
    assert 'LIMIT 10' in queries[1]["sql"] and "IN (" in queries[2]["sql"]


@pytest.mark.django_db
def test_count_is_exact_below_the_cap():
    qs = AuditEvent.objects.order_by("id")
    paginator = LargePaginator(qs, 10)
    assert paginator.count == qs.count() and not paginator.is_estimate
