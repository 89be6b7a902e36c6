"""Activity photos: only real images within the rules' limits are kept; they are served only to those who see
the activity (never as public media, never on the public station page)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from renda.core.models import AuditEvent, Rule

from ..models import Activity, ActivityPhoto, Station


@pytest.fixture(autouse=True)
def english_ui(settings):
    """The refusals are asserted in the English UI (Chinese is the default; the catalogue check covers it)."""
    settings.LANGUAGE_CODE = "en"


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def bomb_png(width=100_000, height=100_000) -> bytes:
    """A PNG header claiming 10 000 megapixels (a decompression bomb): tiny on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.fixture
def places(world):
    world.wjj_station_obj = Station.objects.get(kind=Station.Kind.STATION, town=world.wjj)
    world.wjj_room = Station.objects.filter(kind=Station.Kind.ROOM, town=world.wjj).order_by("pk").first()
    world.xc_station_obj = Station.objects.get(kind=Station.Kind.STATION, town=world.xc)
    world.wjj_activity = Activity.objects.filter(station=world.wjj_station_obj).order_by("date").first()
    world.xc_activity = Activity.objects.filter(station=world.xc_station_obj).order_by("date").first()
    return world


def upload(client, activity, content: bytes, name: str, caption="接待现场"):
    url = reverse("stations:activity_action", args=[activity.pk, "photo"])
    return client.post(url, {"image": SimpleUploadedFile(name, content), "caption": caption})


def test_a_real_photo_is_kept_and_served_through_the_scoped_view(places):
    w = places
    response = upload(w.client("wjj_liaison"), w.wjj_activity, png_bytes(), "现场.jpg")
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get(activity=w.wjj_activity)
    assert (photo.name, photo.content_type, photo.caption) == ("现场.jpg", "image/png", "接待现场")
    assert "现场" not in photo.image.name and photo.image.name.endswith(".jpg")  # the stored name is random
    assert AuditEvent.objects.filter(action="activity.photo", object_id=str(w.wjj_activity.pk)).exists()

    url = reverse("stations:activity_photo", args=[w.wjj_activity.pk, photo.pk])
    page = w.client("leader").get(reverse("stations:activity_detail", args=[w.wjj_activity.pk])).content.decode()
    assert url in page and "/media/" not in page  # read-only staff see it too, through the view
    for role in ("wjj_liaison", "wjj_staff", "office", "leader"):
        served = w.client(role).get(url)
        assert served.status_code == 200 and served["Content-Type"] == "image/png", role
        assert served["X-Content-Type-Options"] == "nosniff" and b"".join(served.streaming_content) == png_bytes()
    room_officer = Client()
    room_officer.force_login(w.wjj_room.officer)
    for client in (room_officer, w.client("edu_clerk"), w.client("deputy"), w.client(None)):
        assert client.get(url).status_code == 404
    # the photo id under another activity is not found either
    assert w.client("office").get(reverse("stations:activity_photo", args=[w.xc_activity.pk, photo.pk])).status_code == 404
    public = Client().get(reverse("stations:public_station", args=[w.wjj_station_obj.pk])).content.decode()
    assert url not in public and photo.image.name not in public


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"#!/bin/sh\necho not a photo\n", "photo.jpg", "is not an image"),
        (b"%PDF-1.4\n%%EOF\n", "scan.png", "is not an image"),
        (png_bytes(), "photo.pdf", "is not an image"),
        (png_bytes()[:-20] + b"\0" * 20, "broken.png", "is not an image"),  # damaged: verify() refuses it
        (bomb_png(), "bomb.png", "too many pixels"),
    ],
    ids=["text named .jpg", "pdf named .png", "image named .pdf", "damaged png", "decompression bomb"],
)
def test_what_is_not_an_image_is_refused_and_nothing_is_kept(places, content, name, message):
    w = places
    events = AuditEvent.objects.count()
    response = upload(w.client("wjj_liaison"), w.wjj_activity, content, name)
    assert response.status_code == 400
    assert message in response.content.decode() and name in response.content.decode()
    assert not ActivityPhoto.objects.filter(activity=w.wjj_activity).exists()
    assert AuditEvent.objects.count() == events


def test_the_size_and_pixel_limits_come_from_the_rules_table(places):
    w = places
    Rule.objects.create(key="stations.photo_max_pixels", region_id=w.wjj.pk, value=1000)
    refused = upload(w.client("wjj_liaison"), w.wjj_activity, png_bytes((40, 30)), "big.png")
    assert refused.status_code == 400 and "too many pixels" in refused.content.decode()
    Rule.objects.create(key="stations.photo_max_bytes", region_id=w.wjj.pk, value=50)
    refused = upload(w.client("wjj_liaison"), w.wjj_activity, png_bytes((10, 10)), "small.png")
    assert refused.status_code == 400 and "larger than" in refused.content.decode()
    assert not ActivityPhoto.objects.filter(activity=w.wjj_activity).exists()
    other_town = upload(w.client("office"), w.xc_activity, png_bytes((40, 30)), "ok.png")  # the rules are 王江泾's
    assert other_town.status_code == 302 and ActivityPhoto.objects.filter(activity=w.xc_activity).count() == 1


def test_only_managers_upload(places):
    w = places
    assert upload(w.client("leader"), w.wjj_activity, png_bytes(), "a.png").status_code == 403
    assert upload(w.client("wjj_liaison"), w.xc_activity, png_bytes(), "a.png").status_code == 404
    assert not ActivityPhoto.objects.exists()
