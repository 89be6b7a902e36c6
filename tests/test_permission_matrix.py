"""The permission matrix: every URL pattern and every API operation, for every role, in and out of scope.

Entries live beside each app (`renda/<app>/tests/matrix.py`). A URL or API operation without an entry fails
`test_every_url_has_a_matrix_entry`, so a new page cannot ship without deciding who may open it.
"""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from renda.api import api
from renda.org.testing import ROLES, World
from renda.testing.matrix import Case


def _matrix_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("renda."):
            try:
                yield importlib.import_module(f"{config.name}.tests.matrix")
            except ModuleNotFoundError as exc:
                if exc.name not in {f"{config.name}.tests.matrix", f"{config.name}.tests"}:
                    raise


MODULES = list(_matrix_modules())
PAGES: dict[str, list[Case]] = {k: v for m in MODULES for k, v in m.PAGES.items()}
API: dict[tuple[str, str], list[Case]] = {k: v for m in MODULES for k, v in m.API.items()}


@pytest.fixture
def matrix_world(world):
    for module in MODULES:
        if hasattr(module, "prepare"):
            module.prepare(world)
    return world


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
    if case.content_type == "application/json":
        return getattr(client, case.method)(case.url(world), json.dumps(case.data(world)), content_type=case.content_type)
    return getattr(client, case.method)(case.url(world), case.data(world))


@pytest.mark.parametrize(("case", "role"), PAGE_CASES, ids=[f"{c.label}-{r}" for c, r in PAGE_CASES])
def test_page_permissions(matrix_world, case, role):
    response = _request(matrix_world, case, role)
    assert response.status_code == case.status_for(role), f"{case.label} as {role}: {response.status_code}"
    if response.status_code == 302 and role == "anonymous" and case.status_for(role) == 302 and case.method == "get":
        assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


@pytest.mark.parametrize(("case", "role"), API_CASES, ids=[f"api {c.label}-{r}" for c, r in API_CASES])
def test_api_permissions(matrix_world, case, role):
    response = _request(matrix_world, case, role)
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
