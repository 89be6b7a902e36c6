"""The projects API's page twins (issue #15): progress reports and results of a project, the Excel import, a cycle
opened and moved, a proposal — the same services and scope as the pages, safe to retry, with their error answers."""

from __future__ import annotations

import io
import json

import pytest

from renda.projects.models import Cycle, ProgressReport

from .matrix import prepare


@pytest.fixture
def w(world):
    prepare(world)
    return world


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_progress_reports_and_results(w):
    clerk = w.client("edu_clerk")
    base = f"/api/projects/projects/{w.edu_project.pk}"
    report = {"text": "主体工程完工。", "on": "2017-09-01", "token": "api-report-1"}
    for _ in range(2):  # the same token records the report once
        r = clerk.post(f"{base}/reports", report)
        assert r.status_code == 200, r.content
    assert ProgressReport.objects.filter(token="api-report-1").count() == 1
    assert "主体工程完工。" in [x["text"] for x in r.json()["reports"]]
    assert clerk.post(f"{base}/reports", {"text": "未来", "on": "2999-01-01"}).status_code == 422
    assert clerk.post(f"{base}/reports", {"text": "x", "node_id": 999_999_999}).status_code == 422
    assert clerk.post(f"{base}/reports", {"text": "x", "status": "nonsense"}).status_code == 422

    r = post(clerk, f"{base}/results", {"kind": "milestone", "code": "API1", "title": "验收"})
    assert r.status_code == 200, r.content
    assert "API1" in [n["code"] for n in r.json()["nodes"]]
    assert (
        post(
            clerk, f"/api/projects/projects/{w.wjj_project.pk}/results", {"kind": "milestone", "code": "X", "title": "x"}
        ).status_code
        == 404
    )
    assert post(w.client("leader"), f"{base}/results", {"kind": "milestone", "code": "L", "title": "x"}).status_code == 403


def test_the_progress_import_refuses_a_bad_file(w):
    bad = io.BytesIO(b"not a workbook")
    bad.name = "p.xlsx"
    assert w.client("office").post("/api/projects/progress/import", {"file": bad}).status_code == 422
    assert w.client("leader").post("/api/projects/progress/import", {"file": io.BytesIO(b"x")}).status_code == 403


def test_a_cycle_is_opened_once_a_year(w):
    office = w.client("office")
    body = {"congress_id": w.district_cycle.congress_id, "year": 2031, "places": 10}
    r = post(office, "/api/projects/cycles", body)
    assert r.status_code == 200, r.content
    cycle = r.json()
    assert cycle["year"] == 2031 and cycle["actions"]
    assert post(office, "/api/projects/cycles", body).json()["id"] == cycle["id"]  # a retry answers the same cycle
    assert post(office, "/api/projects/cycles", {**body, "places": 12}).status_code == 422  # the year is taken
    assert post(office, "/api/projects/cycles", {**body, "places": 0}).status_code == 422
    assert post(w.client("leader"), "/api/projects/cycles", {**body, "year": 2032}).status_code == 403
    assert Cycle.objects.filter(year=2031).count() == 1

    r = post(office, f"/api/projects/cycles/{w.district_cycle.pk}/actions", {"action": "close_proposals"})
    assert r.status_code == 409
    assert post(office, f"/api/projects/cycles/{w.district_cycle.pk}/actions", {"action": "explode"}).status_code == 422
    assert post(office, f"/api/projects/ballots/{w.district_ballot.pk}/actions", {"action": "open"}).status_code == 409
