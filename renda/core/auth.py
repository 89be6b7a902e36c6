"""Authentication backend: Django's ModelBackend, with the user row read through the shared cache.

Every authenticated request loads its user (`AuthenticationMiddleware` → `get_user`). Through the cache (the
same one the sessions use: Redis or files, shared by every worker) that is a cache read instead of a database
query — on the vote endpoint, one of its three remaining queries. Nothing about the checks changes: Django
still compares the session's hash with the user's password hash and refuses inactive users.

Freshness: saving or deleting a user (password change, deactivation, admin edit, last login) drops its entry
at once, on every worker; a change that bypasses `save()` (a queryset `update()`) is seen within
`RENDA_USER_CACHE_SECONDS` (default 60; 0 turns the cache off). Roles are not on the user row: scopes are
built from the role grants on every request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver


def _key(user_id: object) -> str:
    return f"renda:auth:user:{user_id}"


def _seconds() -> int:
    return int(getattr(settings, "RENDA_USER_CACHE_SECONDS", 60))


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        seconds = _seconds()
        if seconds <= 0:
            return super().get_user(user_id)
        user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)  # None for an unknown or inactive user: not cached
            if user is not None:
                cache.set(_key(user_id), user, seconds)
        return user if self.user_can_authenticate(user) else None


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _forget_user(sender: Any, instance: Any, **kwargs: Any) -> None:
    cache.delete(_key(instance.pk))
