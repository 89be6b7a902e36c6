"""The station figures kept per station and month (`renda.stations.kept`) equal their live count after every write
that can change them: a sign-in (QR or by the officer, also after the fact), a record, a record corrected, a
cancellation; a bulk load mended by `rebuild`; the figures report reads them for whole months only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core import kept
from renda.org.models import Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import DeputyFactory, UserFactory

from .. import services
from ..figures import station_figures
from ..kept import STATIONS
from ..models import Activity, SignIn, StationMonth
from .factories import ActivityFactory, StationFactory

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def cell(station, month: str) -> tuple[int, int]:
    row = StationMonth.objects.filter(station=station, month=datetime.date.fromisoformat(month)).first()
    return (row.deputy_visits, row.voters_received) if row else (0, 0)


def assert_kept() -> None:
    assert kept.differences(STATIONS) == {}


def test_every_write_recounts_its_month():
    deputies = [DeputyFactory(), DeputyFactory()]
    station = StationFactory(deputies=deputies)
    officer, scope = station.officer, build_scope(station.officer)
    activity = services.activity_create(
        actor=officer, scope=scope, station=station, kind=Activity.Kind.THEMED, topic="2019年8月接待",
        date=datetime.date(2019, 8, 15),
    )  # fmt: skip
    assert_kept()
    services.activity_check_in(actor=officer, scope=scope, activity=activity, deputy=deputies[0], at=at("2019-08-15 09:00"))
    assert cell(station, "2019-08-01") == (1, 0)
    assert_kept()
    services.activity_check_in(actor=officer, scope=scope, activity=activity, deputy=deputies[0], at=at("2019-08-15 09:05"))
    assert cell(station, "2019-08-01") == (1, 0)  # signing in twice is one visit
    services.activity_check_in(actor=officer, scope=scope, activity=activity, deputy=deputies[1], at=at("2019-08-15 09:10"))
    services.activity_record(actor=officer, scope=scope, activity=activity, voters_received=7, at=at("2019-08-15 11:30"))
    assert cell(station, "2019-08-01") == (2, 7)
    assert_kept()
    services.activity_record(actor=officer, scope=scope, activity=activity, voters_received=9, discussion="改正")
    assert cell(station, "2019-08-01") == (2, 9)
    assert_kept()

    planned = ActivityFactory(station=station, date=datetime.date(2019, 9, 20), voters_received=0)
    services.activity_cancel(actor=officer, scope=scope, activity=planned, reason="台风")
    assert cell(station, "2019-09-01") == (0, 0)
    assert_kept()


def test_a_deputy_scanning_the_code_is_counted():
    user = UserFactory(grants=[(Role.DEPUTY, {})])
    deputy = DeputyFactory(person__user=user)
    station = StationFactory(deputies=[deputy])
    activity = ActivityFactory(station=station)
    services.activity_sign_in(actor=user, scope=build_scope(user), activity=activity)
    assert cell(station, kept.month_of(activity.date).isoformat()) == (1, 0)
    assert_kept()


def test_a_bulk_load_is_mended_by_rebuild_and_the_report_reads_whole_months():
    deputy = DeputyFactory()
    station = StationFactory(deputies=[deputy])
    scope = build_scope(station.officer)
    activity = ActivityFactory(station=station, date=datetime.date(2018, 3, 31), status=Activity.Status.HELD, voters_received=5)
    SignIn.objects.bulk_create([SignIn(activity=activity, deputy=deputy, method=SignIn.Method.QR)])  # bypasses the services
    assert kept.differences(STATIONS) == {(station.pk, datetime.date(2018, 3, 1)): ({"deputy_visits": 0, "voters_received": 0}, {"deputy_visits": 1, "voters_received": 5})}  # fmt: skip
    whole = station_figures(scope=scope, date_from=datetime.date(2018, 1, 1), date_to=datetime.date(2018, 6, 30))
    part = station_figures(scope=scope, date_from=datetime.date(2018, 3, 1), date_to=datetime.date(2018, 3, 31))
    days = station_figures(scope=scope, date_from=datetime.date(2018, 3, 2), date_to=datetime.date(2018, 3, 31))
    assert whole.total.values == part.total.values == {"deputy_visits": 0, "voters_received": 0}  # kept: not yet mended
    assert days.total.values == {"deputy_visits": 1, "voters_received": 5}  # not whole months: counted live
    assert kept.rebuild(STATIONS) >= 1
    assert_kept()
    whole = station_figures(scope=scope, date_from=datetime.date(2018, 1, 1), date_to=datetime.date(2018, 6, 30))
    assert whole.total.values == days.total.values
    assert kept.rebuild(STATIONS) == 0  # nothing left to change


def test_the_periods_a_reader_may_take_from_the_kept_months():
    d = datetime.date
    assert kept.whole_months(d(2019, 1, 1), d(2019, 6, 30)) == (d(2019, 1, 1), d(2019, 6, 1))
    assert kept.whole_months(d(2019, 1, 1), d(2019, 12, 31)) == (d(2019, 1, 1), d(2019, 12, 1))
    assert kept.whole_months(d(2020, 2, 1), d(2020, 2, 29)) == (d(2020, 2, 1), d(2020, 2, 1))
    assert kept.whole_months(d(2019, 1, 2), d(2019, 6, 30)) is None
    assert kept.whole_months(d(2019, 1, 1), d(2019, 6, 29)) is None
    assert kept.whole_months(d(2019, 7, 1), d(2019, 6, 30)) is None
    assert kept.months(d(2019, 11, 15), d(2020, 2, 1)) == [d(2019, 11, 1), d(2019, 12, 1), d(2020, 1, 1), d(2020, 2, 1)]
    assert kept.month_of(timezone.make_aware(datetime.datetime(2019, 3, 31, 23, 30))) == d(2019, 3, 1)
    assert kept.month_of(d(2019, 3, 31)) == d(2019, 3, 1)


def test_touch_recounts_only_its_cells_and_ignores_cells_without_a_key():
    station = StationFactory()
    a = ActivityFactory(station=station, date=datetime.date(2018, 5, 2), status=Activity.Status.HELD, voters_received=3)
    b = ActivityFactory(station=station, date=datetime.date(2018, 6, 2), status=Activity.Status.HELD, voters_received=4)
    kept.touch(STATIONS, [(station.pk, datetime.date(2018, 5, 1)), (None, datetime.date(2018, 6, 1))])
    assert cell(station, "2018-05-01") == (0, 3) and cell(station, "2018-06-01") == (0, 0)
    assert set(kept.differences(STATIONS)) == {(station.pk, datetime.date(2018, 6, 1))}
    Activity.objects.filter(pk=a.pk).update(voters_received=0)  # a cell whose records went: rebuilt to zero
    assert kept.rebuild(STATIONS) == 2
    assert cell(station, "2018-05-01") == (0, 0) and cell(station, "2018-06-01") == (0, b.voters_received)
    assert_kept()
