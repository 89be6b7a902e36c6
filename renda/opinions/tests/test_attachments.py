"""Files attached to an opinion: checked by content against the rules table (nothing saved when one is bad),
served only through the scoped view to those who see the opinion; the voter's tracking page names their own."""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renda.core.models import Rule
from renda.org.models import Role, RoleGrant
from renda.org.scoping import build_scope
from renda.stations.tests.test_photos import bomb_png, png_bytes

from .. import services
from ..models import Attachment, Opinion, Status
from .test_public import request_code

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english_ui(settings):
    """The refusals are asserted in the English UI (Chinese is the default; the catalogue check covers it)."""
    settings.LANGUAGE_CODE = "en"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("村民联名信")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["姓名", "诉求"])
    book.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


def f(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def good_files() -> list[SimpleUploadedFile]:
    return [f("现场.jpg", png_bytes()), f("证明.pdf", PDF), f("联名信.docx", docx_bytes()), f("名单.xlsx", xlsx_bytes())]


def register_page(client, w, files, **extra):
    data = {
        "region": w.wjj_room.region_id,
        "category": "城乡建设",
        "text": "村口道路破损严重，雨天积水，希望修缮。",
        "activity": w.wjj_activity.pk,
        "client_token": "att-1",
        "attachments": files,
    }
    data.update(extra)
    return client.post(reverse("opinions:opinion_register", args=[w.wjj_station_obj.pk]), data)


@pytest.fixture
def registered(named):
    """An opinion the 王江泾 officer registered at an activity with a photo and a PDF."""
    w = named
    response = register_page(w.client("wjj_liaison"), w, [f("现场.jpg", png_bytes()), f("村民证明.pdf", PDF)])
    assert response.status_code == 302, response.content.decode()[:2000]
    w.attached = Opinion.objects.get(client_token="att-1")
    w.photo, w.pdf = Attachment.objects.filter(opinion=w.attached).order_by("pk")
    return w


def test_the_officer_attaches_photos_and_documents_when_registering(named):
    w = named
    response = register_page(w.client("wjj_liaison"), w, good_files())
    assert response.status_code == 302, re.findall(r"(?:error|alert)[^>]*>(.{0,300})", response.content.decode())
    opinion = Opinion.objects.get(client_token="att-1")
    assert opinion.activity_id == w.wjj_activity.pk and opinion.source == Opinion.Source.STATION
    stored = list(opinion.attachments.order_by("pk").values_list("name", "content_type"))
    assert stored == [
        ("现场.jpg", "image/png"),  # what the content is, not what the name says
        ("证明.pdf", "application/pdf"),
        ("联名信.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("名单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    assert all(re.fullmatch(r"opinions/\d{4}/\d{2}/[0-9a-f]{32}\.\w+", a.file.name) for a in opinion.attachments.all())
    page = w.client("wjj_liaison").get(reverse("opinions:opinion_detail", args=[opinion.pk])).content.decode()
    for a in opinion.attachments.all():
        assert reverse("opinions:attachment", args=[opinion.pk, a.pk]) in page and a.name in page
    assert "/media/" not in page


BAD = [
    ("text named .jpg", [f("photo.jpg", b"just some text, not a photo")], "is not an image"),
    ("pdf named .png", [f("scan.png", PDF)], "is not an image"),
    ("image named .pdf", [f("scan.pdf", png_bytes())], "is not really a PDF document"),
    ("zip named .docx", [f("letter.docx", plain_zip())], "is not really a Word document"),
    ("pdf named .xlsx", [f("list.xlsx", PDF)], "is not really an Excel workbook"),
    ("text named .doc", [f("old.doc", b"plain text")], "is not really a Word or Excel document"),
    ("a program", [f("setup.exe", b"MZ\x90\x00")], "this kind of file is not accepted"),
    ("decompression bomb", [f("bomb.png", bomb_png())], "too many pixels"),
]


@pytest.mark.parametrize(("files", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_file_refuses_the_whole_registration(named, files, message):
    w = named
    opinions, attachments = Opinion.objects.count(), Attachment.objects.count()
    response = register_page(w.client("wjj_liaison"), w, [f("证明.pdf", PDF), *files])  # a good file first
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and files[0].name in body
    assert Opinion.objects.count() == opinions and Attachment.objects.count() == attachments


def test_types_size_and_number_come_from_the_rules_table(named):
    w = named
    client = w.client("wjj_liaison")
    Rule.objects.create(key="opinions.attachment_max_count", region_id=w.wjj.pk, value=2)
    too_many = register_page(client, w, good_files()[:3])
    assert too_many.status_code == 400 and "Attach at most 2 files." in too_many.content.decode()
    Rule.objects.create(key="opinions.attachment_types", region_id=w.wjj.pk, value=["pdf"])
    refused = register_page(client, w, [f("现场.jpg", png_bytes())])
    assert refused.status_code == 400 and "accepted: pdf" in refused.content.decode()
    Rule.objects.create(key="opinions.attachment_max_bytes", region_id=w.wjj.pk, value=20)
    too_big = register_page(client, w, [f("证明.pdf", PDF)])
    assert too_big.status_code == 400 and "larger than" in too_big.content.decode()
    assert not Opinion.objects.filter(client_token="att-1").exists()
    form = client.get(reverse("opinions:opinion_register", args=[w.wjj_station_obj.pk])).content.decode()
    assert "Up to 2 files" in form and 'enctype="multipart/form-data"' in form
    # another town keeps the district's rules
    ok = services.opinion_register(
        actor=w.users["office"],
        scope=build_scope(w.users["office"]),
        station=w.xc_station_obj,
        region=w.xc_station_obj.region,
        category="教育",
        text="校车接送时间需要调整。",
        attachments=good_files()[:3],
    )
    assert ok.attachments.count() == 3


def other_unit_clerk(w) -> Client:
    user = get_user_model().objects.create_user(username="water_clerk", password=None, display_name="区水利局 办理员")
    RoleGrant.objects.create(user=user, role=Role.UNIT_CLERK, unit=w.other_district_unit)
    client = Client()
    client.force_login(user)
    return client


def test_downloads_go_through_the_scoped_view_only(registered):
    w = registered
    photo_url = reverse("opinions:attachment", args=[w.attached.pk, w.photo.pk])
    pdf_url = reverse("opinions:attachment", args=[w.attached.pk, w.pdf.pk])
    for role in ("wjj_liaison", "wjj_staff", "office", "leader", "admin"):
        pdf = w.client(role).get(pdf_url)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", role
        assert pdf["Content-Disposition"].startswith("attachment") and b"".join(pdf.streaming_content) == PDF
    photo = w.client("wjj_liaison").get(photo_url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png" and photo["X-Content-Type-Options"] == "nosniff"

    room_officer = Client()
    room_officer.force_login(w.wjj_room.officer)  # an officer of another station
    water = other_unit_clerk(w)
    voter = Client()
    assert voter.post(reverse("opinions:track"), {"code": w.attached.tracking_code}).status_code == 200
    outsiders = {
        "room officer": room_officer,
        "clerk of another unit": water,
        "edu clerk before routing": w.client("edu_clerk"),
        "voter with the code": voter,
        "deputy": w.client("deputy"),
        "committee": w.client("committee"),
    }
    for label, client in outsiders.items():
        assert client.get(pdf_url).status_code == 404, label
        assert client.get(f"/api/opinions/{w.attached.pk}/attachments/{w.pdf.pk}").status_code in (401, 404), label
    # the attachment's id under another opinion is not found either
    assert w.client("office").get(reverse("opinions:attachment", args=[w.op_wjj.pk, w.pdf.pk])).status_code == 404

    services.opinion_route(
        actor=w.users["wjj_liaison"], scope=build_scope(w.users["wjj_liaison"]), opinion=w.attached, unit=w.edu_unit
    )
    clerk = w.client("edu_clerk")
    page = clerk.get(reverse("opinions:opinion_detail", args=[w.attached.pk])).content.decode()
    assert pdf_url in page and "村民证明.pdf" in page
    assert clerk.get(pdf_url).status_code == 200  # the unit it is routed to
    assert water.get(pdf_url).status_code == 404


def test_the_tracking_page_names_the_voters_own_files_and_links_none(registered):
    w = registered
    page = Client().post(reverse("opinions:track"), {"code": w.attached.tracking_code}).content.decode()
    assert "现场.jpg" in page and "村民证明.pdf" in page and "2 files attached" in page
    assert "/attachments/" not in page and w.pdf.file.name not in page
    other = Client().post(reverse("opinions:track"), {"code": w.op_wjj.tracking_code}).content.decode()
    assert "村民证明.pdf" not in other and "现场.jpg" not in other
    api = Client().post("/api/opinions/track", json.dumps({"code": w.attached.tracking_code}), content_type="application/json")
    assert api.json()["attachments"] == ["现场.jpg", "村民证明.pdf"]


def test_the_api_lists_attachments_and_downloads_them_in_scope(registered):
    w = registered
    detail = w.client("wjj_liaison").get(f"/api/opinions/{w.attached.pk}").json()
    assert [(a["name"], a["content_type"]) for a in detail["attachments"]] == [
        ("现场.jpg", "image/png"),
        ("村民证明.pdf", "application/pdf"),
    ]
    download = w.client("wjj_liaison").get(detail["attachments"][1]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert w.client("edu_clerk").get(detail["attachments"][1]["url"]).status_code == 404
    assert Client().get(detail["attachments"][1]["url"]).status_code == 401


def submit_page(client, w, code, files):
    data = {
        "phone": "13912345678",
        "code": code,
        "region": w.wjj_room.region_id,
        "category": "生态环境",
        "text": "河道保洁不到位，河面漂浮物较多。",
        "client_token": "online-1",
        "attachments": files,
    }
    return client.post(reverse("opinions:submit"), data)


def test_voters_attach_files_online_and_a_bad_one_keeps_the_code(named, client, django_capture_on_commit_callbacks):
    w = named
    code = request_code(client, django_capture_on_commit_callbacks)
    bad = submit_page(client, w, code, [f("河道.jpg", png_bytes()), f("河道2.jpg", b"<script>alert(1)</script>")])
    assert bad.status_code == 400 and "“河道2.jpg” is not an image" in bad.content.decode()
    assert not Opinion.objects.filter(client_token="online-1").exists()
    assert not Attachment.objects.filter(name__startswith="河道").exists()
    ok = submit_page(client, w, code, [f("河道.jpg", png_bytes()), f("说明.pdf", PDF)])  # the same code still works
    assert ok.status_code == 200
    opinion = Opinion.objects.get(client_token="online-1")
    assert opinion.source == Opinion.Source.ONLINE and sorted(opinion.attachments.values_list("name", flat=True)) == [
        "河道.jpg",
        "说明.pdf",
    ]


def test_the_staff_page_links_to_the_suggestion_a_deputy_raised(named):
    w = named
    opinion = w.op_wjj_room
    services.opinion_raise_as_suggestion(actor=w.users["deputy"], opinion=opinion, suggestion_ref="4242")
    page = w.client("office").get(reverse("opinions:opinion_detail", args=[opinion.pk])).content.decode()
    assert reverse("suggestions:detail", args=[4242]) in page
    assert w.client("office").get(f"/api/opinions/{opinion.pk}").json()["suggestion_id"] == 4242
    labelled = Opinion.objects.filter(status=Status.SUGGESTION).exclude(suggestion_ref__regex=r"^\d+$").first()
    if labelled is not None:  # the demo's labels are not ids: shown as text, no link
        page = w.client("office").get(reverse("opinions:opinion_detail", args=[labelled.pk])).content.decode()
        assert labelled.suggestion_ref in page and 'data-testid="suggestion-link"' not in page
