"""Permission matrix entries of the stations and opinions pages and API operations.

The named records: 王江泾镇's station (officer: wjj_liaison), one of its rooms (another officer), 新塍镇's
station; an activity at each; three opinions — at the 王江泾 station routed to 区教育局, at the room (not yet
routed), at the 新塍 station routed to 区教育局 (so the unit clerk sees it by unit, not by region).
"""

from __future__ import annotations

import datetime
import io

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from renda.core.models import PhoneChallenge
from renda.core.otp import _hash
from renda.stations.models import Activity, ActivityPhoto, Station
from renda.stations.selectors import candidate_deputies
from renda.testing.matrix import ROLES, Case, api_case, case

from ..models import Attachment, Opinion, Status
from ..services.codes import PURPOSE

MATRIX_PHONE, MATRIX_CODE = "13700002222", "246810"
PDF = b"%PDF-1.4\n%%EOF\n"

MANAGERS_WJJ = ["admin", "office", "wjj_staff", "wjj_liaison"]
READ_WJJ = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"]
NO_STATIONS = {"edu_clerk": 403, "deputy": 403}


def prepare(world) -> None:
    world.wjj_station_obj = Station.objects.get(kind=Station.Kind.STATION, town=world.wjj)
    world.wjj_room = Station.objects.filter(kind=Station.Kind.ROOM, town=world.wjj).order_by("pk").first()
    world.xc_station_obj = Station.objects.get(kind=Station.Kind.STATION, town=world.xc)
    world.wjj_activity = Activity.objects.filter(station=world.wjj_station_obj).order_by("date").first()
    world.wjj_room_activity = Activity.objects.filter(station=world.wjj_room).order_by("date").first()
    world.xc_activity = Activity.objects.filter(station=world.xc_station_obj).order_by("date").first()
    # today's planned activity at 王江泾 (its roster open, sign-in open) and a deputy of the station for the API writes
    world.wjj_today = Activity.objects.create(
        station=world.wjj_station_obj,
        region=world.wjj_station_obj.region,
        kind=Activity.Kind.RECEPTION,
        topic="矩阵接待日",
        date=timezone.localdate(),
    )
    world.wjj_station_deputy = candidate_deputies(station=world.wjj_station_obj).first()

    png = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(png, format="PNG")
    world.wjj_photo = ActivityPhoto.objects.create(
        activity=world.wjj_activity, image=ContentFile(png.getvalue(), name="m.png"), name="现场.png", content_type="image/png"
    )
    world.xc_photo = ActivityPhoto.objects.create(
        activity=world.xc_activity, image=ContentFile(png.getvalue(), name="x.png"), name="现场.png", content_type="image/png"
    )

    def opinion(station, status, unit, code):
        return Opinion.objects.create(
            station=station,
            town=station.town,
            region=station.region,
            source=Opinion.Source.STATION,
            category="教育",
            text="学校门口上下学时段交通拥堵，建议设置护学岗。",
            phone="13900001111",
            contact_name="张三",
            tracking_code=code,
            status=status,
            unit=unit,
            deadline="2030-01-01" if unit else None,
        )

    edu = world.edu_unit
    world.op_wjj = opinion(world.wjj_station_obj, Status.ROUTED, edu, "MATRIXWJJ1")
    world.op_wjj_room = opinion(world.wjj_room, Status.REGISTERED, None, "MATRIXROOM")
    world.op_xc = opinion(world.xc_station_obj, Status.ROUTED, edu, "MATRIXXC01")

    def attach(op):
        return Attachment.objects.create(
            opinion=op, file=ContentFile(PDF, name="m.pdf"), name="证明.pdf", content_type="application/pdf", size=len(PDF)
        )

    world.att_wjj, world.att_wjj_room, world.att_xc = attach(world.op_wjj), attach(world.op_wjj_room), attach(world.op_xc)
    # the voter's API: a valid one-time code for the submit case, and no rate-limit counts left from other cases
    # (each case runs in its own rolled-back transaction, but the counters live in the cache)
    PhoneChallenge.objects.create(
        phone=MATRIX_PHONE,
        purpose=PURPOSE.name,
        code_hash=_hash(MATRIX_PHONE, PURPOSE.name, MATRIX_CODE),
        expires_at=timezone.now() + datetime.timedelta(minutes=10),
    )
    cache.delete_many(
        [f"opinions:sms:phone:{MATRIX_PHONE}", *(f"opinions:{k}:{ip}" for k in ("sms:ip", "track") for ip in ("127.0.0.1", "-"))]
    )


