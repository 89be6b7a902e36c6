"""The opinions API's page twins (issue #15): registering at a station with the voter's files, revealing the voter's
contact (audited), the voter's feedback by the tracking code — the same services, scope and audit as the pages."""

from __future__ import annotations

import io
import json

from PIL import Image

from renda.core.models import AuditEvent

from ..models import Opinion, Status
from .matrix import _village


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "现场.png"
    return buffer


def test_registering_at_a_station_with_files(named):
    w = named
    officer = w.client("wjj_liaison")
    url = f"/api/opinions/stations/{w.wjj_station_obj.pk}/register"
    body = {"region_id": _village(w), "category": "教育", "text": "学校门口交通拥堵。", "client_token": "api-reg"}
    r = officer.post(url, {**body, "phone": "13700001234", "attachments": _png()})
    assert r.status_code == 200, r.content
    first = r.json()
    assert first["status"] == Status.REGISTERED and len(first["attachments"]) == 1 and "13700001234" not in r.content.decode()
    assert officer.post(url, body).json()["id"] == first["id"]  # the same client token: the same opinion
    assert Opinion.objects.filter(client_token="api-reg").count() == 1
    assert officer.post(url, {**body, "client_token": "x", "category": "不存在"}).status_code == 422
    assert officer.post(url, {**body, "client_token": "y", "region_id": w.xc.pk}).status_code == 422
    bad = io.BytesIO(b"MZ not a picture")
    bad.name = "a.png"
    assert officer.post(url, {**body, "client_token": "z", "attachments": bad}).status_code == 422
    assert not Opinion.objects.filter(client_token="z").exists()
    assert w.client("leader").post(url, body).status_code == 403
    assert w.client("wjj_liaison").post(f"/api/opinions/stations/{w.xc_station_obj.pk}/register", body).status_code == 404


def test_revealing_the_contact_is_audited(named):
    w = named
    r = w.client("wjj_staff").post(f"/api/opinions/{w.op_wjj.pk}/contact")
    assert r.status_code == 200 and r.json() == {"contact_name": "张三", "phone": "13900001111"}
    assert AuditEvent.objects.filter(action="opinion.contact_view", object_id=str(w.op_wjj.pk)).exists()
    assert w.client("leader").post(f"/api/opinions/{w.op_wjj.pk}/contact").status_code == 403  # reads only
    assert w.client("wjj_staff").post(f"/api/opinions/{w.op_xc.pk}/contact").status_code == 404


def test_the_voters_feedback_closes_the_opinion_once(named):
    w = named
    client = w.client(None)
    assert post(client, "/api/opinions/track/feedback", {"code": w.op_wjj.tracking_code, "solved": True}).status_code == 422
    clerk = w.client("edu_clerk")  # the unit the opinion is routed to answers it
    assert (
        post(clerk, f"/api/opinions/{w.op_wjj.pk}/actions", {"action": "unit_answer", "answer": "已设置护学岗。"}).status_code
        == 200
    )
    answered = Opinion.objects.get(pk=w.op_wjj.pk)
    body = {"code": answered.tracking_code, "solved": False, "note": "还没有修好"}
    r = post(client, "/api/opinions/track/feedback", body)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == Status.CLOSED and r.json()["solved"] is False
    steps = len(r.json()["steps"])
    again = post(client, "/api/opinions/track/feedback", body)
    assert again.status_code == 200 and len(again.json()["steps"]) == steps  # a retry adds nothing
    assert post(client, "/api/opinions/track/feedback", {"code": "ZZZZZZZZZZ", "solved": True}).status_code == 404
