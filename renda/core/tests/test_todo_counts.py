"""core.todo.counts: what each queryset's `.count()` says, in one query whatever their number (the to-do list's
counts per app)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core.models import AuditEvent, User
from renda.core.todo import counts

pytestmark = pytest.mark.django_db


def test_counts_answer_each_querysets_count_in_one_query():
    lists = {
        "users": User.objects.all(),
        "staff": User.objects.filter(is_staff=True).order_by("username"),
        "kinds": User.objects.values("is_staff").distinct().order_by("username"),  # distinct rows, as .count() says
        "events": AuditEvent.objects.filter(action__startswith="meeting."),
    }
    expected = {name: qs.count() for name, qs in lists.items()}
    with CaptureQueriesContext(connection) as ctx:
        got = counts(**lists)
    assert got == expected and len(ctx.captured_queries) == 1


def test_a_queryset_that_can_match_nothing_costs_no_query():
    with CaptureQueriesContext(connection) as ctx:
        got = counts(none=User.objects.none(), empty=User.objects.filter(pk__in=[]))
    assert got == {"none": 0, "empty": 0} and not ctx.captured_queries
