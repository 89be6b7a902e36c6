"""The ledgers as API batches: the same rows by their English names, the same checks as the Excel import; a
preview answers every bad row, a refused commit answers 409 and changes nothing, a commit answers the import."""

from __future__ import annotations

import json

import pytest

from renda.ledgers.models import Batch, Entry
from renda.opinions.models import Opinion
from renda.stations.models import Activity, SignIn

from .district import build_district, half_year_ledgers

pytestmark = pytest.mark.django_db

KINDS = {"接待日": "reception", "主题活动": "themed", "专委会进站": "committee"}
HANDLINGS = {
    "当场答复": "answer_on_spot",
    "交办单位": "route",
    "重要情况上报": "report",
    "不属于受理范围": "out_of_remit",
    "待处理": "pending",
}


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def activity_rows(rows):
    out = []
    for r in rows:
        row = {k: v for k, v in r.items() if v != ""}
        row |= {"kind": KINDS[r["kind"]], "voters_received": int(r["voters_received"]), "deputies": r["deputies"].split("、")}
        row["roster"] = r["roster"].split("、")
        out.append(row)
    return out


def opinion_rows(rows):
    out = []
    for r in rows:
        row = {k: v for k, v in r.items() if v != ""}
        row["handling"] = HANDLINGS[r["handling"]]
        if "solved" in row:
            row["solved"] = row["solved"] == "是"
        for key in ("registered_at", "routed_at", "returned_at", "rerouted_at", "answered_at", "told_at", "feedback_at"):
            if key in row:
                row[key] = row[key].replace(" ", "T")
        out.append(row)
    return out


def test_a_batch_is_previewed_then_committed_and_a_bad_one_is_refused_whole(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    client.force_login(d.office)
    activities = activity_rows(ledgers.activities)
    preview = post(client, "/api/ledgers/activities", {"rows": activities, "file_name": "api.json"})
    assert preview.status_code == 200 and preview.json()["created"] == len(activities) and not preview.json()["committed"]
    assert not Activity.objects.filter(station__in=d.stations).exists()
    done = post(client, "/api/ledgers/activities", {"rows": activities, "commit": True})
    assert done.status_code == 200 and done.json()["committed"], done.json()
    assert SignIn.objects.filter(activity__station__in=d.stations).count() == sum(len(a["deputies"]) for a in activities)

    opinions = opinion_rows(ledgers.opinions)
    bad = [*opinions[:3], dict(opinions[3], answered_at="2019-01-01T00:00", handling="answer_on_spot", answer="好")]
    refused = post(client, "/api/ledgers/opinions", {"rows": bad, "commit": True})
    assert refused.status_code == 409 and [e["row"] for e in refused.json()["errors"]] == [4]
    assert not Opinion.objects.filter(station__in=d.stations).exists()
    done = post(client, "/api/ledgers/opinions", {"rows": opinions, "commit": True})
    assert done.status_code == 200, done.json()["errors"][:3]
    assert Opinion.objects.filter(station__in=d.stations).count() == len(opinions)
    again = post(client, "/api/ledgers/opinions", {"rows": opinions, "commit": True})
    assert again.json()["unchanged"] == len(opinions) and again.json()["created"] == 0
    assert Entry.objects.count() == len(activities) + len(opinions) and Batch.objects.count() == 3
    listed = client.get("/api/ledgers/imports").json()
    assert {b["kind"] for b in listed} >= {"activities", "opinions"}


def test_out_of_range_values_are_refused_before_anything_runs(client):
    d = build_district()
    client.force_login(d.office)
    row = {"key": "X", "station": d.stations[0].name, "kind": "themed", "topic": "t", "date": "99999-01-01",
           "start_time": "09:00", "voters_received": 10**12}  # fmt: skip
    assert post(client, "/api/ledgers/activities", {"rows": [row]}).status_code in (400, 422)
