"""The station activities list (issue #17): sign-ins and duty rosters counted per activity in correlated
subqueries, the totals row in two queries over every activity the filters match, and the same number of queries
for any number of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.stations.models import Activity, DutyAssignment, SignIn
from renda.testing.queries import get_counted

_get = get_counted


@pytest.mark.django_db
def test_activity_list_counts_and_totals_equal_the_records_in_constant_queries(world):
    office = world.client("office")
    url = reverse("stations:activity_list")
    many, n_many = _get(office, url)
    rows = list(many.context["page"].object_list)
    assert len(rows) > 1
    for a in rows:
        assert a.signin_count == SignIn.objects.filter(activity=a).count()
        assert a.duty_count == DutyAssignment.objects.filter(activity=a).count()
    day = rows[0].date.isoformat()
    few, n_few = _get(office, f"{url}?date_from={day}&date_to={day}")
    shown = list(few.context["page"].object_list)
    assert 1 <= len(shown) <= len(rows)
    assert n_few == n_many
    totals = few.context["totals"]
    matched = Activity.objects.filter(date=rows[0].date, station__in={a.station_id for a in shown})
    assert totals["activities"] == len(shown) == matched.count()
    assert totals["visits"] == SignIn.objects.filter(activity__in=matched).count()
    assert totals["voters"] == sum(a.voters_received for a in matched)


@pytest.mark.django_db
def test_figures_report_lists_each_station_under_its_own_town_once(world):
    """The figures page walks each town's own stations (a province has 1,300 towns and 1,300 stations: a loop over
    every station inside the loop over the towns rendered 1.7 million template conditions, 26 s)."""
    import datetime

    from renda.org.scoping import build_scope
    from renda.stations.figures import station_figures

    report = station_figures(
        scope=build_scope(world.users["office"]), date_from=datetime.date(2017, 1, 1), date_to=datetime.date(2017, 12, 31)
    )
    assert report.towns
    assert [r for t in report.towns for r in t.stations] == report.stations
    for t in report.towns:
        assert {r.town_id for r in t.stations} == {t.key}
        assert t.values == {k: sum(r.values[k] for r in t.stations) for k in t.values}
