"""The voter's side: one-time codes, online submission, look-alikes, the tracking page; rate limits; masking."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core import notify
from renda.core.errors import DomainError
from renda.core.models import AuditEvent
from renda.org.scoping import build_scope

from .. import services
from ..models import Opinion, PhoneCode, Status

PHONE = "13912345678"


def request_code(client, capture, phone=PHONE) -> str:
    with capture(execute=True):
        response = client.post(reverse("opinions:submit_code"), {"phone": phone})
    assert response.status_code == 200, response.content
    phone_sent, text = notify.outbox[-1]
    assert phone_sent == phone
    found = re.search(r"\d{6}", text)
    assert found, text
    return found.group()


def submit(client, named, code, **extra):
    data = {
        "phone": PHONE,
        "code": code,
        "region": named.wjj_room.region_id,
        "category": "生态环境",
        "text": "河道保洁不到位，河面漂浮物较多，建议加强保洁。",
        "client_token": "retry-1",
    }
    data.update(extra)
    return client.post(reverse("opinions:submit"), data)


def test_online_submission_with_a_code_and_a_retry_is_one_opinion(named, client, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    stored = PhoneCode.objects.get(phone=PHONE)
    assert code not in stored.code_hash and len(stored.code_hash) == 64  # only a hash is kept
    count = Opinion.objects.count()
    wrong = submit(client, named, "000000" if code != "000000" else "111111")
    assert wrong.status_code == 400 and Opinion.objects.count() == count
    ok = submit(client, named, code)
    assert ok.status_code == 200
    opinion = Opinion.objects.get(client_token="retry-1")
    assert opinion.source == Opinion.Source.ONLINE and opinion.station.kind == "online" and opinion.town_id == named.wjj.pk
    assert opinion.tracking_code in ok.content.decode()
    retry = submit(client, named, code)  # the same request again (code already used): the same opinion
    assert retry.status_code == 200 and opinion.tracking_code in retry.content.decode()
    assert Opinion.objects.count() == count + 1


def test_expired_code_is_refused(named, client, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    PhoneCode.objects.filter(phone=PHONE).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert submit(client, named, code).status_code == 400
    assert not Opinion.objects.filter(client_token="retry-1").exists()


def test_codes_are_rate_limited_per_phone_and_per_address(named, client):
    for _ in range(5):
        assert client.post(reverse("opinions:submit_code"), {"phone": PHONE}).status_code == 200
    assert client.post(reverse("opinions:submit_code"), {"phone": PHONE}).status_code == 429
    for n in range(14):
        client.post(reverse("opinions:submit_code"), {"phone": f"1370000{n:04d}"})
    assert client.post(reverse("opinions:submit_code"), {"phone": "13600000000"}).status_code == 429
    with pytest.raises(DomainError):
        services.code_request(phone="13600000001", client_ip="127.0.0.1")


def test_look_alike_open_opinions_of_the_same_town_are_shown(named, client):
    w = named
    services.opinion_register(
        actor=w.users["wjj_liaison"],
        scope=build_scope(w.users["wjj_liaison"]),
        station=w.wjj_station_obj,
        region=w.wjj_room.region,
        category="生态环境",
        text="村里河道保洁不到位，垃圾漂浮。",
    )
    page = client.get(reverse("opinions:similar"), {"region": w.wjj_room.region_id, "text": "河道保洁太差了，希望处理"})
    assert "村里河道保洁不到位" in page.content.decode()
    xc_region = w.xc_station_obj.region.children.first()
    other = client.get(reverse("opinions:similar"), {"region": xc_region.pk, "text": "河道保洁太差了，希望处理"})
    assert "村里河道保洁不到位" not in other.content.decode()
    assert client.get(reverse("opinions:similar"), {"region": "x1", "text": "河道保洁太差了，希望处理"}).status_code == 200


def test_adding_to_a_look_alike_merges_it(named, client, django_capture_on_commit_callbacks):
    w = named
    target = services.opinion_register(
        actor=w.users["wjj_liaison"],
        scope=build_scope(w.users["wjj_liaison"]),
        station=w.wjj_station_obj,
        region=w.wjj_room.region,
        category="生态环境",
        text="河道保洁不到位。",
    )
    code = request_code(client, django_capture_on_commit_callbacks)
    assert submit(client, named, code, merge_into=target.pk).status_code == 200
    mine = Opinion.objects.get(client_token="retry-1")
    assert mine.status == Status.MERGED and mine.merged_into_id == target.pk


def _body(response) -> str:
    """The page without its per-response CSRF tokens and without the echo of what was typed into the form."""
    return re.sub(r'value="[^"]*"', "", re.sub(r'"X-CSRFToken": "[A-Za-z0-9]{64}"', "", response.content.decode()))


def _closed_demo_pair():
    a, b = Opinion.objects.filter(source="station", status=Status.CLOSED).order_by("pk")[:2]
    return a, b


def test_tracking_page_shows_only_the_voters_own_opinion(world, client):
    a, b = _closed_demo_pair()
    page_a = client.post(reverse("opinions:track"), {"code": a.tracking_code}).content.decode()
    page_b = client.post(reverse("opinions:track"), {"code": b.tracking_code.lower()}).content.decode()
    assert a.answer in page_a and b.tracking_code not in page_a
    for page, own, other in ((page_a, a, b), (page_b, b, a)):
        assert own.phone not in page and own.contact_name not in page  # no personal data, not even the voter's own
        assert other.phone not in page and other.contact_name not in page
        if other.text != own.text:
            assert other.text not in page
        assert (own.station.officer.display_name or "@@") not in page  # no staff names either


def test_wrong_and_guessed_codes_answer_like_unknown_ones_and_are_rate_limited(world, client):
    a, _b = _closed_demo_pair()
    guessed = a.tracking_code[:-1] + ("A" if a.tracking_code[-1] != "A" else "B")
    unknown = client.post(reverse("opinions:track"), {"code": "ZZZZZZZZZZ"})
    wrong = client.post(reverse("opinions:track"), {"code": guessed})
    malformed = client.post(reverse("opinions:track"), {"code": "x"})
    assert unknown.status_code == wrong.status_code == malformed.status_code == 404
    assert _body(unknown) == _body(wrong) == _body(malformed)
    for _ in range(30):
        client.post(reverse("opinions:track"), {"code": "ZZZZZZZZZZ"})
    limited = client.post(reverse("opinions:track"), {"code": a.tracking_code})
    assert limited.status_code == 404 and _body(limited) == _body(unknown)


def test_the_voter_says_it_was_solved_on_the_tracking_page(named, client):
    w = named
    s = build_scope(w.users["wjj_liaison"])
    opinion = services.opinion_register(
        actor=w.users["wjj_liaison"],
        scope=s,
        station=w.wjj_station_obj,
        region=w.wjj_room.region,
        category="教育",
        text="学校门口拥堵。",
    )
    opinion = services.opinion_answer_on_spot(actor=w.users["wjj_liaison"], scope=s, opinion=opinion, answer="当场解答。")
    assert opinion.status == Status.ANSWERED  # no phone: nobody was told yet
    page = client.post(reverse("opinions:track_feedback"), {"code": opinion.tracking_code, "solved": "yes"})
    assert page.status_code == 200
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED and opinion.solved is True
    again = client.post(reverse("opinions:track_feedback"), {"code": opinion.tracking_code, "solved": "no"})
    assert again.status_code == 400
    opinion.refresh_from_db()
    assert opinion.solved is True


def test_phone_numbers_are_masked_and_revealing_is_audited(named):
    w = named
    liaison = w.client("wjj_liaison")
    detail = liaison.get(reverse("opinions:opinion_detail", args=[w.op_wjj.pk])).content.decode()
    assert "13900001111" not in detail and "139****1111" in detail and "张三" not in detail
    assert "13900001111" not in liaison.get(reverse("opinions:opinion_list")).content.decode()
    revealed = liaison.post(reverse("opinions:opinion_reveal", args=[w.op_wjj.pk]))
    assert "13900001111" in revealed.content.decode()
    assert AuditEvent.objects.filter(
        action="opinion.contact_view", object_id=str(w.op_wjj.pk), actor_id=w.users["wjj_liaison"].pk
    ).exists()
    leader = w.client("leader")
    assert "13900001111" not in leader.get(reverse("opinions:opinion_detail", args=[w.op_wjj.pk])).content.decode()
    assert leader.post(reverse("opinions:opinion_reveal", args=[w.op_wjj.pk])).status_code == 403


def test_five_wrong_tries_void_the_code(named, client, django_capture_on_commit_callbacks):
    code = request_code(client, django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    for n in range(5):
        assert submit(client, named, wrong, client_token=f"w{n}").status_code == 400
    assert PhoneCode.objects.get(phone=PHONE).attempts == 5
    assert submit(client, named, code).status_code == 400  # even the right code is void now
    assert not Opinion.objects.filter(client_token="retry-1").exists()