def r(name, *attrs, suffix=""):
    return lambda w: reverse(name, args=[getattr(w, a).pk for a in attrs]) + suffix


def public(label, url, code=200, method="get", data=None) -> Case:
    return Case(label, url, dict.fromkeys(ROLES, code), code, method, data or (lambda w: {}))


PAGES = {
    "stations:station_list": [
        case("stations", r("stations:station_list"), READ_WJJ),
        case("stations export", lambda w: reverse("stations:station_list") + "?export=xlsx", READ_WJJ),
    ],
    "stations:station_detail": [
        case("wjj station", r("stations:station_detail", "wjj_station_obj"), READ_WJJ, other=404, override=NO_STATIONS),
        case(
            "wjj room (another officer)",
            r("stations:station_detail", "wjj_room"),
            ["admin", "office", "committee", "wjj_staff", "leader"],
            other=404,
            override=NO_STATIONS,
        ),
        case(
            "xc station",
            r("stations:station_detail", "xc_station_obj"),
            ["admin", "office", "committee", "leader"],
            other=404,
            override=NO_STATIONS,
        ),
    ],
    "stations:station_action": [
        case(
            "publish wjj rules",
            lambda w: reverse("stations:station_action", args=[w.wjj_station_obj.pk, "rules"]),
            MANAGERS_WJJ,
            code=302,
            method="post",
            data=lambda w: {"text": "新版制度：每月15日接待。"},
            override={"committee": 403, "leader": 403, **NO_STATIONS},
            other=404,
        ),
        case(
            "publish xc rules",
            lambda w: reverse("stations:station_action", args=[w.xc_station_obj.pk, "rules"]),
            ["admin", "office"],
            code=302,
            method="post",
            data=lambda w: {"text": "新版制度"},
            override={"committee": 403, "leader": 403, **NO_STATIONS},
            other=404,
        ),
    ],
    "stations:activity_create": [
        case(
            "plan at wjj",
            r("stations:activity_create", "wjj_station_obj"),
            MANAGERS_WJJ,
            override={"committee": 403, "leader": 403, **NO_STATIONS},
            other=404,
        ),
    ],
    "stations:public_station": [public("public wjj station", r("stations:public_station", "wjj_station_obj"))],
    "stations:activity_list": [
        case("activities", r("stations:activity_list"), READ_WJJ),
        case("activities export", lambda w: reverse("stations:activity_list") + "?export=xlsx", READ_WJJ),
    ],
    "stations:activity_detail": [
        case("wjj activity", r("stations:activity_detail", "wjj_activity"), READ_WJJ, other=404, override=NO_STATIONS),
        case(
            "wjj room activity",
            r("stations:activity_detail", "wjj_room_activity"),
            ["admin", "office", "committee", "wjj_staff", "leader"],
            other=404,
            override=NO_STATIONS,
        ),
        case(
            "xc activity",
            r("stations:activity_detail", "xc_activity"),
            ["admin", "office", "committee", "leader"],
            other=404,
            override=NO_STATIONS,
        ),
    ],
    "stations:activity_action": [
        case(
            "record wjj activity",
            lambda w: reverse("stations:activity_action", args=[w.wjj_activity.pk, "record"]),
            MANAGERS_WJJ,
            code=302,
            method="post",
            data=lambda w: {"voters_received": 7},
            override={"committee": 403, "leader": 403, **NO_STATIONS},
            other=404,
        ),
        case(
            "record wjj room activity",
            lambda w: reverse("stations:activity_action", args=[w.wjj_room_activity.pk, "record"]),
            ["admin", "office", "wjj_staff"],
            code=302,
            method="post",
            data=lambda w: {"voters_received": 7},
            override={"committee": 403, "leader": 403, **NO_STATIONS},
            other=404,
        ),
    ],
    "stations:activity_photo": [
        # a file: 404 for anyone who does not see the activity, a login included (nothing says it exists)
        case(
            "wjj activity photo",
            lambda w: reverse("stations:activity_photo", args=[w.wjj_activity.pk, w.wjj_photo.pk]),
            READ_WJJ,
            other=404,
            anonymous=404,
        ),
        case(
            "xc activity photo",
            lambda w: reverse("stations:activity_photo", args=[w.xc_activity.pk, w.xc_photo.pk]),
            ["admin", "office", "committee", "leader"],
            other=404,
            anonymous=404,
        ),
        case(
            "wjj photo under the xc activity",
            lambda w: reverse("stations:activity_photo", args=[w.xc_activity.pk, w.wjj_photo.pk]),
            [],
            other=404,
            anonymous=404,
        ),
    ],
    "stations:activity_qr": [
        case("wjj qr", r("stations:activity_qr", "wjj_activity"), READ_WJJ, other=404, override=NO_STATIONS)
    ],
    "stations:sign_in": [
        # the leader's login is a person who is a district deputy: she may sign in to an activity as any deputy
        case("sign-in page", lambda w: reverse("stations:sign_in", args=[w.wjj_activity.checkin_token]), ["deputy", "leader"])
    ],
    "stations:my_duties": [case("my duties", r("stations:my_duties"), ["deputy"])],
    "opinions:opinion_list": [
        case("opinions", r("opinions:opinion_list"), ["admin", "office", "wjj_staff", "wjj_liaison", "leader"]),
        case(
            "opinions export",
            lambda w: reverse("opinions:opinion_list") + "?export=xlsx",
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
        ),
    ],
    "opinions:opinion_detail": [
        case(
            "wjj opinion routed to edu",
            r("opinions:opinion_detail", "op_wjj"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader", "edu_clerk"],
        ),
        case(
            "wjj room opinion",
            r("opinions:opinion_detail", "op_wjj_room"),
            ["admin", "office", "wjj_staff", "leader"],
            override={"wjj_liaison": 404, "edu_clerk": 404},
        ),
        case(
            "xc opinion routed to edu",
            r("opinions:opinion_detail", "op_xc"),
            ["admin", "office", "leader", "edu_clerk"],
            override={"wjj_staff": 404, "wjj_liaison": 404},
        ),
    ],
    "opinions:opinion_action": [
        case(
            "route the room opinion",
            lambda w: reverse("opinions:opinion_action", args=[w.op_wjj_room.pk, "route"]),
            ["admin", "office", "wjj_staff"],
            code=302,
            method="post",
            data=lambda w: {"unit": w.edu_unit.pk},
            override={"wjj_liaison": 404, "edu_clerk": 404},
        ),
        case(
            "unit answers the xc opinion",
            lambda w: reverse("opinions:opinion_action", args=[w.op_xc.pk, "unit_answer"]),
            ["edu_clerk"],
            code=302,
            method="post",
            data=lambda w: {"answer": "已设置护学岗。"},
            override={"admin": 404, "office": 404, "leader": 404, "wjj_staff": 404, "wjj_liaison": 404},
        ),
    ],
    "opinions:attachment": [
        # a file: 404 for anyone who does not see the opinion, a login included (a voter holding the code too)
        case(
            "wjj opinion's file (routed to edu)",
            lambda w: reverse("opinions:attachment", args=[w.op_wjj.pk, w.att_wjj.pk]),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader", "edu_clerk"],
            other=404,
            anonymous=404,
        ),
        case(
            "wjj room opinion's file (another officer, not routed)",
            lambda w: reverse("opinions:attachment", args=[w.op_wjj_room.pk, w.att_wjj_room.pk]),
            ["admin", "office", "wjj_staff", "leader"],
            other=404,
            anonymous=404,
        ),
        case(
            "xc opinion's file (routed to edu)",
            lambda w: reverse("opinions:attachment", args=[w.op_xc.pk, w.att_xc.pk]),
            ["admin", "office", "leader", "edu_clerk"],
            other=404,
            anonymous=404,
        ),
        case(
            "xc file under the wjj opinion",
            lambda w: reverse("opinions:attachment", args=[w.op_wjj.pk, w.att_xc.pk]),
            [],
            other=404,
            anonymous=404,
        ),
    ],
    "opinions:opinion_reveal": [
        case(
            "reveal wjj voter",
            r("opinions:opinion_reveal", "op_wjj"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "edu_clerk"],
            method="post",
        ),
    ],
    "opinions:opinion_register": [
        case(
            "register at wjj",
            r("opinions:opinion_register", "wjj_station_obj"),
            MANAGERS_WJJ,
            override={"committee": 403, "leader": 403, **NO_STATIONS},
        ),
        case(
            "register at xc",
            r("opinions:opinion_register", "xc_station_obj"),
            ["admin", "office"],
            override={"committee": 403, "leader": 403, "wjj_staff": 404, "wjj_liaison": 404, **NO_STATIONS},
        ),
    ],
    "opinions:inbox": [
        case("unit inbox", r("opinions:inbox"), ["edu_clerk"]),
        case("unit inbox export", lambda w: reverse("opinions:inbox") + "?export=xlsx", ["edu_clerk"]),
    ],
    "opinions:figures": [
        case("figures", r("opinions:figures"), READ_WJJ),
        case("figures export", lambda w: reverse("opinions:figures") + "?export=xlsx", READ_WJJ),
    ],
    "opinions:submit": [public("submit form", r("opinions:submit"))],
    "opinions:submit_code": [public("code for a bad number", r("opinions:submit_code"), 400, "post", lambda w: {"phone": "123"})],
    "opinions:similar": [
        public("similar", lambda w: reverse("opinions:similar") + f"?region={w.wjj_room.region_id}&text=学校门口交通拥堵")
    ],
    "opinions:track": [public("track form", r("opinions:track"))],
    "opinions:track_feedback": [
        public(
            "feedback with unknown code",
            r("opinions:track_feedback"),
            404,
            "post",
            lambda w: {"code": "AAAAAAAAAA", "solved": "yes"},
        )
    ],
}


def pub_api(label, url, code, data) -> Case:
    """A public operation (no login): every role, anonymous included, gets the same answer to a JSON body."""
    return Case(label, url, dict.fromkeys(ROLES, code), code, "post", data, "application/json")


def submit_body(w, code=MATRIX_CODE) -> dict:
    return {
        "phone": MATRIX_PHONE,
        "code": code,
        "region_id": w.wjj_room.region_id,
        "category": "教育",
        "text": "学校门口上下学时段交通拥堵。",
        "client_token": "matrix-submit",
    }


WJJ_OPINION_READERS = ["admin", "office", "wjj_staff", "wjj_liaison", "leader", "edu_clerk"]
NO_OPINIONS = {"committee": 403, "deputy": 403}  # no opinion scope at all

API = {
    ("get", "/api/stations/"): [api_case("stations", lambda w: "/api/stations/", READ_WJJ)],
    ("get", "/api/stations/activities"): [api_case("activities", lambda w: "/api/stations/activities", READ_WJJ)],
    ("post", "/api/opinions/code"): [
        pub_api("code sent", lambda w: "/api/opinions/code", 200, lambda w: {"phone": MATRIX_PHONE}),
        pub_api("code for a bad number", lambda w: "/api/opinions/code", 422, lambda w: {"phone": "123"}),
    ],
    ("post", "/api/opinions/submit"): [
        pub_api("submit with a valid code", lambda w: "/api/opinions/submit", 200, submit_body),
        pub_api("submit with a wrong code", lambda w: "/api/opinions/submit", 422, lambda w: submit_body(w, "000000")),
    ],
    ("post", "/api/opinions/track"): [
        pub_api("track a known code", lambda w: "/api/opinions/track", 200, lambda w: {"code": w.op_wjj.tracking_code}),
        pub_api("track an unknown code", lambda w: "/api/opinions/track", 404, lambda w: {"code": "ZZZZZZZZZZ"}),
    ],
    ("get", "/api/opinions/"): [
        api_case("opinions", lambda w: "/api/opinions/", ["admin", "office", "wjj_staff", "wjj_liaison", "leader"])
    ],
    ("get", "/api/opinions/inbox"): [api_case("inbox", lambda w: "/api/opinions/inbox", ["edu_clerk"])],
    ("get", "/api/opinions/figures"): [api_case("figures", lambda w: "/api/opinions/figures", READ_WJJ)],
    ("get", "/api/opinions/{opinion_id}"): [
        api_case("wjj opinion", lambda w: f"/api/opinions/{w.op_wjj.pk}", WJJ_OPINION_READERS),
        api_case(
            "wjj room opinion",
            lambda w: f"/api/opinions/{w.op_wjj_room.pk}",
            ["admin", "office", "wjj_staff", "leader"],
            override={"wjj_liaison": 404, "edu_clerk": 404},
        ),
        api_case(
            "xc opinion",
            lambda w: f"/api/opinions/{w.op_xc.pk}",
            ["admin", "office", "leader", "edu_clerk"],
            override={"wjj_staff": 404, "wjj_liaison": 404},
        ),
    ],
    ("get", "/api/opinions/{opinion_id}/attachments/{attachment_id}"): [
        api_case(
            "wjj opinion's file",
            lambda w: f"/api/opinions/{w.op_wjj.pk}/attachments/{w.att_wjj.pk}",
            WJJ_OPINION_READERS,
            other=404,
        ),
        api_case(
            "wjj room opinion's file",
            lambda w: f"/api/opinions/{w.op_wjj_room.pk}/attachments/{w.att_wjj_room.pk}",
            ["admin", "office", "wjj_staff", "leader"],
            other=404,
        ),
        api_case(
            "xc file under the wjj opinion",
            lambda w: f"/api/opinions/{w.op_wjj.pk}/attachments/{w.att_xc.pk}",
            [],
            other=404,
        ),
    ],
    ("post", "/api/opinions/{opinion_id}/actions"): [
        api_case(
            "route the room opinion",
            lambda w: f"/api/opinions/{w.op_wjj_room.pk}/actions",
            ["admin", "office", "wjj_staff"],
            method="post",
            data=lambda w: {"action": "route", "unit_id": w.edu_unit.pk},
            # the room has its own officer; the unit does not see it before it is routed; leaders only read
            override={"wjj_liaison": 404, "edu_clerk": 404, "leader": 403, **NO_OPINIONS},
        ),
        api_case(
            "the unit answers the xc opinion",
            lambda w: f"/api/opinions/{w.op_xc.pk}/actions",
            ["edu_clerk"],
            method="post",
            data=lambda w: {"action": "unit_answer", "answer": "已设置护学岗。"},
            # only the clerk of the unit it is routed to; the others who see it are told it is not theirs (404)
            override={"admin": 404, "office": 404, "leader": 404, "wjj_staff": 404, "wjj_liaison": 404, **NO_OPINIONS},
        ),
        api_case(
            "illegal: answer the room opinion as a unit",
            lambda w: f"/api/opinions/{w.op_wjj_room.pk}/actions",
            [],
            method="post",
            data=lambda w: {"action": "unit_answer", "answer": "已处理。"},
            other=404,
            override=NO_OPINIONS,
        ),
    ],
}


# The stations API's writes (issue #15): who may write where, as on the pages (the officer of the 王江泾 station and
# the staff above it; leaders and the committee read only; unit clerks and deputies see no station).
STATION_WRITERS = {"committee": 403, "leader": 403, **NO_STATIONS}


def station_write(label, url, data, roles=MANAGERS_WJJ, override=None):
    return api_case(label, url, roles, other=404, override={**STATION_WRITERS, **(override or {})}, method="post", data=data)


def photo_body(w) -> dict:
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 128)).save(png, format="PNG")
    png.seek(0)
    png.name = "m.png"
    return {"image": png, "caption": "现场"}


