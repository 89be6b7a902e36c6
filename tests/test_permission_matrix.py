"""The permission matrix: every URL pattern and every API operation, for every role, in and out of scope.

A URL or API operation without an entry here fails `test_every_url_has_a_matrix_entry`, so a new page cannot
ship without deciding who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from renda.api import api
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


def dep(name):
    return lambda w, name=name: reverse("org:deputy_detail", args=[getattr(w, name).pk])


# --- Pages --------------------------------------------------------------------------------------------
PAGES: dict[str, list[Case]] = {
    "home": [case("home", lambda w: reverse("home"), LOGGED_IN)],
    "login": [case("login", lambda w: reverse("login"), ROLES, anonymous=200)],
    "logout": [case("logout", lambda w: reverse("logout"), ROLES, code=302, method="post")],
    "set_language": [
        case(
            "set language",
            lambda w: reverse("set_language"),
            ROLES,
            code=302,
            method="post",
            anonymous=302,
            data=lambda w: {"language": "en"},
        )
    ],
    "healthz": [case("health", lambda w: reverse("healthz"), ROLES, anonymous=200)],
    "core:audit_list": [case("audit", lambda w: reverse("core:audit_list"), ["admin"])],
    "core:token_list": [case("tokens", lambda w: reverse("core:token_list"), LOGGED_IN)],
    "core:token_revoke": [],  # covered by test_token_revoke_only_own below
    "org:deputy_list": [
        case("deputies", lambda w: reverse("org:deputy_list"), STAFF),
        case("deputies export", lambda w: reverse("org:deputy_list") + "?export=xlsx", STAFF),
    ],
    "org:deputy_detail": [
        case(
            "wjj town deputy",
            dep("wjj_town_deputy"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        case("xc town deputy", dep("xc_town_deputy"), ["admin", "office", "leader"], other=404, override={"edu_clerk": 403}),
        case(
            "wjj district deputy",
            dep("wjj_district_deputy"),
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        case(
            "xc district deputy",
            dep("xc_district_deputy"),
            ["admin", "office", "committee", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        # The "deputy" login was elected in 王江泾镇, so that town's staff keep its record too.
        case(
            "own mandate",
            dep("own_deputy"),
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"],
            other=404,
            override={"edu_clerk": 403},
        ),
    ],
    "org:deputy_personal": [
        case(
            "reveal wjj town deputy",
            lambda w: reverse("org:deputy_personal", args=[w.wjj_town_deputy.pk]),
            ["admin", "office", "wjj_staff"],
            method="post",
            override={"deputy": 404, "committee": 404},
        ),
        case(
            "reveal xc town deputy",
            lambda w: reverse("org:deputy_personal", args=[w.xc_town_deputy.pk]),
            ["admin", "office"],
            method="post",
            override={"wjj_staff": 404, "wjj_liaison": 404, "committee": 404, "deputy": 404},
        ),
        case(
            "reveal own",
            lambda w: reverse("org:deputy_personal", args=[w.own_deputy.pk]),
            ["admin", "office", "wjj_staff", "deputy"],
            method="post",
        ),
    ],
    "org:deputy_status": [
        case(
            "end wjj town mandate",
            lambda w: reverse("org:deputy_status", args=[w.wjj_town_deputy.pk]),
            ["admin", "office", "wjj_staff"],
            override={"deputy": 404, "committee": 404},
        ),
        case(
            "end wjj district mandate (district office only)",
            lambda w: reverse("org:deputy_status", args=[w.wjj_district_deputy.pk]),
            ["admin", "office"],
            override={"deputy": 404},
        ),
        case(
            "end xc town mandate",
            lambda w: reverse("org:deputy_status", args=[w.xc_town_deputy.pk]),
            ["admin", "office"],
            override={"wjj_staff": 404, "wjj_liaison": 404, "committee": 404, "deputy": 404},
        ),
    ],
    "org:deputy_import": [case("import deputies", lambda w: reverse("org:deputy_import"), ["admin", "office", "wjj_staff"])],
    "org:deputy_import_template": [
        case("deputy template", lambda w: reverse("org:deputy_import_template"), ["admin", "office", "wjj_staff"])
    ],
    "org:unit_list": [
        case("units", lambda w: reverse("org:unit_list"), STAFF + ["edu_clerk"]),
        case("units export", lambda w: reverse("org:unit_list") + "?export=xlsx", STAFF + ["edu_clerk"]),
    ],
    "org:unit_detail": [
        case("own unit", lambda w: reverse("org:unit_detail", args=[w.edu_unit.pk]), STAFF + ["edu_clerk"]),
        case(
            "other district unit",
            lambda w: reverse("org:unit_detail", args=[w.other_district_unit.pk]),
            STAFF,
            override={"edu_clerk": 404},
        ),
        case("wjj station", lambda w: reverse("org:unit_detail", args=[w.wjj_station.pk]), STAFF, override={"edu_clerk": 404}),
        case(
            "xc station",
            lambda w: reverse("org:unit_detail", args=[w.xc_station.pk]),
            ["admin", "office", "committee", "leader"],
            override={"edu_clerk": 404, "wjj_staff": 404, "wjj_liaison": 404},
        ),
    ],
    "org:unit_import": [case("import units", lambda w: reverse("org:unit_import"), ["admin", "office"])],
    "org:unit_import_template": [case("unit template", lambda w: reverse("org:unit_import_template"), ["admin", "office"])],
    "org:region_tree": [case("regions", lambda w: reverse("org:region_tree"), STAFF)],
    "org:body_list": [case("bodies", lambda w: reverse("org:body_list"), STAFF)],
    "org:body_detail": [
        case("standing committee", lambda w: reverse("org:body_detail", args=[w.standing_committee.pk]), STAFF),
        case("xc town congress", lambda w: reverse("org:body_detail", args=[w.xc_congress.pk]), ["admin", "office", "committee", "leader"],
             override={"wjj_staff": 404, "wjj_liaison": 404}),
    ],
    "admin:index": [case("django admin", lambda w: reverse("admin:index"), ["admin"], other=302)],
}

# --- API ----------------------------------------------------------------------------------------------
API_STAFF = STAFF


def api_case(label, url, roles, other=403, override=None):
    table = dict.fromkeys(roles, 200)
    table["anonymous"] = 401
    table.update(override or {})
    return Case(label, url, table, other)


API: dict[tuple[str, str], list[Case]] = {
    ("get", "/api/me"): [api_case("me", lambda w: "/api/me", LOGGED_IN)],
    ("get", "/api/regions"): [api_case("regions", lambda w: "/api/regions", API_STAFF)],
    ("get", "/api/bodies"): [api_case("bodies", lambda w: "/api/bodies", API_STAFF)],
    ("get", "/api/terms"): [api_case("terms", lambda w: "/api/terms", API_STAFF)],
    ("get", "/api/deputies"): [api_case("deputies", lambda w: "/api/deputies", API_STAFF)],
    ("get", "/api/deputies/{deputy_id}"): [
        api_case(
            "wjj town deputy",
            lambda w: f"/api/deputies/{w.wjj_town_deputy.pk}",
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        api_case(
            "xc town deputy",
            lambda w: f"/api/deputies/{w.xc_town_deputy.pk}",
            ["admin", "office", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        api_case(
            "own",
            lambda w: f"/api/deputies/{w.own_deputy.pk}",
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"],
            other=404,
            override={"edu_clerk": 403},
        ),
    ],
    ("get", "/api/units"): [api_case("units", lambda w: "/api/units", API_STAFF + ["edu_clerk"])],
    ("get", "/api/units/{unit_id}"): [
        api_case("own unit", lambda w: f"/api/units/{w.edu_unit.pk}", API_STAFF + ["edu_clerk"]),
        api_case(
            "xc station",
            lambda w: f"/api/units/{w.xc_station.pk}",
            ["admin", "office", "committee", "leader"],
            other=404,
            override={"deputy": 403},
        ),
    ],
}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}".strip(":") if ns else namespace
            if ns in {"admin", "api"}:
                yield f"{ns}:*"
                continue
            yield from _url_names(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}".strip(":")


def test_every_url_has_a_matrix_entry():
    names = set(_url_names())
    missing = {n for n in names if n not in PAGES and n not in {"admin:*", "api:*"}}
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"
    operations = {(m.lower(), p) for p, ops in api.get_openapi_schema()["paths"].items() for m in ops}
    assert operations == set(API), f"API operations without a matrix entry: {sorted(operations ^ set(API))}"


PAGE_CASES = [(c, role) for cases in PAGES.values() for c in cases for role in ROLES]
API_CASES = [(c, role) for cases in API.values() for c in cases for role in ROLES]


def _request(world: World, case: Case, role: str):
    client = world.client(None if role == "anonymous" else role)
    return getattr(client, case.method)(case.url(world), case.data(world))


@pytest.mark.parametrize(("case", "role"), PAGE_CASES, ids=[f"{c.label}-{r}" for c, r in PAGE_CASES])
def test_page_permissions(world, case, role):
    response = _request(world, case, role)
    assert response.status_code == case.status_for(role), f"{case.label} as {role}: {response.status_code}"
    if response.status_code == 302 and role == "anonymous" and case.status_for(role) == 302 and case.method == "get":
        assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


@pytest.mark.parametrize(("case", "role"), API_CASES, ids=[f"api {c.label}-{r}" for c, r in API_CASES])
def test_api_permissions(world, case, role):
    response = _request(world, case, role)
    assert response.status_code == case.status_for(role), (
        f"{case.label} as {role}: {response.status_code} {response.content[:200]}"
    )


def test_token_revoke_only_own(world):
    from renda.core.tokens import api_token_create

    token, _key = api_token_create(actor=world.users["office"], name="ci")
    other = world.client("wjj_staff").post(reverse("core:token_revoke", args=[token.pk]))
    assert other.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    own = world.client("office").post(reverse("core:token_revoke", args=[token.pk]))
    assert own.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert world.client("office").get(reverse("core:token_revoke", args=[token.pk])).status_code == 405
