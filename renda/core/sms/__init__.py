"""SMS that reaches phones: message kinds (`kinds`), the backend interface with the console, memory and null
backends (`backends`), Tencent Cloud and Alibaba Cloud (`providers`), and sending through the task queue with a
delivery record per message (`delivery`). Guide: docs/sms.md."""

from .backends import (
    ConsoleSmsBackend,
    MemorySmsBackend,
    NullSmsBackend,
    ProviderResult,
    SmsBackend,
    SmsMessage,
    outbox,
    sms_backend,
)
from .delivery import deliver, enqueue, send_sms, sign_name, template_id
from .kinds import CODE, KINDS, RESET_CODE, TEXT, MessageKind, register

__all__ = [
    "CODE",
    "KINDS",
    "RESET_CODE",
    "TEXT",
    "ConsoleSmsBackend",
    "MemorySmsBackend",
    "MessageKind",
    "NullSmsBackend",
    "ProviderResult",
    "SmsBackend",
    "SmsMessage",
    "deliver",
    "enqueue",
    "outbox",
    "register",
    "send_sms",
    "sign_name",
    "sms_backend",
    "template_id",
]
