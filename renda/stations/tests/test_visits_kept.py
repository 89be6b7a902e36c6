"""Each activity's deputy visits kept on the activity (renda/stations/visits.py, issue #17): recounted from the
sign-ins by every sign-in and by the daily job, equal to the live count after the demo, a sign-in, a second scan and
a write that bypassed the services; the activity list's totals row sums it in one query and its pager reuses the
totals' count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.core import kept
from renda.org.scoping import build_scope
from renda.org.tests.factories import DeputyFactory

from .. import services
from ..models import Activity, SignIn
from ..visits import VISITS
from .factories import ActivityFactory, StationFactory


@pytest.mark.django_db
def test_the_demo_keeps_every_activitys_visits_equal_to_its_sign_ins(world):
    assert SignIn.objects.exists()
    assert kept.differences(VISITS) == {}
    some = Activity.objects.filter(signins__isnull=False).distinct().first()
    assert some is not None and some.visits == SignIn.objects.filter(activity=some).count() > 0


@pytest.mark.django_db
def test_a_sign_in_recounts_its_activity_and_the_daily_job_mends_a_bypass():
    station = StationFactory()
    activity = ActivityFactory(station=station, date=timezone.localdate())
    scope = build_scope(station.officer)
    first, second = DeputyFactory(), DeputyFactory()
    services.activity_check_in(actor=station.officer, scope=scope, activity=activity, deputy=first)
    services.activity_check_in(actor=station.officer, scope=scope, activity=activity, deputy=first)  # twice: once
    services.activity_check_in(actor=station.officer, scope=scope, activity=activity, deputy=second)
    activity.refresh_from_db()
    assert activity.visits == 2 == SignIn.objects.filter(activity=activity).count()
    SignIn.objects.filter(activity=activity, deputy=second).delete()  # a write around the services
    assert kept.differences(VISITS) == {(activity.pk,): ({"visits": 2}, {"visits": 1})}
    assert kept.rebuild_all() >= 1
    activity.refresh_from_db()
    assert activity.visits == 1 and kept.differences(VISITS) == {}


@pytest.mark.django_db
def test_the_activity_list_totals_are_one_query_and_the_pager_does_not_count_again(world):
    office = world.client("office")
    url = reverse("stations:activity_list")
    with CaptureQueriesContext(connection) as ctx:
        page = office.get(url)
    assert page.status_code == 200
    activity_sql = [q["sql"] for q in ctx.captured_queries if '"stations_activity"' in q["sql"]]
    assert len(activity_sql) == 2  # the totals (count, visits, voters in one scan) and the page's rows
    assert not any("stations_signin" in sql and 'COUNT(*) AS "__count"' in sql for sql in activity_sql)
    assert page.context["page"].paginator.count == page.context["totals"]["activities"] == Activity.objects.count()
    assert page.context["totals"]["visits"] == SignIn.objects.count()
