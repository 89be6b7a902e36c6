"""Stations, the 四定 schedule, rosters, sign-in and records; the officer's binding to their own stations. The
service rules are tested on factory rows (a station and its officer); pages and the deputy's sign-in on the demo."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent, Notice, Rule
from renda.org.models import Deputy, Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import DeputyFactory, UserFactory

from .. import services
from ..jobs import duty_notices
from ..lifecycles import ACTIVITY
from ..models import Activity, DutyAssignment, SignIn, Station, StationRules
from .factories import ActivityFactory, ReceptionScheduleFactory, StationFactory


@pytest.fixture
def wjj(world):
    return Station.objects.get(kind=Station.Kind.STATION, town=world.wjj)


@pytest.fixture
def station(db):
    """A station of a new town, run by its own officer (factory rows, no demo needed)."""
    return StationFactory()


def s(world, name):
    return build_scope(world.users[name])


def test_reception_days_move_past_holidays_and_follow_the_rules_table(station):
    assert services.reception_date(2017, 5, 1, region_path=station.region.path) == datetime.date(2017, 5, 2)
    assert services.reception_date(2017, 4, 15, region_path=station.region.path) == datetime.date(2017, 4, 15)  # Saturday
    Rule.objects.create(key="stations.move_weekend_receptions", region_id=station.town_id, value=True)
    assert services.reception_date(2017, 4, 15, region_path=station.region.path) == datetime.date(2017, 4, 17)


def test_generating_reception_days_is_idempotent_and_audited(station):
    officer = station.officer
    with pytest.raises(DomainError):  # no schedule yet
        services.schedule_generate(
            actor=officer, scope=build_scope(officer), station=station, first_month=datetime.date(2030, 1, 1), months=3
        )
    ReceptionScheduleFactory(station=station, day_of_month=15)
    wjj = station
    first = services.schedule_generate(
        actor=officer,
        scope=build_scope(officer),
        station=wjj,
        first_month=datetime.date(2030, 1, 1),
        months=3,
    )
    assert [a.date for a in first] == [datetime.date(2030, 1, 15), datetime.date(2030, 2, 15), datetime.date(2030, 3, 15)]
    again = services.schedule_generate(
        actor=officer,
        scope=build_scope(officer),
        station=wjj,
        first_month=datetime.date(2030, 1, 1),
        months=3,
    )
    assert again == []
    assert AuditEvent.objects.filter(action="station.reception_days", object_id=str(wjj.pk)).count() == 1
    with pytest.raises(DomainError):
        services.schedule_generate(
            actor=officer,
            scope=build_scope(officer),
            station=wjj,
            first_month=datetime.date(2030, 1, 1),
            months=0,
        )


def test_an_officer_manages_only_their_own_stations(world, wjj):
    room = Station.objects.filter(kind=Station.Kind.ROOM, town=world.wjj).first()
    with pytest.raises(NotPermitted):
        services.station_rules_publish(actor=world.users["wjj_liaison"], scope=s(world, "wjj_liaison"), station=room, text="x")
    listed = world.client("wjj_liaison").get(reverse("stations:station_list")).context["page"].paginator.object_list
    assert {st.officer_id for st in listed} == {world.users["wjj_liaison"].pk}
    assert {st.kind for st in listed} == {"station", "online"}


def test_rules_are_versioned(station):
    wjj = station
    staff = UserFactory(grants=[(Role.TOWN, {"region": station.town})])
    StationRules.objects.create(station=wjj, version=1, text="第一版制度")
    v2 = services.station_rules_publish(actor=staff, scope=build_scope(staff), station=wjj, text="第二版制度")
    assert v2.version == 2
    assert services.station_rules_publish(actor=staff, scope=build_scope(staff), station=wjj, text="第二版制度").pk == v2.pk
    assert [r.version for r in wjj.rules_versions.order_by("version")] == [1, 2]


def _today_activity(world, wjj) -> Activity:
    return services.activity_create(
        actor=world.users["wjj_liaison"],
        scope=s(world, "wjj_liaison"),
        station=wjj,
        kind=Activity.Kind.THEMED,
        topic="垃圾分类主题活动",
        date=timezone.localdate(),
    )


def test_roster_sign_in_check_in_and_record(world, wjj):
    activity = _today_activity(world, wjj)
    liaison, scope = world.users["wjj_liaison"], s(world, "wjj_liaison")
    assert (
        services.activity_create(
            actor=liaison,
            scope=scope,
            station=wjj,
            kind=Activity.Kind.THEMED,
            topic="垃圾分类主题活动",
            date=timezone.localdate(),
        ).pk
        == activity.pk
    )
    other = wjj.deputies.exclude(pk=world.own_deputy.pk).filter(status=Deputy.Status.SERVING).first()
    services.roster_add(actor=liaison, scope=scope, activity=activity, deputy=world.own_deputy)
    services.roster_add(actor=liaison, scope=scope, activity=activity, deputy=world.own_deputy)
    services.roster_add(actor=liaison, scope=scope, activity=activity, deputy=other)
    assert DutyAssignment.objects.filter(activity=activity).count() == 2
    # the deputy scans the QR code twice: one sign-in
    deputy_client = world.client("deputy")
    url = reverse("stations:sign_in", args=[activity.checkin_token])
    assert deputy_client.post(url).status_code == 200
    assert deputy_client.post(url).status_code == 200
    assert SignIn.objects.filter(activity=activity, deputy=world.own_deputy, method="qr").count() == 1
    # the officer checks the other one in
    services.activity_check_in(actor=liaison, scope=scope, activity=activity, deputy=other)
    assert activity.signins.count() == 2
    held = services.activity_record(actor=liaison, scope=scope, activity=activity, voters_received=12, discussion="讨论垃圾分类")
    assert held.status == Activity.Status.HELD
    with pytest.raises(InvalidTransition):
        services.roster_add(actor=liaison, scope=scope, activity=held, deputy=other)
    with pytest.raises(InvalidTransition):
        services.activity_cancel(actor=liaison, scope=scope, activity=held, reason="下雨")
    with pytest.raises(DomainError):
        services.activity_record(actor=liaison, scope=scope, activity=held, voters_received=-1)


def test_a_future_activity_cannot_be_signed_or_recorded_and_a_cancelled_one_not_at_all(station):
    wjj, liaison = station, station.officer
    scope = build_scope(liaison)
    deputy = DeputyFactory()
    future = services.activity_create(
        actor=liaison,
        scope=scope,
        station=wjj,
        kind=Activity.Kind.RECEPTION,
        topic="接待日",
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    with pytest.raises(InvalidTransition):
        services.activity_record(actor=liaison, scope=scope, activity=future, voters_received=3)
    with pytest.raises(DomainError):
        services.activity_check_in(actor=liaison, scope=scope, activity=future, deputy=deputy)
    cancelled = services.activity_cancel(actor=liaison, scope=scope, activity=future, reason="台风")
    assert cancelled.status == Activity.Status.CANCELLED
    with pytest.raises(InvalidTransition):
        services.activity_record(actor=liaison, scope=scope, activity=cancelled, voters_received=3)


def test_deputies_on_duty_are_told_two_days_ahead_once(world, wjj):
    liaison, scope = world.users["wjj_liaison"], s(world, "wjj_liaison")
    today = timezone.localdate()
    activity = services.activity_create(
        actor=liaison,
        scope=scope,
        station=wjj,
        kind=Activity.Kind.RECEPTION,
        topic="接待日",
        date=today + datetime.timedelta(days=2),
    )
    far = services.activity_create(
        actor=liaison,
        scope=scope,
        station=wjj,
        kind=Activity.Kind.THEMED,
        topic="远期活动",
        date=today + datetime.timedelta(days=6),
    )
    services.roster_add(actor=liaison, scope=scope, activity=activity, deputy=world.own_deputy)
    services.roster_add(actor=liaison, scope=scope, activity=far, deputy=world.own_deputy)
    assert duty_notices(today) == 1
    assert duty_notices(today) == 0
    assert Notice.objects.filter(user=world.users["deputy"], kind="stations.duty").count() == 1
    public = world.client(None).get(reverse("stations:public_station", args=[wjj.pk])).content.decode()
    assert world.own_deputy.person.name in public and world.own_deputy.person.phone not in public


def test_pages_render_and_forms_refuse_bad_input(world, wjj):
    c = world.client("wjj_liaison")
    assert c.get(reverse("stations:station_detail", args=[wjj.pk])).status_code == 200
    bad = c.post(
        reverse("stations:station_action", args=[wjj.pk, "schedule"]),
        {"day_of_month": 31, "start_time": "09:00", "end_time": "08:00"},
    )
    assert bad.status_code == 400
    activity = Activity.objects.filter(station=wjj).first()
    assert c.get(reverse("stations:activity_detail", args=[activity.pk])).status_code == 200
    assert c.get(reverse("stations:activity_qr", args=[activity.pk]))["Content-Type"] == "image/svg+xml"
    refused = c.post(reverse("stations:activity_action", args=[activity.pk, "record"]), {"voters_received": "-3"})
    assert refused.status_code == 400
    not_an_id = c.post(reverse("stations:activity_action", args=[activity.pk, "roster_add"]), {"deputy": "x1"})
    assert not_an_id.status_code == 400  # a refusal, not a database error
    duties = world.client("deputy").get(reverse("stations:my_duties"))
    assert duties.status_code == 200 and duties.context["page"].paginator.count >= 1


def test_the_activity_offers_what_its_state_and_the_user_allow(station):
    officer = build_scope(station.officer)
    reader = build_scope(UserFactory(grants=[(Role.LEADER, {"region": station.town})]))
    today = ActivityFactory(station=station)
    future = ActivityFactory(station=station, date=timezone.localdate() + datetime.timedelta(days=3))
    assert [a.action for a in ACTIVITY.available(today, officer)] == ["record", "cancel"]
    assert [a.action for a in ACTIVITY.available(future, officer)] == ["cancel"]  # recorded on or after its day
    assert ACTIVITY.available(today, reader) == []
    SignIn.objects.create(activity=today, deputy=DeputyFactory(), method=SignIn.Method.OFFICER)
    assert [a.action for a in ACTIVITY.available(today, officer)] == ["record"]  # somebody came: no cancelling
    held = services.activity_record(actor=station.officer, scope=officer, activity=today, voters_received=4)
    assert [a.action for a in ACTIVITY.available(held, officer)] == ["record"] and not ACTIVITY.in_group(held, "roster_open")
    page = Client()
    page.force_login(station.officer)
    html = page.get(reverse("stations:activity_detail", args=[future.pk])).content.decode()
    assert 'data-testid="action-cancel"' in html and 'data-testid="action-record"' not in html