def _today(w, suffix=""):
    return f"/api/stations/activities/{w.wjj_today.pk}{suffix}"


def _station(w, suffix=""):
    return f"/api/stations/{w.wjj_station_obj.pk}{suffix}"


API.update(
    {
        ("get", "/api/stations/{station_id}"): [
            api_case("wjj station", _station, READ_WJJ, other=404, override=NO_STATIONS),
            api_case(
                "xc station",
                lambda w: f"/api/stations/{w.xc_station_obj.pk}",
                ["admin", "office", "committee", "leader"],
                other=404,
                override=NO_STATIONS,
            ),
        ],
        ("post", "/api/stations/{station_id}"): [
            station_write("update wjj", _station, lambda w: {"address": "王江泾镇", "activity_plan": "计划"}),
            station_write(
                "update xc",
                lambda w: f"/api/stations/{w.xc_station_obj.pk}",
                lambda w: {"address": "新塍镇"},
                roles=["admin", "office"],
            ),
        ],
        ("post", "/api/stations/{station_id}/rules"): [
            station_write("wjj rules", lambda w: _station(w, "/rules"), lambda w: {"text": "新版制度：每月15日接待。"})
        ],
        ("post", "/api/stations/{station_id}/schedule"): [
            station_write(
                "wjj schedule",
                lambda w: _station(w, "/schedule"),
                lambda w: {"day_of_month": 15, "start_time": "09:00", "end_time": "11:00"},
            )
        ],
        ("post", "/api/stations/{station_id}/reception-days"): [
            # the demo's station has its schedule
            station_write("wjj reception days", lambda w: _station(w, "/reception-days"), lambda w: {"first_month": "2031-01-01"})
        ],
        ("post", "/api/stations/{station_id}/activities"): [
            station_write(
                "plan at wjj",
                lambda w: _station(w, "/activities"),
                lambda w: {"kind": "reception", "topic": "矩阵", "date": "2031-01-20", "start_time": "09:00"},
            )
        ],
        ("get", "/api/stations/activities/{activity_id}"): [
            api_case("wjj activity", _today, READ_WJJ, other=404, override=NO_STATIONS),
            api_case(
                "xc activity",
                lambda w: f"/api/stations/activities/{w.xc_activity.pk}",
                ["admin", "office", "committee", "leader"],
                other=404,
                override=NO_STATIONS,
            ),
        ],
        ("post", "/api/stations/activities/{activity_id}/roster"): [
            station_write("roster add", lambda w: _today(w, "/roster"), lambda w: {"deputy_id": w.wjj_station_deputy.pk})
        ],
        ("post", "/api/stations/activities/{activity_id}/roster/remove"): [
            station_write(
                "roster remove", lambda w: _today(w, "/roster/remove"), lambda w: {"deputy_id": w.wjj_station_deputy.pk}
            )
        ],
        ("post", "/api/stations/activities/{activity_id}/check-ins"): [
            station_write("check in", lambda w: _today(w, "/check-ins"), lambda w: {"deputy_id": w.wjj_station_deputy.pk})
        ],
        ("post", "/api/stations/activities/{activity_id}/record"): [
            station_write("record", lambda w: _today(w, "/record"), lambda w: {"voters_received": 3}),
            station_write(
                "record xc",
                lambda w: f"/api/stations/activities/{w.xc_activity.pk}/record",
                lambda w: {"voters_received": 3},
                roles=["admin", "office"],
            ),
        ],
        ("post", "/api/stations/activities/{activity_id}/cancel"): [
            station_write("cancel", lambda w: _today(w, "/cancel"), lambda w: {"reason": "改期"})
        ],
        ("post", "/api/stations/activities/{activity_id}/photos"): [
            Case(
                "photo",
                lambda w: _today(w, "/photos"),
                {**dict.fromkeys(MANAGERS_WJJ, 200), **STATION_WRITERS, "anonymous": 401},
                404,
                "post",
                photo_body,
            )
        ],
        ("post", "/api/stations/sign-in/{token}"): [
            # a serving deputy signs in (the leader is a deputy too); anybody else is refused
            api_case(
                "sign in",
                lambda w: f"/api/stations/sign-in/{w.wjj_today.checkin_token}",
                ["deputy", "leader"],
                method="post",
                data=lambda w: {},
            )
        ],
    }
)


