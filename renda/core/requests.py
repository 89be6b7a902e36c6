"""Request types for views: a view behind `login_required` sees a signed-in `User`."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    """The request of a view that requires a login (`@login_required`): `request.user` is a `User`."""

    user: User
