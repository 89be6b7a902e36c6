"""Issue #14: the activity list ends in a totals row over everything its filters match (not only the page shown),
and a station's public page states its next reception days from its schedule."""

from __future__ import annotations

import datetime
import re

from django.db.models import Sum

from renda.stations.models import Activity, ReceptionSchedule, SignIn
from renda.stations.views import reception_days


def test_activity_list_totals_row_counts_every_matching_activity(world):
    page = world.client("office").get("/stations/activities/?date_from=2017-01-01&date_to=2017-06-30")
    assert page.status_code == 200
    html = page.content.decode()
    rows = Activity.objects.filter(date__gte=datetime.date(2017, 1, 1), date__lte=datetime.date(2017, 6, 30))
    visits = SignIn.objects.filter(activity__in=rows).count()
    voters = rows.aggregate(n=Sum("voters_received"))["n"] or 0
    assert rows.count() > 20  # more than one page: the totals are not the page's
    assert re.search(rf'data-testid="total-visits">{visits}<', html), visits
    assert re.search(rf'data-testid="total-voters">{voters}<', html), voters


def test_public_station_page_states_its_next_reception_days(world, client):
    schedule = ReceptionSchedule.objects.select_related("station__region").first()
    assert schedule is not None
    today = datetime.date(2026, 12, 20)
    days = reception_days(schedule.station, schedule, today)
    assert len(days) == 3 and all(d >= today for d in days) and days == sorted(days)
    assert all(d.day >= schedule.day_of_month for d in days)  # the day of each month, moved past holidays only
    html = client.get(f"/stations/{schedule.station_id}/public/").content.decode()
    assert 'data-testid="reception-days"' in html and re.search(r"<time datetime=\"\d{4}-\d{2}-\d{2}\"", html)


def test_portal_links_every_public_page_and_each_station(world, client):
    html = client.get("/public/").content.decode()
    for path in ("/opinions/submit/", "/opinions/track/", "/suggestions/public/", "/projects/public/", "/meetings/public/",
                 "/supervision/public/", "/open-data/"):  # fmt: skip
        assert f'href="{path}"' in html, path
    from renda.stations.models import Station

    for station in Station.objects.filter(is_active=True)[:5]:
        assert f'href="/stations/{station.pk}/public/"' in html
