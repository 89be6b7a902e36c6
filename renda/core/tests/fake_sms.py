"""A fake SMS provider on loopback that speaks Tencent Cloud's and Alibaba Cloud's HTTP APIs, for the tests.

    with FakeProvider(["throttle", "ok"]) as fake:          # the outcomes of the next requests, in order
        settings.RENDA_SMS_TENCENT_ENDPOINT = fake.url      # http://127.0.0.1:<port>
        …
        fake.requests                                        # what arrived: provider, parameters, signature checked

It tells the two APIs apart by their headers (X-TC-Action; x-acs-action), checks each request's signature with
the keys below (TC3-HMAC-SHA256; ACS3-HMAC-SHA256) and answers as the provider documents: success, throttling
(Tencent's RequestLimitExceeded, Alibaba's HTTP 400 Throttling.User), a permanent refusal (an unapproved template),
and a signature failure when the request is not signed with the right secret. Loopback only; stops with the block.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

TENCENT_ID, TENCENT_KEY, TENCENT_APP = "AKIDfaketest", "fake-tencent-secret", "1400000001"
ALIYUN_ID, ALIYUN_SECRET = "LTAIfaketest", "fake-aliyun-secret"


@dataclass
class Seen:
    provider: str  # "tencent" or "aliyun"
    params: dict[str, Any]
    signature_ok: bool
    outcome: str


@dataclass
class FakeProvider:
    script: Iterable[str] = ("ok",)
    requests: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._outcomes = iter(self.script)
        self._serials = itertools.count(1)
        self._lock = threading.Lock()

    # --- lifecycle -------------------------------------------------------------------------------------------
    def __enter__(self) -> FakeProvider:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, answer = fake.answer(self.command, self.path, headers, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                # as each provider answers (Tencent's SDK reads an error only from exactly "application/json")
                self.send_header("Content-Type", "application/json" if "x-tc-action" in headers else "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _next(self) -> str:
        with self._lock:
            return next(self._outcomes, "ok")

    # --- the two APIs ----------------------------------------------------------------------------------------
    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        if "x-tc-action" in headers:
            return self._tencent(method, path, headers, body)
        return self._aliyun(method, path, headers, body)

    def _tencent(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        params = json.loads(body or b"{}")
        ok = tencent_signature_ok(method, path, headers, body, secret_id=TENCENT_ID, secret_key=TENCENT_KEY)
        outcome = self._next() if ok else "bad_signature"
        self.requests.append(Seen("tencent", params, ok, outcome))
        request_id = str(uuid.uuid4())
        if outcome == "bad_signature":
            error = {"Code": "AuthFailure.SignatureFailure", "Message": "The provided credentials could not be validated."}
            return 200, {"Response": {"Error": error, "RequestId": request_id}}
        if outcome == "throttle":
            error = {"Code": "RequestLimitExceeded", "Message": "请求的次数超过了频率限制。"}
            return 200, {"Response": {"Error": error, "RequestId": request_id}}
        phone = (params.get("PhoneNumberSet") or [""])[0]
        status = {"SerialNo": f"2433:{next(self._serials):08d}", "PhoneNumber": phone, "Fee": 1,
                  "SessionContext": params.get("SessionContext", ""), "Code": "Ok", "Message": "send success", "IsoCode": "CN"}  # fmt: skip
        if outcome == "permanent":
            status.update(SerialNo="", Fee=0, Code="FailedOperation.TemplateIncorrectOrUnapproved",
                          Message="template is not approved or request content does not match the approved template content")  # fmt: skip
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}}

    def _aliyun(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        query = dict(parse_qsl(urlsplit(path).query, keep_blank_values=True))
        ok = aliyun_signature_ok(method, path, headers, body, secret=ALIYUN_SECRET, key_id=ALIYUN_ID)
        outcome = self._next() if ok else "bad_signature"
        self.requests.append(Seen("aliyun", query, ok, outcome))
        request_id = str(uuid.uuid4()).upper()
        if outcome == "bad_signature":
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation.",
                         "RequestId": request_id}  # fmt: skip
        if outcome == "throttle":
            return 400, {"Code": "Throttling.User", "Message": "Request was denied due to user flow control.", "RequestId": request_id}
        if outcome == "permanent":
            return 200, {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "该账号下找不到对应模板", "RequestId": request_id}
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"{next(self._serials):018d}^0", "RequestId": request_id}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def tencent_signature_ok(method: str, path: str, headers: dict[str, str], body: bytes, *, secret_id: str, secret_key: str) -> bool:
    """TC3-HMAC-SHA256 (Tencent Cloud API 3.0 signature v3), recomputed from the request."""
    try:
        auth = headers["authorization"]
        algorithm, rest = auth.split(" ", 1)
        fields = dict(part.strip().split("=", 1) for part in rest.split(","))
        key_id, date, service, _tail = fields["Credential"].split("/")
        signed = fields["SignedHeaders"].split(";")
        timestamp = headers["x-tc-timestamp"]
    except (KeyError, ValueError):
        return False
    if algorithm != "TC3-HMAC-SHA256" or key_id != secret_id:
        return False
    if datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d") != date:
        return False
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed)
    canonical = "\n".join([method, urlsplit(path).path or "/", urlsplit(path).query, canonical_headers, ";".join(signed), _sha256(body)])
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join(["TC3-HMAC-SHA256", timestamp, scope, _sha256(canonical.encode())])
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    return hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), fields["Signature"])


def _acs_encode(text: str) -> str:
    return quote(text, safe="-_.~")


def aliyun_signature_ok(method: str, path: str, headers: dict[str, str], body: bytes, *, secret: str, key_id: str) -> bool:
    """ACS3-HMAC-SHA256 (Alibaba Cloud's V3 request signature), recomputed from the request."""
    try:
        algorithm, rest = headers["authorization"].split(" ", 1)
        fields = dict(part.strip().split("=", 1) for part in rest.split(","))
        signed = fields["SignedHeaders"].split(";")
    except (KeyError, ValueError):
        return False
    if algorithm != "ACS3-HMAC-SHA256" or fields.get("Credential") != key_id:
        return False
    if headers.get("x-acs-content-sha256") != _sha256(body):
        return False
    parts = urlsplit(path)
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    query = "&".join(f"{_acs_encode(k)}={_acs_encode(v)}" for k, v in pairs)
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed)
    canonical = "\n".join([method, parts.path or "/", query, canonical_headers, ";".join(signed), _sha256(body)])
    to_sign = "ACS3-HMAC-SHA256\n" + _sha256(canonical.encode())
    expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["Signature"])
