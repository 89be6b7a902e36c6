"""The station figures report from the demo's records; lists scoped, constant in queries, exportable."""

from __future__ import annotations

import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from renda.org.scoping import build_scope
from renda.stations.models import Station

from ..figures import station_figures
from ..models import Opinion, Status

H1 = {"date_from": "2017-01-01", "date_to": "2017-06-30"}


def test_the_demo_half_year_gives_the_seeds_figures(world):
    report = station_figures(
        scope=build_scope(world.users["office"]), date_from=datetime.date(2017, 1, 1), date_to=datetime.date(2017, 6, 30)
    )
    assert report.stations_by_kind == {"station": 9, "room": 41, "online": 9}
    assert report.total.values == {
        "deputy_visits": 225,
        "voters_received": 853,
        "opinions": 138,
        "answered_on_time": 138,
        "solved": 108,
        "overdue": 0,
    }
    assert len(report.towns) == 9
    assert sum(r.values["opinions"] for r in report.stations) == 138


def test_the_figures_page_prints_them_and_every_figure_drills_down(world):
    office = world.client("office")
    page = office.get(reverse("opinions:figures"), H1)
    html = page.content.decode()
    for testid, value in [
        ("deputy_visits", 225),
        ("voters_received", 853),
        ("opinions", 138),
        ("answered_on_time", 138),
        ("solved", 108),
    ]:
        assert f'data-testid="{testid}">{value}<' in html
    solved = office.get(reverse("opinions:opinion_list"), {**H1, "solved": "true"})
    assert solved.context["page"].paginator.count == 108
    on_time = office.get(reverse("opinions:opinion_list"), {**H1, "answered_on_time": "true"})
    assert on_time.context["page"].paginator.count == 138
    activities = office.get(reverse("stations:activity_list"), H1)
    assert sum(a.signin_count for a in activities.context["page"].paginator.object_list) == 225
    export = office.get(reverse("opinions:figures"), {**H1, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[-1][2:] == (225, 853, 138, 138, 108, 0)


def test_a_town_and_an_officer_see_only_their_share(world):
    wjj_station = Station.objects.get(kind="station", town=world.wjj)
    staff = station_figures(
        scope=build_scope(world.users["wjj_staff"]), date_from=datetime.date(2017, 1, 1), date_to=datetime.date(2017, 6, 30)
    )
    officer = station_figures(
        scope=build_scope(world.users["wjj_liaison"]), date_from=datetime.date(2017, 1, 1), date_to=datetime.date(2017, 6, 30)
    )
    assert {r.town_id for r in staff.stations} == {world.wjj.pk}
    assert {r.key for r in officer.stations} == {wjj_station.pk, Station.objects.get(kind="online", town=world.wjj).pk}
    assert 0 < officer.total.values["opinions"] < staff.total.values["opinions"] < 138


def test_officer_list_shows_only_their_stations_opinions(world):
    response = world.client("wjj_liaison").get(reverse("opinions:opinion_list"))
    officer = world.users["wjj_liaison"]
    shown = set(response.context["page"].paginator.object_list.values_list("station__officer_id", flat=True))
    assert shown == {officer.pk}
    assert response.context["page"].paginator.count == Opinion.objects.filter(station__officer=officer).count()


def test_unit_inbox_is_its_own_overdue_first(named):
    w = named
    Opinion.objects.filter(pk=w.op_xc.pk).update(deadline=datetime.date(2017, 1, 1))
    response = w.client("edu_clerk").get(reverse("opinions:inbox"))
    items = list(response.context["page"].object_list)
    assert {o.unit_id for o in items} == {w.edu_unit.pk}
    assert items[0].pk == w.op_xc.pk and items[0].is_overdue
    assert "overdue" in response.content.decode()
    open_flags = [o.status == Status.ROUTED for o in items]
    assert open_flags == sorted(open_flags, reverse=True)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_issue_a_constant_number_of_queries(named):
    w = named
    office = w.client("office")
    few = _count(office, reverse("opinions:opinion_list") + "?q=MATRIXWJJ1")
    many = _count(office, reverse("opinions:opinion_list"))
    assert few == many
    clerk = w.client("edu_clerk")
    few = _count(clerk, reverse("opinions:inbox") + "?q=MATRIXXC01")
    many = _count(clerk, reverse("opinions:inbox"))
    assert few == many
    assert _count(office, reverse("stations:station_list") + "?kind=online") == _count(office, reverse("stations:station_list"))
    assert _count(office, reverse("stations:activity_list") + "?kind=committee") == _count(
        office, reverse("stations:activity_list")
    )
    assert _count(office, reverse("opinions:figures") + "?town=" + str(w.wjj.pk)) == _count(office, reverse("opinions:figures"))


def test_export_has_every_row_and_masks_phones(world):
    response = world.client("wjj_staff").get(reverse("opinions:opinion_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    assert len(rows) == Opinion.objects.filter(region__path__startswith=world.wjj.path).count()
    assert all("****" in (r[-1] or "****") for r in rows)
