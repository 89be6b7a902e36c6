"""A fresh database set up to a working district (renda/setup/tests/fresh_district.py: migrate, createsuperuser, then
pages, imports and the API only), then a past half-year of its ledgers imported years later through the ledger
pages: station activities, voters' opinions, deputies' suggestions with every handling round, the congress session
from its minutes (attendance and a vote's counts). Every figure of the
work overview must equal a count made from the imported rows alone. Run as a program by tests/test_moving_in.py."""

from __future__ import annotations

import json

from renda.setup.tests.fresh_district import check, upload

STATION = "甲镇人大代表联络站"


def ledger_page_import(client, kind, name, data):
    """Upload → preview → import, as on the ledger page; the import's id."""
    preview = client.post(f"/ledgers/{kind}/import/", {"file": upload(name, data)})
    body = preview.content.decode()
    check(preview.status_code == 200 and 'name="upload" value="' in body, f"preview of {name}: {preview.status_code} {body[-2500:]}")
    pending = body.split('name="upload" value="')[1].split('"')[0]
    done = client.post(f"/ledgers/{kind}/import/commit/", {"upload": pending})
    check(done.status_code == 302, f"import of {name}: {done.status_code} {done.content.decode()[-1500:]}")


def past_half_year(office, *, deputy):
    """Activities, voters' opinions and suggestions with every round of 2019 H2 (and a few just outside it) through
    the ledger pages, then every figure of the overview against a count made from the rows alone."""
    from types import SimpleNamespace

    from renda.ledgers.models import Kind
    from renda.ledgers.tests.district import xlsx as ledger_xlsx
    from renda.ledgers.tests.test_half_year import expected_figures
    from renda.ledgers.tests.test_meetings import workbook as meetings_workbook
    from renda.ledgers.tests.test_suggestion_rounds import independent_count, rounds_rows

    activities = [
        {"key": f"HD-{n}", "station": STATION, "kind": "接待日", "topic": f"{day}选民接待日", "date": day, "start_time": "09:00",
         "end_time": "11:30", "voters_received": str(3 + n), "discussion": "听取选民意见", "deputies": deputy}
        for n, day in enumerate(["2019-06-15", "2019-07-15", "2019-09-15", "2019-11-15", "2020-01-15"])
    ]  # fmt: skip
    base = {"station": STATION, "category": "城乡建设", "text": "村道破损，雨天积水，希望尽快修缮。", "activity": "HD-1"}
    routed = {"handling": "交办单位", "unit": "区教育局", "registered_at": "2019-07-15 09:30", "routed_at": "2019-07-15 10:00"}
    opinions = [
        base | routed | {"key": "YJ-1", "answered_at": "2019-07-20 16:00", "answer": "已安排维修。",
                         "told_at": "2019-07-21 10:00", "solved": "是", "feedback_at": "2019-07-25 10:00"},
        base | routed | {"key": "YJ-2", "answered_at": "2019-09-01 16:00", "answer": "已安排维修。"},  # late
        base | routed | {"key": "YJ-3"},  # never answered: overdue
        base | {"key": "YJ-4", "handling": "当场答复", "registered_at": "2019-07-15 09:40", "answered_at": "2019-07-15 09:55",
                "answer": "当场作了解释。"},
        base | {"key": "YJ-5", "handling": "交办单位", "unit": "区教育局", "registered_at": "2019-07-15 09:50",
                "routed_at": "2019-07-16 10:00", "returned_at": "2019-07-17 10:00", "return_reason": "不属本单位职责",
                "rerouted_unit": "甲镇农办", "rerouted_at": "2019-07-18 10:00", "answered_at": "2019-07-30 10:00",
                "answer": "已协调处理。"},
        base | {"key": "YJ-6", "handling": "待处理", "registered_at": "2019-06-15 09:30", "activity": "HD-0"},  # H1
    ]  # fmt: skip
    rows, steps = rounds_rows("试验区人民代表大会", [deputy] * 4, ["区教育局", "甲镇农办", "区交通局"])
    ledger_page_import(office, Kind.ACTIVITIES, "2019下半年活动台账.xlsx", ledger_xlsx(Kind.ACTIVITIES, activities))
    ledger_page_import(office, Kind.OPINIONS, "2019下半年意见台账.xlsx", ledger_xlsx(Kind.OPINIONS, opinions))
    suggestions_file = ledger_xlsx(Kind.SUGGESTIONS, rows, steps)
    ledger_page_import(office, Kind.SUGGESTIONS, "2019建议台账.xlsx", suggestions_file)
    again = office.post(f"/ledgers/{Kind.SUGGESTIONS}/import/", {"file": upload("2019建议台账（再次）.xlsx", suggestions_file)})
    body = again.content.decode()
    check(again.status_code == 200 and 'data-testid="ledger-preview"' in body and 'name="upload"' not in body,
          f"a second import of the same file has nothing to import: {body[-1500:]}")  # fmt: skip
    sessions = [  # the district congress's session of December, from its minutes
        {"key": "DH-3", "body": "试验区人民代表大会", "kind": "人民代表大会会议", "number": "3", "start_at": "2019-12-20 09:00",
         "end_at": "2019-12-20 16:00", "notified_at": "2019-11-20 09:00"},
    ]  # fmt: skip
    present = [{"meeting": "DH-3", "name": deputy, "status": "出席", "signed_in_at": "2019-12-20 08:30"}]
    agenda = [{"meeting": "DH-3", "order": "1", "item_kind": "通过决议", "item_title": "关于区人民政府工作报告的决议",
               "vote": "关于区人民政府工作报告的决议", "yes": "1", "no": "0", "abstain": "0", "outcome": "通过"}]  # fmt: skip
    ledger_page_import(office, Kind.MEETINGS, "2019会议台账.xlsx", meetings_workbook(sessions, present, agenda))
    listed = office.get("/api/suggestions/", {"year": 2019}).json()
    check(listed.get("count") == len(rows), f"suggestions of 2019 after a second import: {listed.get('count')}")

    answer = office.get("/api/overview", {"year": 2019, "half": 2})
    check(answer.status_code == 200, f"overview {answer.status_code}")
    counted = {f["key"]: f["value"] for f in answer.json()["figures"]}
    expected = expected_figures(SimpleNamespace(stations=[SimpleNamespace(kind="station")]),
                                SimpleNamespace(activities=activities, opinions=opinions))  # fmt: skip
    rounds = independent_count(rows, steps)
    expected |= {"suggestions": rounds["submitted"], "suggestions_on_time": rounds["on_time"]}
    expected |= {"meetings_congress": sum(1 for m in sessions if m["kind"] == "人民代表大会会议" and m["start_at"] >= "2019-07")}
    exercised = {k: v for k, v in expected.items() if not k.startswith("stations_")}
    check(all(exercised.values()), f"the ledgers exercise every figure: {expected}")
    got = {k: counted.get(k, 0) for k in expected}
    check(got == expected, f"overview {got} != counted from the rows {expected}")
    others = {k: v for k, v in counted.items() if k not in expected and v}
    check(not others, f"figures of nothing imported: {others}")
    return expected


def main() -> None:
    from renda.setup.tests import fresh_district

    office = fresh_district.main()  # sets Django up, migrates, builds the district
    figures = past_half_year(office, deputy="张三")  # the roster template's example deputy
    print("OK", json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
