"""A unit that returns an opinion through the API no longer sees it: the answer (and a retry's) is 200 with what
the unit may still know — the opinion as it was shown to the unit, back with the station — never 404 (issue #15)."""

from __future__ import annotations

import json

from ..models import Opinion, Status, Step


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_units_return_answers_200_with_what_it_may_still_know(named):
    w = named
    clerk = w.client("edu_clerk")
    url = f"/api/opinions/{w.op_wjj.pk}/actions"
    assert clerk.get(f"/api/opinions/{w.op_wjj.pk}").status_code == 200  # routed to the education bureau
    returned = post(clerk, url, {"action": "unit_return", "reason": "不属于本单位职责。"})
    assert returned.status_code == 200, returned.content
    body = returned.json()
    assert body["id"] == w.op_wjj.pk and body["status"] == Status.REGISTERED
    assert body["unit"] is None and body["deadline"] is None and body["text"] == w.op_wjj.text
    assert clerk.get(f"/api/opinions/{w.op_wjj.pk}").status_code == 404  # no longer the unit's to see
    again = post(clerk, url, {"action": "unit_return", "reason": "不属于本单位职责。"})
    assert again.status_code == 200 and again.json() == body  # a retry confirms, and changes nothing
    assert Step.objects.filter(opinion=w.op_wjj, action="unit_return").count() == 1
    # The station routes it on to another unit: the returning unit still learns nothing of what followed.
    staff = w.client("wjj_staff")
    assert post(staff, url, {"action": "route", "unit_id": w.other_district_unit.pk}).status_code == 200
    later = post(clerk, url, {"action": "unit_return", "reason": "不属于本单位职责。"})
    assert later.status_code == 200 and later.json()["unit"] is None and later.json()["status"] == Status.REGISTERED


def test_a_unit_that_never_had_it_still_gets_404(named):
    w = named
    url = f"/api/opinions/{w.op_wjj_room.pk}/actions"  # registered at the room, never routed to a unit
    assert post(w.client("edu_clerk"), url, {"action": "unit_return", "reason": "x"}).status_code == 404
    assert Opinion.objects.get(pk=w.op_wjj_room.pk).status == Status.REGISTERED
