"""Set up a small district on a fresh database through the pages, the Excel imports and the API only.

Run as a program (tests/test_moving_in.py does, in a subprocess with its own empty SQLite database): `migrate`,
`createsuperuser --noinput` (the installation steps of docs/deploy.md), then everything else as the users would,
through HTTP requests: no admin, no shell, no model written directly. Exits non-zero on the first thing that fails.
"""

from __future__ import annotations

import io
import json
import os
from typing import Any

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


def main() -> Any:
    """Set the district up; the office's logged-in client (the moving-in test goes on with the past ledgers)."""
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
    print("OK", json.dumps(counts, ensure_ascii=False))
    return office


if __name__ == "__main__":
    main()
