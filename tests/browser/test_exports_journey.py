"""Exports written by the task worker (issue #17), in a real browser: the office asks for the deputies' export
(through the API here — the demo's lists are shorter than the rule that sends a page's export to the worker), is
told by a notice linking to "my exports", and downloads the file there; desktop and a 390×844 phone."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _ask(page) -> int:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/api/exports/",
        data={"kind": "org:deputy_list", "filters": {"status": "serving"}},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 202, response.text()
    return int(response.json()["id"])


def test_the_office_is_told_and_downloads_its_export(page, login, screenshot):
    login(page, "office")
    export_id = _ask(page)
    page.goto("/notices/")
    assert "导出" in page.locator("main").inner_text() or "export" in page.locator("main").inner_text().lower()
    page.get_by_test_id("account").click()
    page.get_by_test_id("my-exports").click()
    row = page.get_by_test_id("export-row").first
    link = row.get_by_test_id("export-download")
    assert link.get_attribute("href") == f"/exports/{export_id}/file/"
    screenshot(page, "exports-mine", doc="exports-mine")
    with page.expect_download() as info:
        link.click()
    sheet = load_workbook(BytesIO(Path(info.value.path()).read_bytes())).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "姓名" and sheet.max_row > 1
    assert all(not any("a" <= ch.lower() <= "z" for ch in str(h)) for h in header), header


@pytest.mark.browser_context_args(**PHONE)
def test_my_exports_on_a_phone(page, login, screenshot):
    login(page, "committee")
    _ask(page)
    page.goto("/exports/")
    assert page.get_by_test_id("export-download").count() >= 1
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(page, "exports-mine-phone", doc="exports-mine-phone")
