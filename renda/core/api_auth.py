"""API authentication: a bearer token (rd_…) or the browser session (with CSRF for writes)."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .models import User
from .tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth()]
