"""The opinions' figures kept per station and month of registration (`renda.opinions.kept`) equal their live count
after every move of an opinion (registered, also after the fact and at a month's last hour; routed, answered on
time or late, returned, reported, raised, merged, out of the remit, told, the voter's feedback); the figures
report and the overview read the same numbers from them as counted live, overdue included."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.core import kept
from renda.org.models import Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import UserFactory
from renda.stations import figures as station_figures_module
from renda.stations.tests.factories import StationFactory

from .. import figures, services
from ..kept import OPINIONS
from ..models import OpinionMonth, Status
from .factories import Place

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2019, 3, 1)
H1 = {"date_from": "2017-01-01", "date_to": "2017-06-30"}


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def cell(station, month: datetime.date = MARCH) -> dict[str, int]:
    row = OpinionMonth.objects.filter(station=station, month=month).values(*OPINIONS.values).first()
    return dict(row) if row else OPINIONS.zeros()


def assert_kept() -> None:
    assert kept.differences(OPINIONS) == {}


def register(w: Place, when: str, text: str):
    return services.opinion_register(
        actor=w.liaison, scope=build_scope(w.liaison), station=w.station, region=w.village, category="城乡建设",
        text=text, at=at(when),
    )  # fmt: skip


def test_every_move_recounts_its_station_and_month():
    w = Place.build()
    officer, s = w.liaison, build_scope(w.liaison)
    late = register(w, "2019-03-31 23:30", "村口道路破损严重，希望修缮。")  # the month's last hour: March, in local time
    assert cell(w.station) == {"opinions": 1, "answered_on_time": 0, "answered_late": 0, "solved": 0}
    assert cell(w.station, datetime.date(2019, 4, 1)) == OPINIONS.zeros()
    assert_kept()
    late = services.opinion_route(actor=officer, scope=s, opinion=late, unit=w.unit, at=at("2019-04-01 09:00"))
    assert_kept()
    late = services.opinion_unit_answer(actor=w.clerk, scope=build_scope(w.clerk), opinion=late, answer="已修缮。", at=at("2019-06-30 10:00"))  # fmt: skip
    assert late.answered_on_time is False and cell(w.station)["answered_late"] == 1
    assert_kept()
    late = services.opinion_feedback(opinion=late, solved=True, at=at("2019-07-02 10:00"))
    assert cell(w.station)["solved"] == 1
    assert_kept()

    back = register(w, "2019-03-05 10:00", "路灯不亮，晚上出行不便。")
    back = services.opinion_route(actor=officer, scope=s, opinion=back, unit=w.unit, at=at("2019-03-06 09:00"))
    back = services.opinion_unit_return(actor=w.clerk, scope=build_scope(w.clerk), opinion=back, reason="属供电部门职责", at=at("2019-03-07 09:00"))  # fmt: skip
    assert_kept()
    on_spot = services.opinion_answer_on_spot(actor=officer, scope=s, opinion=back, answer="当场联系供电所。", at=at("2019-03-08 09:00"))  # fmt: skip
    assert on_spot.answered_on_time is True and cell(w.station)["answered_on_time"] == 1
    assert_kept()
    services.opinion_tell(actor=officer, scope=s, opinion=on_spot)
    assert_kept()

    reported = services.opinion_report(actor=officer, scope=s, opinion=register(w, "2019-03-09 10:00", "重要情况：涉及群体利益。"), note="上报")  # fmt: skip
    services.opinion_record_answer(actor=officer, scope=s, opinion=reported, answer="常委会已督办。")
    raised = services.opinion_raise_as_suggestion(
        actor=UserFactory(grants=[(Role.DEPUTY, {})]), opinion=register(w, "2019-03-10 10:00", "建议拓宽村道。"), suggestion_ref="S-1"
    )  # fmt: skip
    assert raised.status == Status.SUGGESTION
    services.opinion_merge(actor=officer, scope=s, opinion=register(w, "2019-03-11 10:00", "与前件相同：拓宽村道。"), into=raised)
    services.opinion_out_of_remit(actor=officer, scope=s, opinion=register(w, "2019-03-12 10:00", "邻里纠纷请求调解。"), reason="属民事纠纷")  # fmt: skip
    assert cell(w.station)["opinions"] == 6
    assert_kept()


def test_the_report_reads_the_kept_months_as_the_live_count(monkeypatch):
    w = Place.build()
    officer, s = w.liaison, build_scope(w.liaison)
    overdue = register(w, "2019-03-02 10:00", "桥梁护栏损坏，存在安全隐患。")
    services.opinion_route(actor=officer, scope=s, opinion=overdue, unit=w.unit, at=at("2019-03-03 09:00"))  # never answered
    answered = services.opinion_route(actor=officer, scope=s, opinion=register(w, "2019-04-02 10:00", "垃圾清运不及时。"), unit=w.unit, at=at("2019-04-03 09:00"))  # fmt: skip
    services.opinion_unit_answer(actor=w.clerk, scope=build_scope(w.clerk), opinion=answered, answer="已清运。", at=at("2019-04-05 09:00"))  # fmt: skip
    office = build_scope(w.office)
    half = {"date_from": datetime.date(2019, 1, 1), "date_to": datetime.date(2019, 6, 30)}
    read = figures.station_figures(scope=office, **half)
    totals = figures.opinion_totals(scope=office, **half)
    monkeypatch.setattr(kept, "whole_months", lambda date_from, date_to: None)  # every reader counts live
    live = figures.station_figures(scope=office, **half)
    assert [r.values for r in read.stations] == [r.values for r in live.stations]
    assert read.total.values == live.total.values
    assert read.total.values["overdue"] == 1 and read.total.values["answered_on_time"] == 1
    assert {k: read.total.values[k] for k in figures.OPINION_FIGURES} == totals
    assert station_figures_module.station_totals(scope=office, **half)[1] == {
        k: live.total.values[k] for k in station_figures_module.FIGURES
    }


def _figure_queries(client, url: str, params: dict[str, object]) -> tuple[int, list[str]]:
    """The page's queries, and those that read the stations' and opinions' records (not the kept months)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    heavy = [q["sql"] for q in ctx.captured_queries if re.search(r'FROM "(stations_signin|opinions_opinion)"', q["sql"])]
    return len(ctx.captured_queries), heavy


