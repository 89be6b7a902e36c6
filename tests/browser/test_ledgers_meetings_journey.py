"""The meetings ledger in a real browser: the office brings the minutes of a standing-committee meeting (the 会议,
出席情况 and 议程和表决 sheets), sees every bad row listed with its sheet and number, corrects the file and reads the
preview (nothing is kept by a preview: the demo's figures stay as they are). Screenshots in
test-artifacts/screenshots/ledgers-meetings-*.png (docs/img/ledgers-meetings-*.png with RENDA_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import pytest

from renda.ledgers.tests.test_meetings import workbook  # the three sheets, as an office fills them

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name: str, data: bytes) -> None:
    page.locator("input[name=file]").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def test_office_previews_the_minutes_of_a_past_meeting(browser, base_url, login, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=base_url)
    page = login(context.new_page(), "office")
    known = page.request.get("/api/meetings/?kind=standing_committee&page_size=200").json()["items"]
    model = min((m for m in known if m["state"] == "closed"), key=lambda m: m["start_date"])
    board = page.request.get(f"/api/meetings/{model['id']}/attendance").json()
    members = [a["name"] for a in board["attendees"] if a["role"] == "member" and a["entitled"]]
    day = model["start_date"]
    meeting = {"key": "HY-99", "body": model["body"], "kind": "常委会会议", "number": "99", "start_at": f"{day} 14:30",
               "end_at": f"{day} 17:00", "venue": "区人大常委会会议室", "notified_at": f"{day} 08:00"}  # fmt: skip
    attendance = [
        {"meeting": "HY-99", "name": name, "status": "出席", "signed_in_at": f"{day} 14:{10 + i % 20:02d}"}
        if i % 9
        else {"meeting": "HY-99", "name": name, "status": "请假", "leave_reason": "出差"}
        for i, name in enumerate(members)
    ]
    present = sum(1 for a in attendance if a["status"] == "出席")
    agenda = [
        {"meeting": "HY-99", "order": "1", "item_kind": "听取和审议报告", "item_title": "听取和审议区人民政府关于环境状况的报告"},
        {"meeting": "HY-99", "order": "2", "item_kind": "作出决定", "item_title": "关于清淤工程列入政府性投资计划的决定",
         "vote": "关于清淤工程列入政府性投资计划的决定", "yes": str(present - 1), "no": "0", "abstain": "1", "outcome": "通过",
         "voted_at": f"{day} 16:30"},
    ]  # fmt: skip
    page.goto("/ledgers/")
    page.goto("/ledgers/meetings/import/")
    wrong_attendance = [attendance[0] | {"status": "迟到"}, *attendance[1:]]
    wrong_agenda = [agenda[0] | {"item_kind": "听报告"}, agenda[1] | {"yes": "三十"}]  # not in the dropdown; not a number
    upload(page, "2017年常委会会议台账.xlsx", workbook([meeting], wrong_attendance, wrong_agenda))
    errors = page.get_by_test_id("ledger-errors")
    errors.wait_for()
    cells = [r.inner_text() for r in errors.locator("tbody tr td:first-child").all()]
    assert any("出席情况" in c for c in cells) and any("议程和表决" in c for c in cells), cells
    screenshot(page, "ledgers-meetings-1-errors", doc="ledgers-meetings-errors")

    upload(page, "2017年常委会会议台账.xlsx", workbook([meeting], attendance, agenda))
    page.get_by_test_id("ledger-preview").wait_for()
    screenshot(page, "ledgers-meetings-2-preview", doc="ledgers-meetings-preview")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=base_url)
    small = login(phone.new_page(), "office")
    small.goto("/ledgers/meetings/import/")
    upload(small, "2017年常委会会议台账.xlsx", workbook([meeting], wrong_attendance, wrong_agenda))
    small.get_by_test_id("ledger-errors").wait_for()
    screenshot(small, "ledgers-meetings-3-errors-phone")
    phone.close()
    context.close()
