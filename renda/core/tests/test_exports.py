"""Exports written by the task worker (renda/core/exports.py): queued past the rule's rows, written by replaying the
list for its requester, downloaded only by them within their scope, expired by the daily job; the API beside it;
the streaming writer."""

import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from renda.core import exports
from renda.core.models import AuditEvent, Export, Notice, Rule
from renda.core.xlsx_stream import write_xlsx
from renda.org.models import RoleGrant


@pytest.fixture
def small_inline(settings, tmp_path, django_capture_on_commit_callbacks):
    """Exports of more than 5 rows go to the worker (the immediate task backend runs it on commit)."""
    settings.RENDA_EXPORTS_DIR = str(tmp_path)
    Rule.objects.create(key="core.export_inline_rows", value=5)
    return django_capture_on_commit_callbacks


def _sheet(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))


def test_a_short_list_is_exported_in_the_request(world, settings, tmp_path):
    settings.RENDA_EXPORTS_DIR = str(tmp_path)
    response = world.client("office").get(reverse("org:deputy_list") + "?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    rows = _sheet(response.content)
    assert rows[0][0] == "姓名" and len(rows) > 1
    assert not Export.objects.exists()


def test_a_long_list_is_queued_written_by_the_worker_and_told(world, small_inline):
    client = world.client("office")
    office = world.users["office"]
    with small_inline(execute=True):
        response = client.get(reverse("org:deputy_list") + "?export=xlsx")
    assert response.status_code == 302 and response["Location"] == reverse("core:export_list")
    export = Export.objects.get(user=office)
    assert export.kind == "org:deputy_list" and export.state == Export.State.DONE
    assert export.rows > 5 and export.size > 0 and export.expires_at > timezone.now()
    assert set(AuditEvent.objects.filter(object_id=str(export.pk), action__startswith="export.").values_list("action", flat=True)) == {
        "export.queue", "export.start", "export.finish"
    }  # fmt: skip
    notice = Notice.objects.get(user=office, kind="core.export")
    assert notice.url == reverse("core:export_list") and export.name in notice.title
    page = client.get(reverse("core:export_list"))
    assert reverse("core:export_file", args=[export.pk]) in page.content.decode()
    download = client.get(reverse("core:export_file", args=[export.pk]))
    assert download.status_code == 200
    rows = _sheet(download.content)
    assert rows[0][0] == "姓名" and len(rows) - 1 == export.rows


def test_the_same_export_asked_twice_while_pending_is_one(world, small_inline):
    client = world.client("office")
    client.get(reverse("org:deputy_list") + "?export=xlsx&q=")  # not run: callbacks captured, not executed
    with small_inline(execute=False):
        client.get(reverse("org:deputy_list") + "?export=xlsx")
        client.get(reverse("org:deputy_list") + "?export=xlsx")
    assert Export.objects.filter(user=world.users["office"]).count() == 1


def test_only_the_requester_downloads_and_only_within_their_scope(world, small_inline):
    office = world.users["office"]
    with small_inline(execute=True):
        world.client("office").get(reverse("org:deputy_list") + "?export=xlsx")
    export = Export.objects.get(user=office)
    url = reverse("core:export_file", args=[export.pk])
    assert world.client("committee").get(url).status_code == 404
    assert world.client("admin").get(url).status_code == 404
    RoleGrant.objects.filter(user=office).delete()  # the office's grants withdrawn: the scope no longer covers it
    office.refresh_from_db()
    assert world.client("office").get(url).status_code == 404


def test_an_expired_export_is_deleted_by_the_daily_job(world, small_inline):
    with small_inline(execute=True):
        world.client("office").get(reverse("org:deputy_list") + "?export=xlsx")
    export = Export.objects.get(user=world.users["office"])
    assert exports.storage().exists(export.file)
    assert exports.expire(now=export.expires_at + datetime.timedelta(seconds=1)) == 1
    export.refresh_from_db()
    assert export.state == Export.State.EXPIRED and not exports.storage().exists(export.file)
    response = world.client("office").get(reverse("core:export_file", args=[export.pk]))
    assert response.status_code == 302  # back to my exports, with the reason


def test_a_list_the_requester_may_no_longer_open_fails_with_a_reason(world, small_inline):
    office = world.users["office"]
    with small_inline(execute=False):
        world.client("office").get(reverse("org:deputy_list") + "?export=xlsx")
    export = Export.objects.get(user=office)
    RoleGrant.objects.filter(user=office).delete()
    assert exports.export_write(export.pk) == "failed"
    export.refresh_from_db()
    assert export.state == Export.State.FAILED and export.error and not export.file
    assert Notice.objects.filter(user=office, kind="core.export").exists()


def test_the_worker_reads_each_row_without_a_query_per_row(world, small_inline):
    with small_inline(execute=False):
        world.client("office").get(reverse("org:deputy_list") + "?export=xlsx")
    export = Export.objects.get(user=world.users["office"])
    with CaptureQueriesContext(connection) as queries:
        assert exports.export_write(export.pk) == "done"
    export.refresh_from_db()
    assert export.rows > 20 and len(queries) < 40, (export.rows, len(queries))


def test_the_api_queues_reads_and_downloads_an_export(world, small_inline):
    client = world.client("office")
    with small_inline(execute=True):
        response = client.post(
            "/api/exports/", json.dumps({"kind": "org:deputy_list", "filters": {}}), content_type="application/json"
        )
    assert response.status_code == 202, response.content
    pk = response.json()["id"]
    detail = client.get(f"/api/exports/{pk}").json()
    assert detail["state"] == "done" and detail["rows"] > 5 and detail["file_url"] == f"/api/exports/{pk}/file"
    assert client.get(f"/api/exports/{pk}/file").status_code == 200
    assert world.client("committee").get(f"/api/exports/{pk}").status_code == 404
    assert world.client("committee").get(f"/api/exports/{pk}/file").status_code == 404
    assert [e["id"] for e in client.get("/api/exports/").json()["items"]] == [pk]


@pytest.mark.parametrize(
    ("kind", "code"),
    [("org:no_such_list", 422), ("core:account", 422), ("/no/such/path/", 422), ("org:deputy_list", 403)],
)
def test_the_api_refuses_what_it_cannot_export(world, small_inline, kind, code):
    client = world.client("deputy" if code == 403 else "office")
    response = client.post("/api/exports/", json.dumps({"kind": kind, "filters": {}}), content_type="application/json")
    assert response.status_code == code, response.content
    assert not Export.objects.exists()


def test_the_streaming_writer_reads_back_in_openpyxl():
    buffer = io.BytesIO()
    when = timezone.make_aware(datetime.datetime(2017, 3, 5, 9, 30))
    rows = [
        ("张三", 1, 2.5, True, datetime.date(2017, 1, 2), when, None, "=HYPERLINK(1)", "a\x00b<&>"),
        ("", 0, -1, False, None, None, "", "-", "第九届"),
    ]
    assert (
        write_xlsx(buffer, ["姓名", "数", "小数", "是否", "日期", "时间", "空", "公式", "文字"], rows, sheet_title="代表[1]") == 2
    )
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book.active
    assert sheet.title == "代表_1_"
    values = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert values[0][0] == "姓名" and sheet["A1"].font.b
    assert values[1][:4] == ("张三", 1, 2.5, True)
    assert values[1][4] == datetime.datetime(2017, 1, 2) and values[1][5] == datetime.datetime(2017, 3, 5, 9, 30)
    assert values[1][6] is None and values[1][7] == "'=HYPERLINK(1)" and values[1][8] == "ab<&>"
    assert values[2][2] == -1 and values[2][3] is False and values[2][7] == "'-" and values[2][8] == "第九届"


@pytest.mark.parametrize(
    ("user", "kind", "query"),
    [
        ("office", "opinions:opinion_list", ""),
        ("office", "suggestions:list", ""),
        ("office", "meetings:list", ""),
        ("office", "duty:activity_list", ""),
        ("office", "stations:activity_list", ""),
        ("office", "org:unit_list", ""),
        ("admin", "core:audit_list", "action=export.queue"),
        ("office", "/setup/units/", ""),
    ],
)
def test_the_worker_writes_what_the_page_writes(world, settings, tmp_path, django_capture_on_commit_callbacks, user, kind, query):
    settings.RENDA_EXPORTS_DIR = str(tmp_path)
    client = world.client(user)
    inline = client.get((kind if kind.startswith("/") else reverse(kind)) + "?export=xlsx" + (f"&{query}" if query else ""))
    assert inline.status_code == 200
    filters = dict(pair.split("=") for pair in query.split("&")) if query else {}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/exports/", json.dumps({"kind": kind, "filters": filters}), content_type="application/json")
    assert response.status_code == 202, response.content
    export = Export.objects.get(pk=response.json()["id"])
    assert export.state == Export.State.DONE, export.error
    written = client.get(reverse("core:export_file", args=[export.pk]))
    if kind == "core:audit_list":  # the export's own events come after the page's file was written
        assert _sheet(written.content)[0] == _sheet(inline.content)[0]
    else:
        assert _sheet(written.content) == _sheet(inline.content)


def test_a_public_list_is_always_written_in_the_request(world, small_inline):
    response = world.client(None).get(reverse("projects:public_list") + "?export=xlsx")
    assert response.status_code == 200 and not Export.objects.exists()


def test_the_daily_job_queues_a_lost_export_again_and_fails_a_dead_one(world, small_inline):
    office = world.users["office"]
    with small_inline(execute=False):
        world.client("office").get(reverse("org:deputy_list") + "?export=xlsx")
    export = Export.objects.get(user=office)
    Export.objects.filter(pk=export.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert exports.requeue() == 1  # the immediate backend writes it now
    export.refresh_from_db()
    assert export.state == Export.State.DONE
    stuck = Export.objects.create(user=office, kind="org:deputy_list", path="/deputies/", name="代表", state=Export.State.RUNNING,
                                  started_at=timezone.now() - datetime.timedelta(hours=7))  # fmt: skip
    exports.requeue()
    stuck.refresh_from_db()
    assert stuck.state == Export.State.FAILED and stuck.error
