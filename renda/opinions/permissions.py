"""Every rule of the opinions app, by (action, subject)."""

from renda.org.scoping import Scope


def nav(scope: Scope) -> list[tuple[str, str, str]]:
    """Navigation entries (key, label, url) this user may open."""
    return []
