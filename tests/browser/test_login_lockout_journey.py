"""The login lockout in a real browser (issue #16, item 1): after the rule's number of wrong passwords the login page
says the account is locked, and even the right password is refused until an administrator unlocks it. The account
is `xc_staff`, which no other journey logs in as. Screenshot: test-artifacts/screenshots/login-lockout.png."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser
USERNAME = "xc_staff"


def _try(page, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():  # the answer to this submission, not the page already shown
        page.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_the_login_page_shows_the_lockout_after_the_failures(browser, base_url, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=base_url)
    page = context.new_page()
    for _ in range(5):  # core.login_failures_per_account
        _try(page, "wrong-password")
    body = page.locator("body").inner_text()
    assert "已被锁定" in body, body
    _try(page, PASSWORD)  # the right password, while the lock holds: still the login page and its message
    assert page.url.rstrip("/").endswith("/accounts/login")
    body = page.locator("body").inner_text()
    assert "已被锁定" in body, body
    screenshot(page, "login-lockout")
    context.close()
