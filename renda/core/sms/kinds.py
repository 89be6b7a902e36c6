"""What the platform says by SMS: each kind of message is registered once, with its text and its parameters.

    RECEIVED = sms.register("opinions.received", _("Your opinion was received. Tracking code: %(code)s"), ("code",))
    sms.send_sms(phone, RECEIVED, {"code": opinion.tracking_code}, region=opinion.region, ref=…)

Chinese providers send only templates approved in their consoles, under an approved signature (签名): the text here
is what the template must say (rendered in Chinese whatever the page language), and the parameters, in their
order, are what the provider fills in — Tencent Cloud by position ({1}, {2}…), Alibaba Cloud by name (${code}…).
`renda sms_templates` prints each kind as the consoles want it. Parameters named in `secret` (one-time codes)
are masked in the stored record and dropped once the message is sent or has failed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MASK = "******"


@dataclass(frozen=True)
class MessageKind:
    key: str
    text: str | Promise  # an English msgid with %(name)s placeholders; sent in Chinese
    params: tuple[str, ...] = ()
    secret: tuple[str, ...] = ()
    description: str = ""
    verification: bool = False  # a code (验证码 template) rather than a notice (通知 template)

    def render(self, params: Mapping[str, object], *, masked: bool = False) -> str:
        """The Chinese text with the parameters filled in (secrets masked for the stored copy)."""
        values = {name: (MASK if masked and name in self.secret else params.get(name, "")) for name in self.params}
        with translation.override("zh-hans"):
            return str(self.text) % values

    def chinese(self) -> str:
        with translation.override("zh-hans"):
            return str(self.text)

    def order(self) -> tuple[str, ...]:
        """The parameters in the order the Chinese text uses them: Tencent's {1}, {2}… are numbered so."""
        text = self.chinese()
        return tuple(sorted(self.params, key=lambda name: (text.find(f"%({name})"), self.params.index(name))))

    def console_template(self, style: str) -> str:
        """The template's text as a console wants it: "tencent" numbers the parameters {1}, {2}… in the order the
        text uses them, "aliyun" names them ${name}."""
        text = self.chinese()
        for index, name in enumerate(self.order(), start=1):
            placeholder = f"{{{index}}}" if style == "tencent" else f"${{{name}}}"
            text = re.sub(r"%\(" + re.escape(name) + r"\)[sd]", placeholder.replace("\\", "\\\\"), text)
        return text


KINDS: dict[str, MessageKind] = {}


def register(
    key: str,
    text: str | Promise,
    params: tuple[str, ...] = (),
    *,
    secret: tuple[str, ...] = (),
    description: str = "",
    verification: bool = False,
) -> MessageKind:
    kind = MessageKind(key, text, tuple(params), tuple(secret), description, verification)
    KINDS[key] = kind
    return kind


def register_code(key: str, text: str | Promise, description: str) -> MessageKind:
    """A one-time code (验证码 template): its `code` masked once stored, valid for `minutes`."""
    return register(key, text, ("code", "minutes"), secret=("code",), description=description, verification=True)


CODE = register_code(
    "core.code",
    _("Your confirmation code is %(code)s. It is valid for %(minutes)s minutes."),
    "A one-time code confirming a phone (a voter's proposal, a voter's opinion)",
)
RESET_CODE = register_code(
    "core.reset_code",
    _("Renda: your code to reset the password is %(code)s, valid for %(minutes)s minutes. Ignore it if you did not ask."),
    "The code that resets a password",
)
TEXT = register(
    "core.text",
    "%(text)s",
    ("text",),
    description="Free text (console and memory backends only: a provider sends approved templates, so give the "
    "message a kind of its own)",
)