def _village(w):
    """A village or community of 王江泾镇 (where a voter registered at its station lives)."""
    from renda.org.models import Region

    town = w.wjj_station_obj.town
    return Region.objects.filter(path__startswith=town.path, depth__gt=town.depth).order_by("pk").values_list("pk", flat=True)[0]


def _register_url(w):
    return f"/api/opinions/stations/{w.wjj_station_obj.pk}/register"


# The opinions API's new writes (issue #15): registering at a station (its officer and the staff above it), the
# voter's contact (those who handle the opinion), the voter's feedback by the tracking code (no login).
API.update(
    {
        ("post", "/api/opinions/stations/{station_id}/register"): [
            Case(
                "register at wjj",
                _register_url,
                {**dict.fromkeys(MANAGERS_WJJ, 200), **STATION_WRITERS, "anonymous": 401},
                404,
                "post",
                lambda w: {
                    "region_id": _village(w),
                    "category": "教育",
                    "text": "学校门口交通拥堵。",
                    "client_token": "matrix-register",
                },
            )
        ],
        ("post", "/api/opinions/{opinion_id}/contact"): [
            api_case(
                "reveal the wjj opinion's contact",
                lambda w: f"/api/opinions/{w.op_wjj.pk}/contact",
                ["admin", "office", "wjj_staff", "wjj_liaison"],
                other=404,
                method="post",
                # the unit it is routed to handles it and may reach the voter; leaders only read
                override={"leader": 403, "edu_clerk": 200, **NO_OPINIONS},
            )
        ],
        ("post", "/api/opinions/track/feedback"): [
            pub_api(
                "feedback before an answer",
                lambda w: "/api/opinions/track/feedback",
                422,
                lambda w: {"code": w.op_wjj.tracking_code, "solved": True},
            ),
            pub_api(
                "feedback for an unknown code",
                lambda w: "/api/opinions/track/feedback",
                404,
                lambda w: {"code": "ZZZZZZZZZZ", "solved": True},
            ),
        ],
    }
)
