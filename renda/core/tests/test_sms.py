"""SMS that reaches phones: Tencent Cloud and Alibaba Cloud through their SDKs, against a fake provider on loopback
that speaks each one's HTTP API and checks its signature (fake_sms.py): success, a throttling error then success,
a permanent refusal, the last attempt, wrong keys; the delivery record of each; the queue's retry with backoff."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from renda.core import sms
from renda.core.models import AuditEvent, Rule, SmsDelivery
from renda.core.sms import delivery as delivery_module

from .fake_sms import ALIYUN_ID, ALIYUN_SECRET, TENCENT_APP, TENCENT_ID, TENCENT_KEY, FakeProvider

pytestmark = pytest.mark.django_db
PHONE = "13905730001"
TEMPLATES = {"tencent": {"core.code": "100001"}, "aliyun": {"core.code": "SMS_100001"}}
S = SmsDelivery.State


def use(settings, provider: str, fake: FakeProvider, *, secret: str = "") -> None:
    settings.RENDA_SMS_SIGN_NAME = "秀洲人大"
    settings.RENDA_SMS_TEMPLATES = TEMPLATES[provider]
    settings.RENDA_SMS_RETRY_SECONDS = 60
    settings.RENDA_SMS_TIMEOUT = 5
    if provider == "tencent":
        settings.RENDA_SMS_BACKEND = "renda.core.sms.providers.TencentSmsBackend"
        settings.RENDA_SMS_TENCENT_SECRET_ID, settings.RENDA_SMS_TENCENT_SECRET_KEY = TENCENT_ID, secret or TENCENT_KEY
        settings.RENDA_SMS_TENCENT_APP_ID, settings.RENDA_SMS_TENCENT_ENDPOINT = TENCENT_APP, fake.url
    else:
        settings.RENDA_SMS_BACKEND = "renda.core.sms.providers.AliyunSmsBackend"
        settings.RENDA_SMS_ALIYUN_ACCESS_KEY_ID, settings.RENDA_SMS_ALIYUN_ACCESS_KEY_SECRET = ALIYUN_ID, secret or ALIYUN_SECRET
        settings.RENDA_SMS_ALIYUN_ENDPOINT = fake.url


def send_code(capture, code: str = "274913") -> SmsDelivery:
    with capture(execute=True):
        row = sms.send_sms(PHONE, sms.CODE, {"code": code, "minutes": 10})
    assert row is not None
    return SmsDelivery.objects.get(pk=row.pk)


@pytest.mark.parametrize("provider", ["tencent", "aliyun"])
def test_sent_through_the_providers_api_with_the_template_and_signature(provider, settings, django_capture_on_commit_callbacks):
    with FakeProvider(["ok"]) as fake:
        use(settings, provider, fake)
        row = send_code(django_capture_on_commit_callbacks)
    (seen,) = fake.requests
    assert seen.provider == provider and seen.signature_ok
    if provider == "tencent":
        assert seen.params["PhoneNumberSet"] == ["+8613905730001"] and seen.params["SmsSdkAppId"] == TENCENT_APP
        assert seen.params["SignName"] == "秀洲人大" and seen.params["TemplateId"] == "100001"
        assert seen.params["TemplateParamSet"] == ["274913", "10"]  # by position: {1}, {2}
        assert seen.params["SessionContext"] == str(row.pk) and row.provider_id.startswith("2433:")
    else:
        assert seen.params["PhoneNumbers"] == PHONE and seen.params["SignName"] == "秀洲人大"
        assert seen.params["TemplateCode"] == "SMS_100001" and seen.params["OutId"] == str(row.pk)
        assert json.loads(seen.params["TemplateParam"]) == {"code": "274913", "minutes": "10"}  # by name: ${code}
        assert row.provider_id.endswith("^0")
    assert row.state == S.SENT and row.attempts == 1 and row.sent_at is not None and row.backend == provider
    assert row.sign_name == "秀洲人大" and row.template_id == TEMPLATES[provider]["core.code"]
    # The code is not kept: masked in the text, dropped from the parameters once sent, absent from the audit trail.
    assert "274913" not in row.text and "******" in row.text and "验证码" in row.text
    assert "code" not in row.params and row.params == {"minutes": "10"}
    events = AuditEvent.objects.filter(object_type="core.smsdelivery", object_id=str(row.pk)).order_by("id")
    assert [e.action for e in events] == ["sms.queue", "sms.send"]
    assert "274913" not in json.dumps([e.before for e in events] + [e.after for e in events]) and PHONE not in json.dumps(
        [e.after for e in events]
    )


@pytest.mark.parametrize("provider", ["tencent", "aliyun"])
def test_a_throttling_error_is_tried_again_then_sent(provider, settings, django_capture_on_commit_callbacks):
    with FakeProvider(["throttle", "ok"]) as fake:
        use(settings, provider, fake)
        row = send_code(django_capture_on_commit_callbacks)
    assert [s.outcome for s in fake.requests] == ["throttle", "ok"] and all(s.signature_ok for s in fake.requests)
    assert row.state == S.SENT and row.attempts == 2 and row.provider_id and row.error_code == ""
    actions = list(AuditEvent.objects.filter(object_id=str(row.pk), object_type="core.smsdelivery").values_list("action", flat=True))
    assert sorted(actions) == ["sms.defer", "sms.queue", "sms.send"]


@pytest.mark.parametrize(
    ("provider", "code"), [("tencent", "FailedOperation.TemplateIncorrectOrUnapproved"), ("aliyun", "isv.SMS_TEMPLATE_ILLEGAL")]
)
def test_a_permanent_refusal_fails_at_once(provider, code, settings, django_capture_on_commit_callbacks):
    with FakeProvider(["permanent", "ok"]) as fake:
        use(settings, provider, fake)
        row = send_code(django_capture_on_commit_callbacks)
    assert len(fake.requests) == 1
    assert row.state == S.FAILED and row.attempts == 1 and row.error_code == code and row.error and row.failed_at
    assert row.provider_id == "" and "code" not in row.params  # a failed code is dropped too


@pytest.mark.parametrize(("provider", "code"), [("tencent", "RequestLimitExceeded"), ("aliyun", "Throttling.User")])
def test_the_last_attempt_fails_the_delivery(provider, code, settings, django_capture_on_commit_callbacks):
    settings.RENDA_SMS_MAX_ATTEMPTS = 3
    with FakeProvider(["throttle"] * 5) as fake:
        use(settings, provider, fake)
        settings.RENDA_SMS_MAX_ATTEMPTS = 3
        row = send_code(django_capture_on_commit_callbacks)
    assert len(fake.requests) == 3 and row.state == S.FAILED and row.attempts == 3 and row.error_code == code


@pytest.mark.parametrize(("provider", "code"), [("tencent", "AuthFailure.SignatureFailure"), ("aliyun", "SignatureDoesNotMatch")])
def test_wrong_keys_are_refused_by_the_signature_check(provider, code, settings, django_capture_on_commit_callbacks):
    with FakeProvider(["ok"]) as fake:
        use(settings, provider, fake, secret="not-the-secret")
        row = send_code(django_capture_on_commit_callbacks)
    assert [s.signature_ok for s in fake.requests] == [False]
    assert row.state == S.FAILED and row.error_code == code


def test_a_kind_without_a_template_fails_without_calling_the_provider(settings, django_capture_on_commit_callbacks):
    with FakeProvider(["ok"]) as fake:
        use(settings, "tencent", fake)
        settings.RENDA_SMS_TEMPLATES = {}
        row = send_code(django_capture_on_commit_callbacks)
    assert fake.requests == [] and row.state == S.FAILED and row.error_code == "no_template"


def test_an_unreachable_provider_is_a_network_error_tried_again(settings, django_capture_on_commit_callbacks):
    with FakeProvider() as fake:
        use(settings, "aliyun", fake)
    settings.RENDA_SMS_MAX_ATTEMPTS = 2  # the fake has stopped: nothing listens on its port now
    row = send_code(django_capture_on_commit_callbacks)
    assert row.state == S.FAILED and row.attempts == 2 and row.error_code == "NetworkError"


def test_the_signature_and_templates_are_rules_a_region_can_override(settings, django_capture_on_commit_callbacks):
    with FakeProvider(["ok"]) as fake:
        use(settings, "tencent", fake)
        Rule.objects.create(key="sms.sign_name", region_id=7, value="王江泾镇人大")
        Rule.objects.create(key="sms.templates", region_id=7, value={"core.code": "200002"})
        town = SimpleNamespace(pk=7, path="/1/7/")
        with django_capture_on_commit_callbacks(execute=True):
            row = sms.send_sms(PHONE, sms.CODE, {"code": "111111", "minutes": 5}, region=town)
    assert fake.requests[0].params["SignName"] == "王江泾镇人大" and fake.requests[0].params["TemplateId"] == "200002"
    assert row is not None and SmsDelivery.objects.get(pk=row.pk).region_id == 7


def test_nothing_is_recorded_or_sent_for_a_rolled_back_change(django_capture_on_commit_callbacks):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                sms.send_sms(PHONE, sms.CODE, {"code": "222222", "minutes": 5})
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert not SmsDelivery.objects.filter(phone=PHONE).exists() and sms.outbox == []


def test_the_demo_backend_records_nothing(settings, django_capture_on_commit_callbacks):
    settings.RENDA_SMS_BACKEND = "renda.core.notify.NullSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert sms.send_sms(PHONE, "history") is None
    assert not SmsDelivery.objects.filter(phone=PHONE).exists()


def test_the_memory_backend_keeps_the_text_in_chinese_whatever_the_language(django_capture_on_commit_callbacks):
    from django.utils import translation

    sms.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sms.send_sms(PHONE, sms.CODE, {"code": "333333", "minutes": 5})
    ((phone, text),) = sms.outbox
    assert phone == PHONE and "333333" in text and "验证码" in text and "code" not in text.lower()


def test_the_database_queue_defers_a_retry_by_the_backoff(settings, django_capture_on_commit_callbacks):
    """Production's queue (django-tasks' database backend, run by `manage.py db_worker`): the first attempt is a
    queued task; a throttled attempt queues the next one to run after the backoff, doubling each time."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with FakeProvider(["throttle", "throttle", "ok"]) as fake:
        use(settings, "tencent", fake)
        with django_capture_on_commit_callbacks(execute=True):
            row = sms.send_sms(PHONE, sms.CODE, {"code": "444444", "minutes": 5})
        assert row is not None
        queued = DBTaskResult.objects.filter(task_path__endswith="deliver_sms").order_by("enqueued_at")
        assert [q.args_kwargs["args"] for q in queued] == [[row.pk]] and fake.requests == []
        before = timezone.now()
        assert delivery_module.deliver(row.pk) == "deferred"  # what the worker runs
        retry = queued.order_by("-run_after").first()
        assert retry is not None and retry.run_after >= before + datetime.timedelta(seconds=59)
        assert delivery_module.deliver(row.pk) == "deferred"
        latest = queued.order_by("-run_after").first()
        assert latest is not None and latest.run_after >= before + datetime.timedelta(seconds=119)  # 60 s, then 120 s
        assert delivery_module.deliver(row.pk) == "sent"
        assert delivery_module.deliver(row.pk) == "done"  # a duplicate task changes nothing
    row = SmsDelivery.objects.get(pk=row.pk)
    assert row.state == S.SENT and row.attempts == 3 and len(fake.requests) == 3


def test_the_daily_job_queues_again_what_a_lost_task_left(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    late = SmsDelivery.objects.create(kind="core.text", phone=PHONE, text="x", backend="memory",
                                      next_attempt_at=timezone.now() - datetime.timedelta(hours=1))  # fmt: skip
    SmsDelivery.objects.create(kind="core.text", phone=PHONE, text="y", backend="memory", next_attempt_at=timezone.now())
    assert delivery_module.requeue() == 1
    from django_tasks import task_backends

    assert [r.args for r in task_backends["default"].results] == [[late.pk]]


def test_console_templates_number_the_parameters_as_the_chinese_text_uses_them():
    kind = sms.register("test.order", "%(second)s then %(first)s", ("first", "second"))
    assert kind.order() == ("second", "first") and kind.console_template("tencent") == "{1} then {2}"
    assert kind.console_template("aliyun") == "${second} then ${first}"
    tencent = sms.CODE.console_template("tencent")
    assert "{1}" in tencent and "{2}" in tencent and "%(" not in tencent and "验证码" in tencent
    assert "${code}" in sms.CODE.console_template("aliyun") and "${minutes}" in sms.CODE.console_template("aliyun")
