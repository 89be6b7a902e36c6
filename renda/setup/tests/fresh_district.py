"""Set up a small district on a fresh database through the pages, the Excel imports and the API only.

Run as a program (tests/test_moving_in.py does, in a subprocess with its own empty SQLite database): `migrate`,
`createsuperuser --noinput` (the installation steps of docs/deploy.md), then everything else as the users would,
through HTTP requests: no admin, no shell, no model written directly. Exits non-zero on the first thing that fails.
"""

from __future__ import annotations

import io
import json
import os

ADMIN_PASSWORD = "Install-2026-Admin"  # noqa: S105 - a throwaway installation's
OFFICE_PASSWORD, OFFICE_NEW = "Office-2026-first", "Office-2026-mine"  # noqa: S105
TOWN_PASSWORD, TOWN_NEW = "Town-2026-first", "Town-2026-mine"  # noqa: S105


def xlsx(headers, rows):
    from renda.core.xlsx import xlsx_bytes

    return xlsx_bytes(headers, [[row.get(h, "") for h in headers] for row in rows])


def upload(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def check(condition, what):
    if not condition:
        raise SystemExit(f"FAILED: {what}")


def api_rows(client, key, rows, *, dry_run=False):
    answer = client.post(f"/api/setup/{key}", json.dumps({"rows": rows, "dry_run": dry_run}), content_type="application/json")
    check(answer.status_code == 200, f"API {key}: {answer.status_code} {answer.content[:500]!r}")
    return answer.json()


def page_import(client, key, name, data):
    """Upload → preview → confirm, as on the import page."""
    preview = client.post(f"/setup/{key}/import/", {"file": upload(name, data)})
    body = preview.content.decode()
    check(preview.status_code == 200 and 'name="pending"' in body, f"preview of {name}: {preview.status_code} {body[-1500:]}")
    pending = body.split('name="pending" value="')[1].split('"')[0]
    done = client.post(f"/setup/{key}/import/", {"pending": pending})
    check(done.status_code == 302, f"import of {name}: {done.status_code}")


def login(client, username, password):
    answer = client.post("/accounts/login/", {"username": username, "password": password})
    check(answer.status_code == 302, f"login {username}: {answer.status_code}")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    os.environ.update(
        DJANGO_SUPERUSER_USERNAME="admin", DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD, DJANGO_SUPERUSER_EMAIL="a@example.com"
    )
    call_command("createsuperuser", interactive=False, verbosity=0)

    # 1. The administrator: the district, the office's account and its role.
    admin = Client()
    login(admin, "admin", ADMIN_PASSWORD)
    check(api_rows(admin, "regions", [{"name": "试验区", "kind": "区"}])["created"] == 1, "the district")
    form = {"username": "office1", "name": "区人大办 甲", "phone": "13900000001", "region": "试验区", "password": OFFICE_PASSWORD}
    check(admin.post("/setup/accounts/", form).status_code == 302, "the office account through the page")
    check(
        api_rows(admin, "grants", [{"username": "office1", "role": "人大办工作人员", "region": "试验区"}])["created"] == 1,
        "office role",
    )

    # 2. The office: first login changes the password, then everything else.
    office = Client()
    login(office, "office1", OFFICE_PASSWORD)
    check(office.get("/setup/").status_code == 302, "first login goes to the password change")
    changed = office.post(
        "/account/password/", {"old_password": OFFICE_PASSWORD, "new_password": OFFICE_NEW, "confirm": OFFICE_NEW}
    )
    check(changed.status_code == 302, f"password change {changed.status_code}")
    check(office.get("/setup/").status_code == 200, "the set-up page")

    from renda.setup.sheets import SHEETS

    regions = [
        {"名称": "甲镇", "类型": "镇", "上级区域": "试验区", "排序": "1"},
        {"名称": "乙街道", "类型": "街道", "上级区域": "试验区", "排序": "2"},
        {"名称": "东村", "类型": "村", "上级区域": "甲镇"},
        {"名称": "西村", "类型": "村", "上级区域": "甲镇"},
        {"名称": "南社区", "类型": "社区", "上级区域": "乙街道"},
    ]
    regions_file = xlsx(SHEETS["regions"].headers, regions)
    page_import(office, "regions", "区域.xlsx", regions_file)
    again = office.post("/api/setup/regions/import", {"file": upload("区域.xlsx", regions_file)})
    check(
        again.status_code == 200 and again.json()["unchanged"] == 5 and again.json()["created"] == 0, "re-import changes nothing"
    )

    bodies = [
        {"name": "试验区人民代表大会", "kind": "人民代表大会", "region": "试验区"},
        {"name": "试验区人大常委会", "kind": "常务委员会", "region": "试验区", "congress": "试验区人民代表大会"},
        {"name": "试验区人大常委会教科文卫工委", "kind": "工作委员会", "region": "试验区", "congress": "试验区人民代表大会"},
        {"name": "甲镇人民代表大会", "kind": "人民代表大会", "region": "甲镇"},
        {"name": "甲镇人大主席团", "kind": "主席团", "region": "甲镇", "congress": "甲镇人民代表大会"},
    ]
    check(api_rows(office, "bodies", bodies, dry_run=True)["created"] == 5, "bodies preview")
    check(api_rows(office, "bodies", bodies)["created"] == 5, "bodies")
    terms_file = xlsx(SHEETS["terms"].headers, [
        {"所属人大": "试验区人民代表大会", "届次": "9", "开始日期": "2016-12-28"},
        {"所属人大": "甲镇人民代表大会", "届次": "17", "开始日期": "2016-12-20"},
    ])  # fmt: skip
    answer = office.post("/api/setup/terms/import", {"file": upload("届次.xlsx", terms_file)})
    check(answer.status_code == 200 and answer.json()["created"] == 2, f"terms {answer.content!r}")
    check(api_rows(office, "districts", [
        {"congress": "试验区人民代表大会", "term": "9", "name": "第1选区", "region": "甲镇"},
        {"congress": "试验区人民代表大会", "term": "9", "name": "第2选区", "region": "乙街道"},
        {"congress": "甲镇人民代表大会", "term": "17", "name": "东村选区", "region": "东村"},
    ])["created"] == 3, "electoral districts")  # fmt: skip
    check(
        api_rows(office, "groups", [{"congress": "试验区人民代表大会", "name": "甲镇代表小组", "region": "甲镇"}])["created"]
        == 1,
        "groups",
    )
    page_import(office, "units", "单位.xlsx", xlsx(SHEETS["units"].headers, [
        {"单位名称": "区教育局", "类型": "政府部门", "所属区域": "试验区", "负责人": "李四", "负责人职务": "局长"},
        {"单位名称": "甲镇农办", "类型": "站所", "所属区域": "甲镇"},
        {"单位名称": "区交通局", "类型": "政府部门", "所属区域": "试验区", "负责人": "王五", "负责人职务": "局长"},
    ]))  # fmt: skip
    check(api_rows(office, "accounts", [
        {"username": "town1", "name": "甲镇 乙", "phone": "13900000002", "region": "甲镇", "password": TOWN_PASSWORD},
        {"username": "liaison1", "name": "联络员 丙", "region": "甲镇", "password": TOWN_PASSWORD},
        {"username": "clerk1", "name": "教育局 丁", "region": "试验区", "password": TOWN_PASSWORD},
    ])["created"] == 3, "accounts")  # fmt: skip
    check(api_rows(office, "grants", [
        {"username": "town1", "role": "镇街工作人员", "region": "甲镇"},
        {"username": "clerk1", "role": "承办单位联络员", "unit": "区教育局"},
    ])["created"] == 2, "grants")  # fmt: skip

    # 3. Town staff: their own town only.
    town = Client()
    login(town, "town1", TOWN_PASSWORD)
    changed = town.post("/api/accounts/password", json.dumps({"old_password": TOWN_PASSWORD, "new_password": TOWN_NEW, "confirm": TOWN_NEW}),
                        content_type="application/json")  # fmt: skip
    check(changed.status_code == 200, f"town password change {changed.status_code} {changed.content!r}")
    check(
        api_rows(town, "grants", [{"username": "liaison1", "role": "联络员", "region": "甲镇"}])["created"] == 1, "liaison role"
    )
    station = {"name": "甲镇人大代表联络站", "kind": "联络站", "region": "甲镇", "officer": "liaison1", "day_of_month": "15",
               "start_time": "09:00", "end_time": "11:30"}  # fmt: skip
    check(api_rows(town, "stations", [station])["created"] == 1, "station")
    outside = town.post("/api/setup/regions", json.dumps({"rows": [{"name": "越界村", "kind": "村", "parent": "乙街道"}]}),
                        content_type="application/json")  # fmt: skip
    check(outside.status_code == 422, "town staff outside their town")

    # 4. The roster: the template's own example row, then a deputy of the district.
    template = office.get("/deputies/import/template/")
    check(template.status_code == 200, "roster template")
    answer = office.post("/deputies/import/", {"file": upload("代表.xlsx", template.content)})
    check(
        answer.status_code == 302,
        f"the roster template's example imports: {answer.status_code} {answer.content.decode()[-1500:]}",
    )

    # 5. What the office now sees, read back through the API.
    counts = {key: len(office.get(f"/api/setup/{key}").json()) for key in SHEETS}
    expected = {
        "regions": 6,
        "bodies": 5,
        "terms": 2,
        "districts": 3,
        "groups": 1,
        "units": 3,
        "stations": 1,
        "accounts": 4,
        "grants": 4,
    }
    check(counts == expected, f"counts {counts} != {expected}")
    deputies = office.get("/api/deputies").json()
    check(deputies["count"] == 1, f"deputies {deputies}")
    liaison_scope = Client()
    login(liaison_scope, "liaison1", TOWN_PASSWORD)

    # 6. A past half-year of ledgers (2019 H2), imported today, years later: the overview counts them as if entered live.
    figures = past_half_year(office, deputy="张三")  # the roster template's example deputy
    print("OK", json.dumps(counts, ensure_ascii=False), json.dumps(figures, ensure_ascii=False))


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
    listed = office.get("/api/suggestions/", {"year": 2019}).json()
    check(listed.get("count") == len(rows), f"suggestions of 2019 after a second import: {listed.get('count')}")

    answer = office.get("/api/overview", {"year": 2019, "half": 2})
    check(answer.status_code == 200, f"overview {answer.status_code}")
    counted = {f["key"]: f["value"] for f in answer.json()["figures"]}
    expected = expected_figures(SimpleNamespace(stations=[SimpleNamespace(kind="station")]),
                                SimpleNamespace(activities=activities, opinions=opinions))  # fmt: skip
    rounds = independent_count(rows, steps)
    expected |= {"suggestions": rounds["submitted"], "suggestions_on_time": rounds["on_time"]}
    exercised = {k: v for k, v in expected.items() if not k.startswith("stations_")}
    check(all(exercised.values()), f"the ledgers exercise every figure: {expected}")
    got = {k: counted.get(k, 0) for k in expected}
    check(got == expected, f"overview {got} != counted from the rows {expected}")
    others = {k: v for k, v in counted.items() if k not in expected and v}
    check(not others, f"figures of nothing imported: {others}")
    return expected


if __name__ == "__main__":
    main()
