"""The meetings list at province scale (issue #17): the agenda items, members and those present are counted per
meeting in correlated subqueries (two joined COUNT(DISTINCT)s multiplied a meeting's items by its attendances: 3.5 s
for 5,560 meetings), the counts equal the records, and the page costs the same number of queries for any number
of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.meetings.models import AgendaItem, Attendance, Meeting
from renda.testing.queries import get_counted

_get = get_counted


@pytest.mark.django_db
def test_meeting_list_counts_per_meeting_equal_the_records_in_constant_queries(world):
    office = world.client("office")
    url = reverse("meetings:list")
    many, n_many = _get(office, url)
    rows = list(many.context["page"].object_list)
    assert len(rows) > 1
    for m in rows:
        members = Attendance.objects.filter(meeting=m, role=Attendance.Role.MEMBER, entitled=True)
        assert m.n_items == AgendaItem.objects.filter(meeting=m).count()
        assert m.n_members == members.count()
        assert m.n_present == members.filter(status=Attendance.Status.PRESENT).count()
    assert any(m.n_present for m in rows)
    one = Meeting.objects.filter(pk=rows[0].pk).values_list("title", flat=True).get()
    few, n_few = _get(office, url + "?q=" + one)
    assert 1 <= len(few.context["page"].object_list) < len(rows)
    assert n_few == n_many
    assert "COUNT(DISTINCT" not in str(many.context["page"].paginator.object_list.query).upper()
