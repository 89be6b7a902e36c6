"""A voter's opinion raised as a suggestion, in a real browser (issue 4: "keeps its link").

The liaison officer of 王江泾镇's station registers a voter's opinion → the deputy attached to that station, on a
phone, finds it under "Voters' opinions at my stations", raises it as a suggestion and submits → the suggestion
page shows its source → the office follows the link to the opinion, which now says it was raised as a
suggestion. Screenshots in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from .test_suggestions_journey import _login

pytestmark = pytest.mark.browser
OPINION = "南汇村村口的路灯坏了半年多，晚上出行很不安全，希望尽快修好，并在桥头增设照明。"
TITLE = "关于修复南汇村村口路灯并增设桥头照明的建议"


def test_opinion_raised_as_suggestion_keeps_its_link(browser, base_url, screenshot):
    ctx_l, officer = _login(browser, base_url, "wjj_liaison")
    officer.goto("/stations/")
    officer.locator("td a", has_text="王江泾镇人大代表联络站").first.click()
    station_id = re.search(r"/stations/(\d+)/", officer.url).group(1)
    officer.goto(f"/opinions/register/{station_id}/")
    officer.locator("select[name=region]").select_option(index=1)
    officer.locator("select[name=category]").select_option(index=0)
    officer.locator("textarea[name=text]").fill(OPINION)
    officer.locator("button[type=submit]").click()
    officer.wait_for_url(re.compile(r".*/opinions/\d+/$"))
    opinion_url = officer.url
    ctx_l.close()

    ctx_d, deputy = _login(browser, base_url, "deputy", phone=True)
    deputy.goto("/suggestions/")
    deputy.get_by_test_id("raise-opinion").click()
    deputy.wait_for_url("**/suggestions/opinions/")
    row = deputy.locator("tr", has_text=OPINION[:12])
    screenshot(deputy, "suggestions-opinion-1-my-stations-on-phone")
    row.get_by_role("link").click()
    deputy.wait_for_url(re.compile(r".*/suggestions/new/\?opinion=\d+"))
    assert OPINION in deputy.get_by_test_id("source-opinion").inner_text()
    assert deputy.locator("textarea[name=text]").input_value() == OPINION
    deputy.locator("input[name=title]").fill(TITLE)
    deputy.locator("select[name=category]").select_option("城乡建设")
    screenshot(deputy, "suggestions-opinion-2-raise-on-phone")
    deputy.get_by_test_id("submit").click()
    deputy.wait_for_url(re.compile(r".*/suggestions/\d+/$"))
    suggestion_url = deputy.url
    assert OPINION in deputy.get_by_test_id("source-opinion").inner_text()
    screenshot(deputy, "suggestions-opinion-3-suggestion-shows-source")
    # Raised once, it has left the list of opinions waiting at the deputy's stations.
    deputy.goto("/suggestions/opinions/")
    assert deputy.locator("tr", has_text=OPINION[:12]).count() == 0
    ctx_d.close()

    ctx_o, office = _login(browser, base_url, "office")
    office.goto(suggestion_url)
    office.get_by_test_id("source-opinion").get_by_role("link").click()
    office.wait_for_url(opinion_url)
    suggestion_id = re.search(r"/suggestions/(\d+)/", suggestion_url).group(1)
    body = office.locator("main").inner_text()
    assert "已转为代表建议" in body or "raised as a suggestion" in body
    assert suggestion_id in body
    screenshot(office, "suggestions-opinion-4-opinion-records-the-link")
    ctx_o.close()
