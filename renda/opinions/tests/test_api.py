"""The opinions API with JSON bodies: the voter's submit and tracking, staff actions, the unit inbox."""

from __future__ import annotations

import json
import re

from renda.core import notify

from ..models import Opinion, Status


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_voter_submits_and_tracks_through_the_api(named, django_capture_on_commit_callbacks):
    w = named
    client = w.client(None)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "/api/opinions/code", {"phone": "13711112222"}).status_code == 200
    code = re.search(r"\d{6}", notify.outbox[-1][1]).group()
    body = {
        "phone": "13711112222",
        "code": code,
        "region_id": w.wjj_room.region_id,
        "category": "教育",
        "text": "学校食堂卫生需要加强监管。",
        "client_token": "api-1",
    }
    first = post(client, "/api/opinions/submit", body)
    assert first.status_code == 200, first.content
    again = post(client, "/api/opinions/submit", body)
    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    tracked = post(client, "/api/opinions/track", {"code": first.json()["tracking_code"]})
    assert tracked.status_code == 200 and tracked.json()["status"] == Status.REGISTERED
    assert "13711112222" not in tracked.content.decode()
    assert post(client, "/api/opinions/track", {"code": "ZZZZZZZZZZ"}).status_code == 404
    bad = post(client, "/api/opinions/submit", {**body, "client_token": "api-2", "code": "000000", "text": "另一条"})
    assert bad.status_code == 422


def test_staff_actions_and_the_inbox_through_the_api(named):
    w = named
    officer = w.client("wjj_liaison")
    routed = post(officer, f"/api/opinions/{w.op_wjj_room.pk}/actions", {"action": "route", "unit_id": w.edu_unit.pk})
    assert routed.status_code == 404  # another officer's room
    staff = w.client("wjj_staff")
    routed = post(staff, f"/api/opinions/{w.op_wjj_room.pk}/actions", {"action": "route", "unit_id": w.edu_unit.pk})
    assert (
        routed.status_code == 200 and routed.json()["status"] == Status.ROUTED and routed.json()["phone_masked"] == "139****1111"
    )
    clerk = w.client("edu_clerk")
    inbox = clerk.get("/api/opinions/inbox").json()
    assert w.op_wjj_room.pk in {i["id"] for i in inbox["items"]}
    answered = post(clerk, f"/api/opinions/{w.op_wjj_room.pk}/actions", {"action": "unit_answer", "answer": "已安排。"})
    assert answered.status_code == 200 and answered.json()["status"] == Status.TOLD
    illegal = post(staff, f"/api/opinions/{w.op_wjj_room.pk}/actions", {"action": "route", "unit_id": w.edu_unit.pk})
    assert illegal.status_code == 422 and illegal.json()["detail"]
    assert Opinion.objects.get(pk=w.op_wjj_room.pk).status == Status.TOLD
    figures = w.client("office").get("/api/opinions/figures").json()
    assert figures["total"]["deputy_visits"] == 225 and figures["stations_by_kind"]["room"] == 41


def test_the_detail_says_what_the_caller_may_do_now(named):
    w = named
    room = w.client("wjj_staff").get(f"/api/opinions/{w.op_wjj_room.pk}").json()
    assert [a["action"] for a in room["actions"]] == ["answer_on_spot", "route", "report", "merge", "out_of_remit"]
    assert room["actions"][1]["target"] == Status.ROUTED and room["actions"][1]["label"]
    routed = w.client("edu_clerk").get(f"/api/opinions/{w.op_wjj.pk}").json()
    assert [a["action"] for a in routed["actions"]] == ["unit_answer", "unit_return"]
    assert w.client("wjj_liaison").get(f"/api/opinions/{w.op_wjj.pk}").json()["actions"] == []  # with the unit now
    assert w.client("leader").get(f"/api/opinions/{w.op_wjj.pk}").json()["actions"] == []  # reads, may not handle
