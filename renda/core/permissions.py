"""Rules of the core app. System administrators are the users with the admin role (is_superuser is kept in
step with it by `org.services.role_grant`)."""

from typing import Any


def can_view_audit(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def can_administer(user: Any) -> bool:
    return can_view_audit(user)
