"""A suggestion from a phone to a satisfied deputy, in a real browser (the acceptance journey of issue 4).

The deputy writes on a phone with a co-signer, who confirms on theirs → the office assigns a lead unit and a
co-unit → the co-unit sends its opinion → the lead unit answers with a letter → the deputy is not satisfied →
re-handled → satisfied → published; the public page shows the answer. Screenshots in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TITLE = "关于在运河沿线增设健身步道的建议"
TEXT = "运河沿线群众晨练、散步的人很多，但缺少安全的步道和照明。建议有关部门规划建设健身步道，增设路灯和休息座椅。"


def _login(browser, base_url, username, *, phone=False):
    context = browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", **(PHONE if phone else {}))
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return context, page


def _state(page) -> str:
    return page.get_by_test_id("state").inner_text().strip()


def test_suggestion_journey(browser, base_url, screenshot):
    # The co-signer's name, as the deputy would type it.
    ctx_s1, s1 = _login(browser, base_url, "deputy_s1", phone=True)
    cosigner = s1.request.get("/api/me").json()["display_name"].split()[-1]

    ctx_d, deputy = _login(browser, base_url, "deputy", phone=True)
    deputy.goto("/suggestions/new/")
    deputy.locator("input[name=title]").fill(TITLE)
    deputy.locator("textarea[name=text]").fill(TEXT)
    deputy.locator("select[name=category]").select_option("城乡建设")
    deputy.locator("input[name=cosigners]").fill(cosigner)
    screenshot(deputy, "suggestions-1-deputy-writes-on-phone", doc="suggestions-phone-new")
    deputy.get_by_test_id("submit").click()
    deputy.wait_for_url("**/suggestions/*/")
    detail_url = deputy.url
    assert _state(deputy) == "待联名代表确认" or "co-signers" in _state(deputy)
    screenshot(deputy, "suggestions-2-awaiting-cosigner")

    s1.goto(detail_url)
    s1.get_by_test_id("cosign-confirm").click()
    s1.wait_for_url(detail_url)
    screenshot(s1, "suggestions-3-cosigner-confirmed")
    state_after_cosign = _state(s1)
    ctx_s1.close()

    ctx_o, office = _login(browser, base_url, "office")
    office.goto(detail_url)
    assert office.get_by_test_id("review").is_visible()
    form = office.get_by_test_id("assign-form")
    form.locator("select[name=lead]").select_option(label="区教育局")
    form.locator("select[name=co_units]").select_option(label=["区水利局"])
    screenshot(office, "suggestions-4-office-assigns", doc="suggestions-office-review")
    form.locator("button").click()
    office.wait_for_url(detail_url)
    assert "区教育局" in office.content()

    ctx_c, co = _login(browser, base_url, "sl_clerk")
    co.goto(detail_url)
    co.get_by_test_id("opinion-form").locator("textarea").fill("我局同意在运河堤防管理范围内建设步道，请主办单位统筹设计。")
    co.get_by_test_id("opinion-form").locator("button").click()
    co.wait_for_url(detail_url)
    screenshot(co, "suggestions-5-co-unit-opinion")
    assert "answer-form" not in co.content()  # the co-unit does not answer
    ctx_c.close()

    ctx_u, unit = _login(browser, base_url, "edu_clerk")

    def answer(text: str, name: str):
        unit.goto(detail_url)
        form = unit.get_by_test_id("answer-form")
        form.locator("select[name=outcome]").select_option("A")
        form.locator("textarea[name=text]").fill(text)
        screenshot(unit, name, doc="suggestions-unit-answer" if "first" in name else None)
        form.locator("button").click()
        unit.wait_for_url(detail_url)

    answer("经研究，步道建设已列入明年城市更新计划，将分段实施并增设照明设施。", "suggestions-6-lead-unit-answers-first")
    assert unit.get_by_test_id("letter").count() == 1

    deputy.goto(detail_url)
    deputy.locator("input[name=process][value=basic]").check()
    deputy.locator("input[name=result][value=not]").check()
    deputy.locator("textarea[name=comment]").fill("时间太长，希望今年先解决照明问题。")
    screenshot(deputy, "suggestions-7-deputy-not-satisfied-on-phone", doc="suggestions-phone-feedback")
    deputy.get_by_test_id("feedback-submit").click()
    deputy.wait_for_url(detail_url)
    rehandling = _state(deputy)

    answer("根据代表意见重新研究，照明设施已于本月安装完成，步道建设按计划推进。", "suggestions-8-lead-unit-answers-again")
    deputy.goto(detail_url)
    deputy.locator("input[name=process][value=satisfied]").check()
    deputy.locator("input[name=result][value=satisfied]").check()
    deputy.get_by_test_id("feedback-submit").click()
    deputy.wait_for_url(detail_url)
    screenshot(deputy, "suggestions-9-deputy-satisfied")
    closed = _state(deputy)
    ctx_u.close()

    office.goto(detail_url)
    office.get_by_test_id("publish").click()
    office.wait_for_url(detail_url)
    ctx_o.close()
    ctx_d.close()

    ctx_p = browser.new_context(base_url=base_url, locale="zh-CN", **PHONE)
    public = ctx_p.new_page()
    public.goto(detail_url.replace("/suggestions/", "/suggestions/public/"))
    answers = public.get_by_test_id("public-answers").inner_text()
    assert "照明设施已于本月安装完成" in answers
    names = public.get_by_test_id("public-deputy").inner_text()
    assert cosigner in names
    screenshot(public, "suggestions-10-public-page-on-phone", doc="suggestions-public")
    ctx_p.close()
    assert state_after_cosign != rehandling != closed
