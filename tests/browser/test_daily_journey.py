"""Daily use on a 390×844 phone (issue #14): the unit clerk's to-do home, the module menu instead of a sideways
strip, the profile menu (password, tokens, log out), filters folded behind one button, the skip link first, and the
voter's form showing the 400 that htmx used to drop."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone screen"


@pytest.mark.browser_context_args(**PHONE)
def test_the_clerks_todo_home_menu_and_profile_on_a_phone(page, login, screenshot):
    login(page, "edu_clerk")
    todo = page.locator("[data-testid=todo]")
    todo.wait_for()
    assert page.locator("[data-testid=todo] .todo-item").count() >= 1
    no_sideways_scroll(page)
    screenshot(page, "daily-01-clerk-home-phone", doc="daily-clerk-home-phone")
    # the module menu: folded on a phone, one button opens it
    inbox = page.locator("nav.nav a[href='/suggestions/inbox/']")
    assert not inbox.is_visible()
    toggle = page.locator("[data-nav-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert inbox.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    screenshot(page, "daily-02-menu-phone", doc="daily-menu-phone")
    toggle.click()
    # the profile menu: the name opens password, tokens and log out
    page.locator("[data-testid=account]").click()
    assert page.locator("[data-testid=logout]").is_visible()
    screenshot(page, "daily-03-profile-menu-phone")
    page.locator("[data-testid=menu-password]").click()
    page.wait_for_url("**/account/password/")
    assert page.locator("input[type=password]").count() >= 3
    # a to-do count opens exactly its list
    page.goto("/")
    first = page.locator("[data-testid=todo] .todo-item a").first
    with page.expect_navigation():
        first.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith("/inbox/")


@pytest.mark.browser_context_args(**PHONE)
def test_filters_fold_behind_one_button_and_the_skip_link_comes_first(page, login, screenshot):
    login(page, "wjj_staff")
    page.goto("/opinions/")
    page.keyboard.press("Tab")  # the first stop of the keyboard skips the header
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    form = page.locator("form.filters")
    assert not form.is_visible()
    page.locator("[data-testid=filters-toggle]").click()
    assert form.is_visible()
    no_sideways_scroll(page)
    screenshot(page, "daily-04-filters-phone", doc="daily-filters-phone")


def test_filters_are_open_on_a_desktop(page, login):
    login(page, "wjj_staff")
    page.goto("/opinions/")
    assert page.locator("form.filters").is_visible()
    assert not page.locator("[data-testid=filters-toggle]").is_visible()
    assert not page.locator("[data-nav-toggle]").is_visible()


@pytest.mark.browser_context_args(**PHONE)
def test_the_voters_form_shows_a_bad_phone_numbers_error(page, screenshot):
    page.goto("/opinions/submit/")
    page.locator("input[name=phone]").fill("1234567")
    page.locator("[data-testid=send-code]").click()
    error = page.locator("#code-status [role=alert]")
    error.wait_for()
    assert error.inner_text().strip()
    assert page.locator("#code-status").get_attribute("aria-live") == "polite"
    screenshot(page, "daily-05-voter-bad-phone")


@pytest.mark.browser_context_args(**PHONE)
def test_search_more_of_one_kind_pages_through_on_a_phone(page, login, screenshot):
    """The header's search box, a group with more matches, its "every match" link, then its next page."""
    login(page, "office")
    page.goto("/search/?q=代表")
    more = page.locator("[data-testid=search-more]").first
    more.wait_for()
    no_sideways_scroll(page)
    with page.expect_navigation():
        more.click()
    assert "kind=" in page.url
    assert page.locator("[data-testid=search-group]").count() == 1
    first_page = page.locator("[data-testid=search-group] li a").all_inner_texts()
    no_sideways_scroll(page)
    page.locator("[data-testid=search-pager]").scroll_into_view_if_needed()  # the docs' image: the end of the page
    screenshot(page, "daily-04-search-one-kind-phone", doc="daily-search-phone")
    with page.expect_navigation():
        page.locator("[data-testid=search-next]").click()
    assert "page=2" in page.url and page.locator("[data-testid=search-prev]").is_visible()
    second_page = page.locator("[data-testid=search-group] li a").all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)
