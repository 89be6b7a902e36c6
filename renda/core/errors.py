"""Errors that services raise. Views and the API turn them into clear, translated messages."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the request; nothing was changed."""


class InvalidTransition(DomainError):
    """A state change that the lifecycle does not allow from the current state."""


class NotPermitted(Exception):
    """The actor may not do this. Views answer 403 (or 404 where the object is outside the actor's scope)."""

    def __init__(self, message: str = "", *, hide: bool = False):
        super().__init__(message)
        self.hide = hide


def required_text(text: str | None, refusal: str) -> str:
    """The text without surrounding blanks; when nothing is left, a DomainError that says what to write (`refusal`)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(refusal)
    return text
