"""API authentication: a bearer token (rd_…) or the browser session (with CSRF for writes)."""

from ninja.security import HttpBearer, SessionAuth

from .tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [TokenAuth(), SessionAuth()]
