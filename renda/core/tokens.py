"""API tokens: created with a random key shown once, stored as a SHA-256, revocable."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .errors import NotPermitted, required_text
from .models import ApiToken, User


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    name = required_text(name, _("Give the token a name."))
    key = "rd_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name[:100], prefix=key[:10], key_hash=_digest(key))
        audit_record(actor=actor, action="api_token.create", obj=token, after={"name": token.name, "prefix": token.prefix})
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise NotPermitted(hide=True)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action="api_token.revoke", obj=locked, after={"revoked_at": locked.revoked_at})
    return locked


def api_token_user(key: str) -> User | None:
    """The active user a bearer key belongs to, or None. Marks the token used (at most once a minute)."""
    if not key or not key.startswith("rd_"):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
