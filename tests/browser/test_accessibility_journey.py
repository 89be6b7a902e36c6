"""Accessibility (GB/T 37668, i.e. WCAG 2.1 AA; issue #14): axe-core, vendored under tests/browser/vendor/ so CI needs
no network, checks the main pages — public ones without an account, the office's, a deputy's — at a desktop size and
on a 390×844 phone, and every page must fit a 320 px screen without scrolling sideways. Zero violations.

A failure lists each rule with its help text and the first elements it found, page by page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import PASSWORD, save_screenshot

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0/2.1 A and AA (GB/T 37668's level), plus axe's best practices that concern a screen reader's names
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
NARROW = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}

# the outermost elements reaching past the screen's right edge (what to fix when a page scrolls sideways)
WIDEST = """() => Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    && !(e.parentElement && e.parentElement.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""))"""
PUBLIC = [
    "/public/",
    "/opinions/submit/",
    "/opinions/track/",
    "/suggestions/public/",
    "/projects/public/?year=2017",
    "/meetings/public/",
    "/supervision/public/",
    "/open-data/",
    "/accounts/login/",
]
OFFICE = [
    "/",
    "/overview/?year=2017&half=1",
    "/deputies/",
    "/suggestions/",
    "/opinions/",
    "/stations/",
    "/meetings/",
    "/projects/",
    "/notices/",
    "/account/password/",
]
DEPUTY = ["/", "/meetings/mine/"]


def _context(browser, base_url, size):
    # the site's Content-Security-Policy forbids inline scripts; the test injects axe itself
    return browser.new_context(base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True, **size)


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def _check(page, path: str, found: dict[str, list[str]], label: str, narrow: bool = False) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path}: {response.status if response else 'no answer'}"
    page.wait_for_load_state("networkidle")
    if narrow:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            widest = page.evaluate(WIDEST)
            found.setdefault(f"{label} {path}", []).append(f"scrolls sideways at 320 px: {width} px wide; {widest}")
        return
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    violations = page.evaluate("async (options) => (await axe.run(document, options)).violations", AXE_OPTIONS)
    if path.startswith(("/overview/", "/projects/ballots/")):
        save_screenshot(page, f"a11y-{label.replace(' ', '-')}-{path.strip('/').split('/')[0]}")
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:4]]
        found.setdefault(f"{label} {path}", []).append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — {targets}")


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}\n  " + "\n  ".join(problems) for page, problems in found.items())


def _ballot_path(page) -> str:
    cycles = page.request.get("/api/projects/cycles?year=2018").json()
    ballot_id = next(c["ballot_id"] for c in cycles if c["ballot_id"])
    return f"/projects/ballots/{ballot_id}/"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_main_pages_have_no_axe_violations(browser, base_url, size):
    found: dict[str, list[str]] = {}
    viewport = DESKTOP if size == "desktop" else PHONE
    for username, paths in ((None, PUBLIC), ("office", OFFICE), ("deputy", DEPUTY)):
        ctx = _context(browser, base_url, viewport)
        try:
            page = ctx.new_page()
            if username:
                _login(page, username)
            extra = []
            if username is None:
                page.goto("/public/")
                extra.append(page.get_by_test_id("portal-station").first.get_attribute("href"))
            if username == "deputy":
                extra.append(_ballot_path(page))
            for path in [*paths, *extra]:
                _check(page, path, found, f"{size} {username or 'public'}")
            save_screenshot(page, f"a11y-{size}-{username or 'public'}-last")
        finally:
            ctx.close()
    assert not found, "axe-core found violations:\n" + _report(found)


def test_no_page_scrolls_sideways_at_320_px(browser, base_url):
    found: dict[str, list[str]] = {}
    for username, paths in ((None, PUBLIC), ("office", OFFICE), ("deputy", DEPUTY)):
        ctx = _context(browser, base_url, NARROW)
        try:
            page = ctx.new_page()
            if username:
                _login(page, username)
            for path in paths:
                _check(page, path, found, f"320px {username or 'public'}", narrow=True)
        finally:
            ctx.close()
    assert not found, "pages wider than a 320 px screen:\n" + _report(found)
