"""Past years' ledgers in a real browser: the office brings 2016's second half (before the platform) as Excel
ledgers — the activities of 王江泾镇's station with their sign-ins, then the voters' opinions with their steps —
sees every bad row listed, corrects the file, imports it, and reads that half-year's figures on the work overview.
Screenshots in test-artifacts/screenshots/ledgers-*.png (docs/img/ledgers-*.png with RENDA_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from openpyxl import Workbook

from renda.ledgers.formats import ACTIVITY_COLUMNS, OPINION_COLUMNS

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(columns, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.field, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, name: str, data: bytes) -> None:
    page.locator("input[name=file]").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    with page.expect_navigation():
        page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def figure(page, key: str) -> int:
    return int(page.get_by_test_id(f"figure-{key}").locator("strong").inner_text())


def test_office_imports_a_past_half_year_and_reads_its_figures(browser, base_url, login, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=base_url)
    page = login(context.new_page(), "office")
    page.goto("/ledgers/")
    screenshot(page, "ledgers-1-index", doc="ledgers-index")

    wjj = next(r for r in page.request.get("/api/regions").json() if r["name"] == "王江泾镇")
    station = next(s for s in page.request.get("/api/stations/").json() if s["town_id"] == wjj["id"] and s["kind"] == "station")
    people, number = [], 1
    while True:  # every deputy elected in the town (a name must be unique there to be found by it)
        found = page.request.get(f"/api/deputies?region={wjj['id']}&page_size=200&page={number}").json()
        people += found["items"]
        if len(people) >= found["count"] or not found["items"]:
            break
        number += 1
    counts = Counter(p["name"] for p in people)
    names = [n for n, c in counts.items() if c == 1][:4]
    activities = [
        {"key": f"2016-HD-{m}", "station": station["name"], "kind": "接待日", "topic": f"2016年{m}月选民接待日",
         "date": f"2016-{m:02d}-15", "start_time": "09:00", "end_time": "11:30", "voters_received": str(m),
         "discussion": "听取选民意见", "deputies": "、".join(names[: 2 + m % 3])}
        for m in (8, 10, 12)
    ]  # fmt: skip
    page.goto("/ledgers/activities/import/")
    upload(page, "2016下半年活动台账.xlsx", workbook(ACTIVITY_COLUMNS, activities))
    page.get_by_test_id("ledger-preview").wait_for()
    page.locator("form[action$='/commit/'] button").click()
    page.wait_for_url(re.compile(r".*/ledgers/imports/\d+/$"))

    units = [u["name"] for u in page.request.get("/api/units").json() if u["name"].startswith("区")]
    base = {"station": station["name"], "category": "城乡建设", "text": "村道路面破损，雨天积水，希望修缮。"}
    opinions = [
        base | {"key": "2016-YJ-1", "activity": "2016-HD-8", "registered_at": "2016-08-15 09:40", "handling": "交办单位",
                "unit": units[0], "routed_at": "2016-08-16 10:00", "answered_at": "2016-08-25 15:00", "answer": "已修缮。",
                "told_at": "2016-08-26 09:00", "solved": "是", "feedback_at": "2016-09-05 10:00"},
        base | {"key": "2016-YJ-2", "activity": "2016-HD-10", "registered_at": "2016-10-15 10:10", "handling": "当场答复",
                "answered_at": "2016-10-15 10:30", "answer": "当场作了解释。"},
        base | {"key": "2016-YJ-3", "activity": "2016-HD-12", "registered_at": "2016-12-15 09:50", "handling": "交办单位",
                "unit": units[1], "routed_at": "2016-12-16 09:00", "answered_at": "2017-01-20 16:00", "answer": "已列入计划。"},
    ]  # fmt: skip
    wrong = [
        opinions[0] | {"unit": "不存在的单位"},
        opinions[1] | {"answered_at": "2016-10-15 09:00"},  # answered before it was registered
        opinions[2] | {"registered_at": "2099-12-15 09:50"},
    ]
    page.goto("/ledgers/opinions/import/")
    upload(page, "2016下半年意见台账.xlsx", workbook(OPINION_COLUMNS, wrong))
    errors = page.get_by_test_id("ledger-errors")
    errors.wait_for()
    assert [r.inner_text() for r in errors.locator("tbody tr td:first-child").all()] == ["第 2 行", "第 3 行", "第 4 行"] or (
        errors.locator("tbody tr").count() == 3
    )
    screenshot(page, "ledgers-2-errors", doc="ledgers-errors")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=base_url)
    small = login(phone.new_page(), "office")
    small.goto("/ledgers/opinions/import/")
    upload(small, "2016下半年意见台账.xlsx", workbook(OPINION_COLUMNS, wrong))
    small.get_by_test_id("ledger-errors").wait_for()
    screenshot(small, "ledgers-2-errors-phone")
    phone.close()

    upload(page, "2016下半年意见台账.xlsx", workbook(OPINION_COLUMNS, opinions))
    page.get_by_test_id("ledger-preview").wait_for()
    screenshot(page, "ledgers-3-preview", doc="ledgers-preview")
    page.locator("form[action$='/commit/'] button").click()
    page.wait_for_url(re.compile(r".*/ledgers/imports/\d+/$"))
    screenshot(page, "ledgers-4-batch", doc="ledgers-batch")

    # the same file again: nothing new
    page.goto("/ledgers/opinions/import/")
    upload(page, "2016下半年意见台账.xlsx", workbook(OPINION_COLUMNS, opinions))
    page.get_by_test_id("ledger-preview").wait_for()
    assert page.locator("form[action$='/commit/']").count() == 0

    page.goto("/overview/?year=2016&half=2")
    expected = {"opinions": 3, "answered_on_time": 2, "solved": 1, "overdue": 1,
                "deputy_visits": sum(len(a["deputies"].split("、")) for a in activities), "voters_received": 8 + 10 + 12}  # fmt: skip
    assert {k: figure(page, k) for k in expected} == expected
    screenshot(page, "ledgers-5-overview", doc="ledgers-overview")
    context.close()
