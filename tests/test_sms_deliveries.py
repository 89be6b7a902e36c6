"""Every notice that sends an SMS writes a delivery record (issue #15): the opinions' one-time code, the voter's
opinion received, the voter told of the answer, the voter asked whether it was solved, a suggestion's answer to its
deputies. The records on the staff page and through the API, for the
administrator and the district office, with phones and codes masked; the list's query count is constant."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.core import notify
from renda.core.models import SmsDelivery
from renda.opinions.tests.matrix import prepare as prepare_opinions
from renda.suggestions.tests.factories import SuggestionCast

pytestmark = pytest.mark.django_db
S = SmsDelivery.State


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_opinions_code_writes_a_delivery_record(world, django_capture_on_commit_callbacks):
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(world.client(None), "/api/opinions/code", {"phone": "13711113333"}).status_code == 200
    row = SmsDelivery.objects.get(phone="13711113333")
    (phone, text), = notify.outbox
    code = next(word for word in text.replace("，", " ").split() if word.isdigit() and len(word) == 6)
    assert row.kind == "core.code" and row.state == S.SENT and row.attempts == 1 and row.provider_id.startswith("memory-")
    assert code not in row.text and code not in json.dumps(row.params)  # the code itself is never kept


def test_the_voters_answer_writes_a_delivery_record(world, django_capture_on_commit_callbacks):
    prepare_opinions(world)
    with django_capture_on_commit_callbacks(execute=True):
        answered = post(world.client("edu_clerk"), f"/api/opinions/{world.op_wjj.pk}/actions", {"action": "unit_answer", "answer": "已安排护学岗。"})
    assert answered.status_code == 200
    row = SmsDelivery.objects.get(ref=f"opinions.opinion:{world.op_wjj.pk}")
    assert row.kind == "opinions.answered" and row.phone == world.op_wjj.phone and row.state == S.SENT
    assert row.region_id == world.op_wjj.region_id and "MATRIXWJJ1" in row.text and "已有答复" in row.text


def test_a_suggestion_notice_writes_a_delivery_record_per_deputy(django_capture_on_commit_callbacks):
    cast = SuggestionCast()
    s = cast.submit(cosigners=[cast.cosigner])
    from renda.suggestions import services

    services.cosign_respond(actor=cast.users["deputy_s1"], scope=cast.scope("deputy_s1"), suggestion=s, confirm=True)
    s = type(s).objects.get(pk=s.pk)
    s = cast.assign(s)
    with django_capture_on_commit_callbacks(execute=True):
        cast.answer(s)
    rows = SmsDelivery.objects.filter(ref=f"suggestions.suggestion:{s.pk}", kind="suggestions.answered")
    assert {r.phone for r in rows} == {cast.own.person.phone, cast.cosigner.person.phone}
    assert {r.state for r in rows} == {S.SENT} and all(s.number in r.text and r.region_id == s.region_id for r in rows)


def test_a_voters_online_opinion_writes_a_received_record(world, django_capture_on_commit_callbacks):
    from renda.opinions.models import Opinion
    from renda.opinions.tests.matrix import MATRIX_PHONE, submit_body

    prepare_opinions(world)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(world.client(None), "/api/opinions/submit", submit_body(world))
    assert answer.status_code == 200, answer.content
    opinion = Opinion.objects.get(tracking_code=answer.json()["tracking_code"])
    row = SmsDelivery.objects.get(ref=f"opinions.opinion:{opinion.pk}", kind="opinions.received")
    assert row.phone == MATRIX_PHONE and row.state == S.SENT and opinion.tracking_code in row.text


def test_the_solved_question_writes_a_record_per_voter_asked(world, django_capture_on_commit_callbacks):
    import datetime

    from renda.opinions import jobs
    from renda.opinions.models import Opinion, Status

    prepare_opinions(world)
    long_ago = timezone.now() - datetime.timedelta(days=365)
    Opinion.objects.filter(pk=world.op_wjj.pk).update(status=Status.TOLD, solved=None, asked_at=None, answered_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        asked = jobs.solved_question()
    assert asked >= 1
    rows = SmsDelivery.objects.filter(kind="opinions.solved_question")
    assert rows.count() == asked  # one delivery record for each voter asked
    row = rows.get(ref=f"opinions.opinion:{world.op_wjj.pk}")
    assert row.phone == world.op_wjj.phone and row.state == S.SENT


def _deliveries(n: int, region_id) -> None:
    SmsDelivery.objects.bulk_create(
        SmsDelivery(kind="opinions.received", phone=f"139057{i:05d}", text=f"您的意见已收到，查询码：X{i}", backend="memory",
                    region_id=region_id, state=S.FAILED if i % 3 == 0 else S.QUEUED, failed_at=timezone.now() if i % 3 == 0 else None,
                    error_code="isv.MOBILE_NUMBER_ILLEGAL" if i % 3 == 0 else "")
        for i in range(n)
    )  # fmt: skip


def test_the_staff_page_lists_the_records_with_phones_masked_in_constant_queries(world):
    _deliveries(3, world.wjj.pk)
    office = world.client("office")
    url = reverse("org:sms_delivery_list")
    with CaptureQueriesContext(connection) as few:
        page = office.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "139****0001" in html and "13905700001" not in html and "isv.MOBILE_NUMBER_ILLEGAL" in html
    _deliveries(40, world.wjj.pk)
    with CaptureQueriesContext(connection) as many:
        assert office.get(url).status_code == 200
    assert len(many) == len(few)
    failed = office.get(url + "?state=failed").content.decode()
    assert "isv.MOBILE_NUMBER_ILLEGAL" in failed and "139****0001" not in failed
    assert world.client("wjj_staff").get(url).status_code == 403 and world.client("edu_clerk").get(url).status_code == 403


def test_the_api_reads_the_records(world):
    _deliveries(5, world.wjj.pk)
    office = world.client("office")
    body = office.get("/api/sms/deliveries?state=failed").json()
    assert body["count"] == 2 and body["counts"]["failed"] == 2 and all(i["state"] == S.FAILED for i in body["items"])
    assert all(i["phone_masked"].startswith("139****") for i in body["items"])
    one = office.get(f"/api/sms/deliveries/{body['items'][0]['id']}").json()
    assert one["error_code"] == "isv.MOBILE_NUMBER_ILLEGAL" and one["actions"] == []
    assert world.client("deputy").get("/api/sms/deliveries").status_code == 403


def test_sms_templates_command_prints_each_kind_for_the_consoles():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("sms_templates", "--provider", "tencent", stdout=out)
    text = out.getvalue()
    assert "opinions.received" in text and "suggestions.answered" in text and "{1}" in text and "(not configured)" in text
