"""The work overview in a real browser: the office opens 工作概览 from the nav, picks 2017's first half, reads the
seed's figures and opens one of them to the records it counts. Screenshots in
test-artifacts/screenshots/overview-*.png (and docs/img/overview.png with RENDA_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def figure(page, key: str) -> int:
    return int(page.get_by_test_id(f"figure-{key}").locator("strong").inner_text())


def test_office_reads_the_half_year_figures_and_opens_the_records(browser, base_url, login, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=base_url)
    page = login(context.new_page(), "office")
    page.locator("nav.nav a[href='/overview/']").click()
    page.wait_for_url(re.compile(r".*/overview/$"))
    page.locator("input[name=year]").fill("2017")
    page.locator("select[name=half]").select_option("1")
    page.get_by_role("button", name="显示").click()
    page.wait_for_url(re.compile(r".*year=2017&half=1"))
    assert page.get_by_test_id("period").inner_text().strip() == "2017 年上半年"
    seed = {"meetings_standing_committee": 4, "meetings_directors_meeting": 6, "stations_station": 9, "stations_room": 41,
            "stations_online": 9, "deputy_visits": 225, "voters_received": 853, "opinions": 138, "answered_on_time": 138,
            "solved": 108, "key_suggestions": 7}  # fmt: skip
    assert {key: figure(page, key) for key in seed} == seed
    screenshot(page, "overview-1-office", doc="overview")

    # a figure opens the records it counts
    page.get_by_test_id("figure-solved").click()
    page.wait_for_url(re.compile(r".*/opinions/\?.*solved=true"))
    assert re.search(r"\b108\b", page.get_by_test_id("result-count").inner_text())
    screenshot(page, "overview-2-solved-opinions")

    # on a phone the same page reads as cards
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=base_url, is_mobile=True)
    small = login(phone.new_page(), "wjj_staff")
    small.goto("/overview/?year=2017&half=1")
    assert 0 < figure(small, "voters_received") < 853  # the town's own share
    screenshot(small, "overview-3-town-phone")
    context.close()
    phone.close()
