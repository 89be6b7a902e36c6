"""Supervision in a real browser: the office's lists, an inspection and the water campaign's figures; a deputy out
with the unannounced visit adds a finding from a phone; the clerk of 区教育局 writes the handling report of the
opinions sent to the unit; anyone reads the published reports and evaluation results. Screenshots in
test-artifacts/screenshots/supervision-*.png (and docs/img/supervision-*.png with RENDA_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE_VIEWPORT = {"width": 390, "height": 844}


def test_office_deputy_unit_and_public(browser, base_url, login, screenshot):
    # 1. The office: the activities, one inspection, the water campaign, the evaluation round.
    office_context = browser.new_context(base_url=base_url, locale="zh-CN")
    office = login(office_context.new_page(), "office")
    office.goto("/supervision/")
    assert office.get_by_test_id("result-count").is_visible()
    screenshot(office, "supervision-1-activities", doc="supervision-activities")
    office.goto("/supervision/?q=科技创新平台&kind=inspection")
    with office.expect_navigation():
        office.get_by_test_id("activity-link").first.click()
    office.wait_for_load_state()
    assert "科技创新平台" in office.content()
    screenshot(office, "supervision-2-inspection", doc="supervision-activity")
    office.goto("/supervision/campaigns/")
    with office.expect_navigation():
        office.get_by_test_id("campaign-link").filter(has_text="劣V类水").first.click()
    office.wait_for_load_state()
    assert "780" in office.content() or "32" in office.content()
    screenshot(office, "supervision-3-campaign", doc="supervision-campaign")
    office.goto("/supervision/evaluations/")
    with office.expect_navigation():
        office.get_by_test_id("round-link").filter(has_text="2017年度区级部门工作评议").first.click()
    office.wait_for_load_state()
    screenshot(office, "supervision-4-evaluation", doc="supervision-evaluation")

    # 2. The deputy, on a phone, out with the unannounced visit: a finding.
    phone = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", base_url=base_url, is_mobile=True, has_touch=True)
    deputy = login(phone.new_page(), "deputy")
    deputy.goto("/supervision/mine/")
    screenshot(deputy, "supervision-5-deputy-mine", doc="supervision-mine")
    deputy.get_by_test_id("add-finding").first.click()
    deputy.locator("textarea[name=text]").fill("办事窗口午间无人值守，群众排队等候时间较长。")
    screenshot(deputy, "supervision-6-deputy-finding", doc="supervision-finding")
    with deputy.expect_navigation():
        deputy.get_by_test_id("save").click()
    deputy.wait_for_load_state()
    assert "办事窗口午间无人值守" in deputy.content() or deputy.url.endswith("/supervision/mine/")

    # 3. The clerk of 区教育局: the unit's items, then the handling report of the opinions awaiting it.
    clerk_context = browser.new_context(base_url=base_url, locale="zh-CN")
    clerk = login(clerk_context.new_page(), "edu_clerk")
    clerk.goto("/supervision/unit/")
    screenshot(clerk, "supervision-7-unit", doc="supervision-unit")
    with clerk.expect_navigation():
        clerk.get_by_test_id("opinion-link").first.click()
    clerk.wait_for_load_state()
    if clerk.get_by_test_id("write-report").count():
        clerk.get_by_test_id("write-report").click()
        clerk.locator("textarea[name=text]").fill("我局已逐条研究，制定整改方案，明确责任科室和完成时限。")
        screenshot(clerk, "supervision-8-handling-report", doc="supervision-handling-report")
        with clerk.expect_navigation():
            clerk.locator("button[type=submit]").last.click()
        clerk.wait_for_load_state()
        assert "我局已逐条研究" in clerk.content()

    # 4. Anyone: the published reports and evaluation results.
    public = browser.new_context(base_url=base_url, locale="zh-CN").new_page()
    public.goto("/supervision/public/")
    screenshot(public, "supervision-9-public", doc="supervision-public")
    if public.get_by_test_id("public-round").count():
        with public.expect_navigation():
            public.get_by_test_id("public-round").first.click()
        public.wait_for_load_state()
        screenshot(public, "supervision-10-public-round", doc="supervision-public-round")
