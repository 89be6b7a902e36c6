"""Real providers used by Chinese government offices, each through its own SDK (optional extras):

    pip install "renda[sms-tencent]"   # Tencent Cloud SMS, API 2021-01-11 (tencentcloud-sdk-python-sms)
    pip install "renda[sms-aliyun]"    # Alibaba Cloud SMS, Dysmsapi 2017-05-25 (alibabacloud-dysmsapi20170525)

The SDK signs each request (TC3-HMAC-SHA256, ACS3-HMAC-SHA256) with the keys from the settings (docs/sms.md).
Every call is made once (the SDKs' own retries are off): the task queue retries with backoff, so that each attempt
is counted on the delivery record. A refusal that may pass later — throttling, a network error, the provider's
own failure — comes back with `retry=True`; anything else (a wrong number, an unapproved template or signature,
wrong keys, no balance) fails the delivery at once.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from .backends import ProviderResult, SmsMessage

SDK_MISSING = "sdk_missing"


def _endpoint(url: str) -> tuple[str, str]:
    """("https", "sms.tencentcloudapi.com") from a URL or a bare host (https assumed)."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return parts.scheme or "https", parts.netloc


def _timeout() -> int:
    return int(getattr(settings, "RENDA_SMS_TIMEOUT", 10))


def e164(phone: str) -> str:
    """+86 and the 11 digits of a mainland mobile number; a number already in +E.164 form is kept."""
    phone = phone.strip().replace(" ", "")
    return phone if phone.startswith("+") else f"+86{phone}"


# --- Tencent Cloud SMS -------------------------------------------------------------------------------------------
# Error codes that may pass later (https://cloud.tencent.com/document/api/382/55981, 公共错误码 and SendSms's own).
TENCENT_TRANSIENT = frozenset({
    "RequestLimitExceeded", "RequestLimitExceeded.GlobalRegionUinLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
    "InternalError", "InternalError.Timeout", "InternalError.OtherError", "InternalError.SendAndRecvFail",
    "LimitExceeded.PhoneNumberThirtySecondLimit", "LimitExceeded.PhoneNumberOneHourLimit",
    "ClientNetworkError", "ServerNetworkError", "ResourceUnavailable",
})  # fmt: skip


class TencentSmsBackend:
    name = "tencent"
    records = True
    templates = True  # sends only approved templates under an approved signature

    def send(self, message: SmsMessage) -> ProviderResult:
        try:
            from tencentcloud.common import credential
            from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
            from tencentcloud.common.profile.client_profile import ClientProfile
            from tencentcloud.common.profile.http_profile import HttpProfile
            from tencentcloud.sms.v20210111 import models, sms_client
        except ImportError:
            return ProviderResult(ok=False, code=SDK_MISSING, message='pip install "renda[sms-tencent]"')
        scheme, host = _endpoint(getattr(settings, "RENDA_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com"))
        profile = ClientProfile(httpProfile=HttpProfile(protocol=scheme, endpoint=host, reqTimeout=_timeout()))
        client = sms_client.SmsClient(
            credential.Credential(settings.RENDA_SMS_TENCENT_SECRET_ID, settings.RENDA_SMS_TENCENT_SECRET_KEY),
            getattr(settings, "RENDA_SMS_TENCENT_REGION", "ap-guangzhou"),
            profile,
        )
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [e164(message.phone)]
        request.SmsSdkAppId = settings.RENDA_SMS_TENCENT_APP_ID
        request.SignName = message.sign_name
        request.TemplateId = message.template_id
        request.TemplateParamSet = list(message.params.values())
        request.SessionContext = message.reference
        try:
            response: Any = client.SendSms(request)
        except TencentCloudSDKException as exc:
            code = str(exc.get_code() or "")
            return ProviderResult(ok=False, code=code, message=str(exc.get_message())[:500], retry=code in TENCENT_TRANSIENT)
        status = (response.SendStatusSet or [None])[0]
        if status is None:
            return ProviderResult(ok=False, code="NoStatus", message="SendStatusSet is empty", retry=True)
        if status.Code == "Ok":
            return ProviderResult(ok=True, provider_id=str(status.SerialNo or ""), code="Ok", message=str(status.Message or ""))
        code = str(status.Code or "")
        return ProviderResult(ok=False, code=code, message=str(status.Message or "")[:500], retry=code in TENCENT_TRANSIENT)


# --- Alibaba Cloud SMS -------------------------------------------------------------------------------------------
# Codes that may pass later (https://help.aliyun.com/zh/sms/developer-reference/api-error-codes): flow control
# (throttling of the API, or of one number: 1 a minute, 5 an hour by default) and the service's own errors.
ALIYUN_TRANSIENT = frozenset({
    "Throttling", "Throttling.User", "Throttling.Api", "Throttling.Concurrent", "isv.BUSINESS_LIMIT_CONTROL",
    "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError", "NetworkError",
})  # fmt: skip


class AliyunSmsBackend:
    name = "aliyun"
    records = True
    templates = True

    def send(self, message: SmsMessage) -> ProviderResult:
        try:
            from alibabacloud_dysmsapi20170525 import models
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi import models as openapi_models
            from alibabacloud_tea_util import models as util_models
            from Tea.exceptions import TeaException
        except ImportError:
            return ProviderResult(ok=False, code=SDK_MISSING, message='pip install "renda[sms-aliyun]"')
        scheme, host = _endpoint(getattr(settings, "RENDA_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com"))
        timeout_ms = _timeout() * 1000
        client = Client(
            openapi_models.Config(
                access_key_id=settings.RENDA_SMS_ALIYUN_ACCESS_KEY_ID,
                access_key_secret=settings.RENDA_SMS_ALIYUN_ACCESS_KEY_SECRET,
                endpoint=host,
                protocol=scheme,
            )
        )
        request = models.SendSmsRequest(
            phone_numbers=message.phone,
            sign_name=message.sign_name,
            template_code=message.template_id,
            template_param=json.dumps(message.params, ensure_ascii=False) if message.params else None,
            out_id=message.reference or None,
        )
        runtime = util_models.RuntimeOptions(autoretry=False, read_timeout=timeout_ms, connect_timeout=timeout_ms)
        try:
            response: Any = client.send_sms_with_options(request, runtime)
        except TeaException as exc:
            code = str(getattr(exc, "code", "") or "NetworkError")
            text = str(getattr(exc, "message", "") or exc)[:500]
            return ProviderResult(ok=False, code=code, message=text, retry=code in ALIYUN_TRANSIENT)
        body = response.body
        code = str(body.code or "")
        if code == "OK":
            return ProviderResult(ok=True, provider_id=str(body.biz_id or ""), code=code, message=str(body.message or ""))
        return ProviderResult(ok=False, code=code, message=str(body.message or "")[:500], retry=code in ALIYUN_TRANSIENT)
