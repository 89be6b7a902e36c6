"""What every write of the duty app shares: the permission check, the date of the event, text checks, notices."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import DomainError, NotPermitted, required_text
from renda.core.models import User
from renda.core.notify import notify
from renda.org.models import Deputy


def require(allowed: bool) -> None:
    if not allowed:
        raise NotPermitted()


def today(on: datetime.date | None = None) -> datetime.date:
    return on or timezone.localdate()


def text(value: Any, what: str, *, required: bool = True, limit: int = 0) -> str:
    """Stripped text; a DomainError naming the field when it is required and empty or longer than `limit`."""
    out = required_text(str(value or ""), _("Fill in: %(what)s.") % {"what": what}) if required else str(value or "").strip()
    if limit and len(out) > limit:
        raise DomainError(_("%(what)s is longer than %(n)d characters.") % {"what": what, "n": limit})
    return out


def deputy_users(deputies: Iterable[Deputy]) -> list[User]:
    ids = {d.person_id for d in deputies}
    return list(User.objects.filter(person__pk__in=ids, is_active=True))


def tell(deputies: Iterable[Deputy], *, kind: str, title: str, url: str, dedupe_key: str) -> int:
    """An in-app notice to the deputies' logins (once per key)."""
    return notify(users=deputy_users(deputies), kind=kind, title=title, url=url, dedupe_key=dedupe_key)
