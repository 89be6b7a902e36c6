"""Permission-matrix building blocks. Each app lists its pages and API operations in `<app>/tests/matrix.py`
(dicts PAGES and API, optional `prepare(world)` that adds the app's named records to the world); the test in
tests/test_permission_matrix.py merges them and fails when any URL or operation has no entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from renda.org.testing import ROLES, World

STAFF = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"]
LOGGED_IN = ROLES[1:]


@dataclass
class Case:
    """One request and the status each role gets. Roles not listed get `default`."""

    label: str
    url: Callable[[World], str]
    expect: dict[str, int]
    default: int
    method: str = "get"
    data: Callable[[World], dict] = field(default=lambda w: {})
    #: "application/json" sends `data` as a JSON body (API writes); None sends it as form fields / query string.
    content_type: str | None = None

    def status_for(self, role: str) -> int:
        return self.expect.get(role, self.default)


def only(roles, code, other, anonymous=302):
    table = dict.fromkeys(roles, code)
    table.setdefault("anonymous", anonymous)
    return table, other


def case(label, url, roles, code=200, other=403, method="get", anonymous=302, data=None, **extra):
    table, default = only(roles, code, other, anonymous)
    table.update(extra.pop("override", {}))
    return Case(label, url, table, default, method, data or (lambda w: {}))


def api_case(label, url, roles, other=403, override=None, method="get", data=None, code=200):
    """An API operation. For writes pass `method="post"` and `data=lambda w: {...}`: the body goes as JSON, so
    the roles in `roles` get `code` (the real effect) and everyone else `other` — not just a validation 400."""
    table = dict.fromkeys(roles, code)
    table["anonymous"] = 401
    table.update(override or {})
    json_body = method != "get"
    return Case(label, url, table, other, method, data or (lambda w: {}), "application/json" if json_body else None)


__all__ = ["Case", "case", "api_case", "only", "STAFF", "LOGGED_IN", "ROLES", "World"]
