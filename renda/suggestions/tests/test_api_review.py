"""The suggestions API's review and draft writes (issue #15): accept, refuse, merge, assign, reassign, extend,
publish, make key (the leaders by person id), progress, the draft and the follow-up answer — each through the same
service as the page, answering the suggestion as the caller now sees it, safe to retry, with its error answers."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from renda.core.models import AuditEvent
from renda.org.tests.factories import PersonFactory
from renda.suggestions.models import KeySuggestion, State
from renda.suggestions.tests.factories import SuggestionCast

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cast():
    return SuggestionCast()


def test_the_draft_is_edited_and_submitted(cast):
    deputy = client_of(cast.deputy)
    created = deputy.post(
        "/api/suggestions/", {"title": "草稿", "text": "关于村道。" * 5, "category": "城乡建设", "submit": "false"}
    )
    assert created.status_code == 200, created.content
    pk = created.json()["id"]
    body = {"title": "关于维修村道的建议", "text": "村道破损。" * 5, "category": "城乡建设"}
    r = deputy.post(f"/api/suggestions/{pk}/draft", body)
    assert r.status_code == 200 and r.json()["title"] == "关于维修村道的建议" and r.json()["state"] == State.DRAFT
    r = deputy.post(f"/api/suggestions/{pk}/draft", {**body, "submit": "true"})
    assert r.status_code == 200 and r.json()["state"] == State.SUBMITTED
    assert deputy.post(f"/api/suggestions/{pk}/draft", {**body, "submit": "true"}).status_code == 200  # a retry
    assert deputy.post(f"/api/suggestions/{pk}/draft", body).status_code == 409  # no longer a draft
    assert deputy.post(f"/api/suggestions/{pk}/submit").status_code == 200
    assert client_of(cast.users["office"]).post(f"/api/suggestions/{pk}/draft", body).status_code == 403
    assert client_of(cast.users["edu_clerk"]).post(f"/api/suggestions/{pk}/draft", body).status_code == 404


def test_review_from_acceptance_to_a_key_suggestion(cast):
    office = client_of(cast.users["office"])
    s = cast.submit()
    base = f"/api/suggestions/{s.pk}/review"
    for _ in range(2):  # a retry changes nothing
        r = office.post(f"{base}/accept")
        assert r.status_code == 200 and r.json()["state"] == State.ACCEPTED
    assert AuditEvent.objects.filter(action__startswith="suggestion.accept", object_id=str(s.pk)).count() <= 1

    assign = {"lead_unit_id": cast.edu.pk, "co_unit_ids": [cast.water.pk]}
    for _ in range(2):
        r = office.post(f"{base}/assign", assign)
        assert r.status_code == 200, r.content
        assert r.json()["state"] == State.ASSIGNED and r.json()["lead_unit"] == cast.edu.name
    assert office.post(f"{base}/assign", {"lead_unit_id": 999_999_999}).status_code == 422
    assert office.post(f"{base}/accept").status_code == 409  # assigned: acceptance is behind it

    assert office.post(f"{base}/reassign", {"lead_unit_id": cast.police.pk}).status_code == 422  # no reason
    r = office.post(f"{base}/reassign", {"lead_unit_id": cast.police.pk, "reason": "职责调整"})
    assert r.status_code == 200 and r.json()["lead_unit"] == cast.police.name
    assert office.post(f"{base}/extend", {"consent": ""}).status_code == 422
    r = office.post(f"{base}/extend", {"consent": "代表本人电话同意延期"})
    assert r.status_code == 200

    leader, supervisor = PersonFactory.create(name="李副区长"), PersonFactory.create(name="张主任")
    key = {"decision": "主任会议决定", "decided_on": "2017-06-20", "lead_leader_person_id": leader.pk,
           "lead_leader_title": "副区长", "plan": "每季度督办一次", "supervisor_person_id": supervisor.pk}  # fmt: skip
    for _ in range(2):
        r = office.post(f"{base}/key", key)
        assert r.status_code == 200, r.content
        assert r.json()["is_key"] is True
    designated = KeySuggestion.objects.get(suggestion=s)
    assert designated.lead_leader_id == leader.pk and designated.supervisor_id == supervisor.pk
    assert office.post(f"{base}/key", {**key, "lead_leader_person_id": 999_999_999}).status_code == 422

    progress = {"on": "2017-07-01", "text": "已完成勘察。"}
    assert office.post(f"/api/suggestions/{s.pk}/key/progress", progress).status_code == 200
    assert office.post(f"/api/suggestions/{s.pk}/key/progress", progress).status_code == 200
    assert designated.progress.count() == 1

    assert office.post(f"{base}/publish").status_code == 409  # not answered yet


def test_refuse_and_merge(cast):
    office = client_of(cast.users["office"])
    first, second, third = cast.submit(token="a"), cast.submit(token="b"), cast.submit(token="c")
    assert office.post(f"/api/suggestions/{first.pk}/review/refuse", {"reason": ""}).status_code == 422
    for _ in range(2):
        r = office.post(f"/api/suggestions/{first.pk}/review/refuse", {"reason": "属于地方立法事项"})
        assert r.status_code == 200 and r.json()["state"] == State.NOT_ACCEPTED
    for _ in range(2):
        r = office.post(f"/api/suggestions/{second.pk}/review/merge", {"target_id": third.pk})
        assert r.status_code == 200 and r.json()["state"] == State.MERGED
    assert office.post(f"/api/suggestions/{third.pk}/review/merge", {"target_id": 999_999_999}).status_code == 404
    assert office.post(f"/api/suggestions/{third.pk}/review/merge", {"target_id": third.pk}).status_code == 422
    assert client_of(cast.deputy).post(f"/api/suggestions/{third.pk}/review/accept").status_code == 403
    assert client_of(cast.users["edu_clerk"]).post(f"/api/suggestions/{third.pk}/review/accept").status_code == 404


def test_publish_and_the_follow_up(cast):
    office = client_of(cast.users["office"])
    s = cast.assign(cast.submit())
    cast.answer(s, outcome="B", follow_up_on=datetime.date(2017, 12, 1))  # listed for solving: a follow-up is due
    s.refresh_from_db()
    for _ in range(2):
        r = office.post(f"/api/suggestions/{s.pk}/review/publish")
        assert r.status_code == 200 and r.json()["is_public"] is True
    clerk = client_of(cast.users["edu_clerk"])
    r = clerk.post(f"/api/suggestions/{s.pk}/unit/follow-up", {"text": "问题已经解决，村道已修复。"})
    assert r.status_code in (200, 409), r.content
    assert client_of(cast.users["water_clerk"]).post(f"/api/suggestions/{s.pk}/unit/follow-up", {"text": "x"}).status_code in (
        403,
        404,
        422,
    )
