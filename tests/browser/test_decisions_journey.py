"""The decisions pages as their users meet them (issue #11): the office reads the appointment list decided at the
standing committee's 4th meeting and the register of office-holders and major matters; 王江泾镇's staff open the
election of the chair; the "deputy" login signs a bill on her phone.

Screenshots: test-artifacts/screenshots/decisions-*.png (docs/img/ with RENDA_DOC_SCREENSHOTS=1).
"""

from __future__ import annotations

import pytest

from .conftest import save_screenshot
from .test_meetings_vote_journey import PHONE, click_and_wait, login_as

pytestmark = pytest.mark.browser


def test_decisions_pages(browser, base_url):
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login_as(office, base_url, "office")
    office.goto(f"{base_url}/decisions/appointments/")
    save_screenshot(office, "decisions-appointments", doc="decisions-appointments")
    click_and_wait(office, office.locator("[data-testid^=appointments-]").filter(has_text="任免区教育局局长").first)
    assert office.get_by_test_id("letter-1").is_visible()
    save_screenshot(office, "decisions-appointment-detail", doc="decisions-appointment-detail")
    office.goto(f"{base_url}/decisions/appointments/holders/")
    save_screenshot(office, "decisions-holders", doc="decisions-holders")
    office.goto(f"{base_url}/decisions/matters/")
    click_and_wait(office, office.locator("[data-testid^=matter-]").filter(has_text="清淤").first)
    assert office.get_by_test_id("matter-number").inner_text() == "秀人常决〔2017〕2号"
    save_screenshot(office, "decisions-matter-detail", doc="decisions-matter-detail")

    town = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    login_as(town, base_url, "wjj_staff")
    town.goto(f"{base_url}/decisions/elections/")
    click_and_wait(town, town.locator("[data-testid^=election-]").first)
    assert town.get_by_test_id("election-state").inner_text() in {"已宣布结果", "result announced"}
    save_screenshot(town, "decisions-election-detail", doc="decisions-election-detail")

    phone = browser.new_context(locale="zh-CN", **PHONE).new_page()
    login_as(phone, base_url, "deputy")
    phone.goto(f"{base_url}/decisions/bills/")
    click_and_wait(phone, phone.locator("[data-testid^=bill-]").filter(has_text="垃圾分类").first)
    click_and_wait(phone, phone.get_by_test_id("sign-sign"))
    save_screenshot(phone, "decisions-phone-bill-signed", doc="decisions-phone-bill-signed")
