"""The stations API writes (issue #15): the same services, scope and audit as the pages; each answers the state the
caller may still see, each declared error answer is given, and a retry changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from renda.core.models import AuditEvent

from ..models import Activity, DutyAssignment, SignIn, Station, StationRules


@pytest.fixture
def wjj(world):
    return Station.objects.get(kind=Station.Kind.STATION, town=world.wjj)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_station_writes_answer_the_station_and_repeat_safely(world, wjj):
    staff = world.client("wjj_staff")
    url = f"/api/stations/{wjj.pk}"
    r = post(staff, url, {"address": "王江泾镇人大办", "activity_plan": "每月15日接待选民。"})
    assert r.status_code == 200, r.content
    assert r.json()["address"] == "王江泾镇人大办" and r.json()["can_manage"] is True
    events = AuditEvent.objects.filter(action="station.update").count()
    assert post(staff, url, {"address": "王江泾镇人大办", "activity_plan": "每月15日接待选民。"}).status_code == 200
    assert AuditEvent.objects.filter(action="station.update").count() == events

    r = post(staff, f"{url}/rules", {"text": "联络站开放制度：每月15日。"})
    assert r.status_code == 200 and r.json()["rules"] == "联络站开放制度：每月15日。"
    versions = StationRules.objects.filter(station=wjj).count()
    assert post(staff, f"{url}/rules", {"text": "联络站开放制度：每月15日。"}).json()["rules_version"] == versions
    assert post(staff, f"{url}/rules", {"text": "  "}).status_code == 422

    r = post(staff, f"{url}/schedule", {"day_of_month": 10, "start_time": "09:00", "end_time": "11:30"})
    assert r.status_code == 200 and r.json()["schedule"]["day_of_month"] == 10
    assert post(staff, f"{url}/schedule", {"day_of_month": 10, "start_time": "11:00", "end_time": "09:00"}).status_code == 422
    assert post(staff, f"{url}/schedule", {"day_of_month": 29, "start_time": "09:00", "end_time": "10:00"}).status_code == 422

    body = {"first_month": "2031-01-01", "months": 3}
    r = post(staff, f"{url}/reception-days", body)
    assert r.status_code == 200 and len(r.json()["created"]) == 3
    assert post(staff, f"{url}/reception-days", body).json()["created"] == []  # a retry adds nothing


def test_station_writes_refuse_outside_scope_and_roles(world, wjj):
    body = {"address": "x", "activity_plan": ""}
    assert post(world.client("leader"), f"/api/stations/{wjj.pk}", body).status_code == 403  # sees it, may not write
    xc = Station.objects.get(kind=Station.Kind.STATION, town=world.xc)
    assert post(world.client("wjj_staff"), f"/api/stations/{xc.pk}", body).status_code == 404
    assert post(world.client("wjj_staff"), "/api/stations/999999999", body).status_code == 404
    assert post(world.client("wjj_staff"), f"/api/stations/{wjj.pk}", {"address": "x" * 201}).status_code == 422


def test_an_activity_from_plan_to_record(world, wjj):
    staff = world.client("wjj_staff")
    today = timezone.localdate()
    body = {"kind": "reception", "topic": "API接待日", "date": today.isoformat(), "start_time": "09:00", "end_time": "11:00"}
    r = post(staff, f"/api/stations/{wjj.pk}/activities", body)
    assert r.status_code == 200, r.content
    activity = r.json()
    assert activity["start_time"] == "09:00:00" and {a["action"] for a in activity["actions"]} >= {"record", "cancel"}
    assert post(staff, f"/api/stations/{wjj.pk}/activities", body).json()["id"] == activity["id"]  # retried
    assert post(staff, f"/api/stations/{wjj.pk}/activities", {**body, "kind": "nonsense"}).status_code == 422
    base = f"/api/stations/activities/{activity['id']}"

    deputy = wjj.deputies.filter(status="serving").first()
    for _ in range(2):  # a retry keeps one duty
        r = post(staff, f"{base}/roster", {"deputy_id": deputy.pk})
        assert r.status_code == 200 and [d["deputy_id"] for d in r.json()["roster"]] == [deputy.pk]
    assert DutyAssignment.objects.filter(activity_id=activity["id"]).count() == 1
    assert post(staff, f"{base}/roster", {"deputy_id": world.xc_district_deputy.pk}).status_code == 422
    assert post(staff, f"{base}/roster/remove", {"deputy_id": deputy.pk}).json()["roster"] == []
    assert post(staff, f"{base}/roster", {"deputy_id": deputy.pk}).status_code == 200

    for _ in range(2):
        r = post(staff, f"{base}/check-ins", {"deputy_id": deputy.pk})
        assert r.status_code == 200 and len(r.json()["signins"]) == 1
    assert post(staff, f"{base}/cancel", {"reason": "下雨"}).status_code == 409  # somebody signed in

    record = {"voters_received": 12, "discussion": "道路积水。"}
    r = post(staff, f"{base}/record", record)
    assert r.status_code == 200 and r.json()["status"] == Activity.Status.HELD
    events = AuditEvent.objects.filter(action="activity.record").count()
    assert post(staff, f"{base}/record", record).status_code == 200
    assert AuditEvent.objects.filter(action="activity.record").count() == events
    assert post(staff, f"{base}/roster", {"deputy_id": deputy.pk}).status_code == 409  # held: the roster is closed
    assert post(staff, f"{base}/record", {"voters_received": -1}).status_code == 422
    assert post(world.client("leader"), f"{base}/record", record).status_code == 403
    assert post(world.client("edu_clerk"), f"{base}/record", record).status_code in (403, 404)


def test_cancel_and_the_future(world, wjj):
    staff = world.client("wjj_staff")
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    activity = post(staff, f"/api/stations/{wjj.pk}/activities", {"kind": "reception", "topic": "将来", "date": later}).json()
    base = f"/api/stations/activities/{activity['id']}"
    assert post(staff, f"{base}/record", {"voters_received": 1}).status_code == 409  # before its day
    deputy = wjj.deputies.filter(status="serving").first()
    assert post(staff, f"{base}/check-ins", {"deputy_id": deputy.pk}).status_code == 422  # sign-in opens on the day
    assert post(staff, f"{base}/cancel", {"reason": ""}).status_code == 422
    for _ in range(2):
        r = post(staff, f"{base}/cancel", {"reason": "改期"})
        assert r.status_code == 200 and r.json()["status"] == Activity.Status.CANCELLED
    assert post(staff, f"{base}/record", {"voters_received": 1}).status_code == 409


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "p.png"
    return buffer


def test_photo_upload_checks_the_image(world, wjj):
    staff = world.client("wjj_staff")
    activity = Activity.objects.filter(station=wjj).exclude(status=Activity.Status.CANCELLED).first()
    url = f"/api/stations/activities/{activity.pk}/photos"
    r = staff.post(url, {"image": _png(), "caption": "现场"})
    assert r.status_code == 200, r.content
    assert r.json()["photos"] == activity.photos.count()
    bad = io.BytesIO(b"not an image")
    bad.name = "x.png"
    assert staff.post(url, {"image": bad}).status_code == 422


def test_the_deputy_signs_in_by_the_code(world, wjj):
    staff = world.client("wjj_staff")
    today = timezone.localdate().isoformat()
    activity = post(staff, f"/api/stations/{wjj.pk}/activities", {"kind": "reception", "topic": "扫码", "date": today}).json()
    token = Activity.objects.get(pk=activity["id"]).checkin_token
    deputy = world.client("deputy")
    for _ in range(2):
        r = post(deputy, f"/api/stations/sign-in/{token}")
        assert r.status_code == 200, r.content
    assert SignIn.objects.filter(activity_id=activity["id"]).count() == 1
    assert post(deputy, "/api/stations/sign-in/unknown").status_code == 404
    assert post(world.client("wjj_staff"), f"/api/stations/sign-in/{token}").status_code == 403