@pytest.mark.parametrize("half", [1, 0])
def test_the_overview_reads_the_kept_months_in_few_queries(world, half):
    office = world.client("office")
    total, heavy = _figure_queries(office, reverse("overview"), {"year": 2017, "half": half})
    # per period shown or compared: the opinions still routed past their deadline (overdue, live) and nothing
    # else from the opinions or sign-ins
    periods = 3 if half else 2
    assert len(heavy) == periods, heavy
    assert all("routed" in sql for sql in heavy)
    again, _ = _figure_queries(office, reverse("overview"), {"year": 2017, "half": half})
    assert again == total
    StationFactory(town=world.wjj)  # one more station (and its officer) changes nothing
    assert _figure_queries(office, reverse("overview"), {"year": 2017, "half": half})[0] == total


def test_the_figures_page_reads_the_kept_months_in_few_queries(world):
    office = world.client("office")
    url = reverse("opinions:figures")
    total, heavy = _figure_queries(office, url, H1)
    assert len(heavy) == 1 and "routed" in heavy[0]
    StationFactory(town=world.wjj)
    assert _figure_queries(office, url, H1)[0] == total
    assert _figure_queries(office, url, {**H1, "export": "xlsx"})[0] <= total
    # a period that is not whole months counts live: the opinions once, the sign-ins once
    _, live = _figure_queries(office, url, {"date_from": "2017-01-02", "date_to": "2017-06-30"})
    assert len(live) == 2
