"""No input gives HTTP 500 (issue #16, item 6): every list page and every API read, given a value out of range for
each filter it may read (a year 99999, page 10**30, 9999-12-31, an id beyond 64 bits), answers with a 4xx and a
reason or ignores the filter; the API answers only statuses its OpenAPI document declares."""

from __future__ import annotations

import re

import pytest

from renda.api import api
from tests.test_permission_matrix import MODULES, PAGES

BIG = "9" * 30  # beyond a signed 64-bit integer
PARAMS = {
    "year": ["99999", BIG, "-1"],
    "page": [BIG, "-5"],
    "page_size": [BIG],
    "half": [BIG],
    "date_from": ["9999-12-31", "0001-01-01"],
    "date_to": ["9999-12-31"],
    **{name: [BIG] for name in ("station", "town", "activity", "region", "unit", "body", "congress", "meeting", "cycle")},
}
# On the pages, one value per filter: every list page reads its filters through the same helpers and form fields.
PAGE_PARAMS = {name: values[:1] for name, values in PARAMS.items() if name not in {"page_size", "half", "activity", "cycle"}}
LIST_PAGES = [
    (name, case)
    for name, cases in PAGES.items()
    for case in cases[:1]
    if case.method == "get" and case.status_for("office") == 200 and "export" not in name
]


@pytest.fixture
def office(world):
    for module in MODULES:
        if hasattr(module, "prepare"):
            module.prepare(world)
    return world.client("office"), world


@pytest.mark.django_db
def test_pages_refuse_out_of_range_filters_without_an_error(office):
    client, world = office
    failures = []
    for name, case in LIST_PAGES:
        url = case.url(world)
        if "/api/" in url or "export=" in url:
            continue
        for param, values in PAGE_PARAMS.items():
            for value in values:
                target = f"{url}{'&' if '?' in url else '?'}{param}={value}"
                response = client.get(target)
                if response.status_code >= 500:
                    failures.append((name, target, response.status_code))
    assert not failures, failures


def _operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "get":
                yield path, operation


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "deputy", None])
def test_api_reads_answer_declared_statuses_for_out_of_range_values(world, role):
    client = world.client(role)
    failures = []
    for path, operation in _operations():
        declared = {int(code) for code in operation["responses"]}
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        urls = [re.sub(r"\{[^}]+\}", BIG, path)] if "{" in path else []
        base = re.sub(r"\{[^}]+\}", "1", path)
        urls += [f"{base}?{n}={v}" for n in names for v in PARAMS.get(n, [BIG, "9999-12-31"])]
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500 or response.status_code not in declared:
                failures.append((url, response.status_code, sorted(declared)))
    assert not failures, failures


@pytest.mark.django_db
def test_every_api_operation_declares_the_framework_answers():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"400", "422"} <= declared, (method, path)
            if operation.get("security"):
                assert "401" in declared, (method, path)
                assert method == "get" or "403" in declared, (method, path)


@pytest.mark.django_db
def test_multipart_without_a_boundary_is_a_bad_request(world):
    for role, url in [("deputy", "/api/suggestions/"), (None, "/api/opinions/submit"), (None, "/accounts/login/")]:
        response = world.client(role).post(url, data=b"title=x", content_type="multipart/form-data")
        assert response.status_code == 400, (url, response.status_code)


@pytest.mark.django_db
def test_unreadable_json_is_a_bad_request_with_a_reason(world):
    response = world.client(None).post("/api/opinions/code", data=b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] and "Cannot parse" not in response.json()["detail"]
