"""Per-request facts that the audit trail needs (client address), carried in a context variable."""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("renda_client_ip", default=None)
