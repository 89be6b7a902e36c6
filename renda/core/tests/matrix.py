"""Permission matrix entries of the core pages (home, work overview, login, audit, tokens, notices, Django admin),
and of the SMS delivery records (the page and API are org's: renda/org/sms_views.py)."""

from django.urls import reverse

from renda.core.models import SmsDelivery
from renda.testing.matrix import LOGGED_IN, ROLES, STAFF, api_case, case

OVERVIEW_ROLES = ["admin", "office", "committee", "wjj_staff", "leader"]  # staff and leaders, each in their scope
SMS_READERS = ["admin", "office"]
# Open data (renda/core/opendata.py): public, the same for every role and without a login.
OPEN_DATA = ["meetings", "meeting-decisions", "livelihood-projects", "livelihood-project-progress", "liaison-stations",
             "station-figures", "suggestions", "suggestion-answers"]  # fmt: skip


def prepare(world):
    """A delivery record of the district (an opinion's answer to a voter) for the detail operation."""
    world.sms_delivery = SmsDelivery.objects.create(
        kind="opinions.answered", phone="13905730009", text="您的意见（查询码 MATRIX0001）已有答复", backend="memory",
        region_id=world.wjj.pk, ref="opinions.opinion:0",
    )  # fmt: skip


PAGES = {
    "home": [case("home", lambda w: reverse("home"), LOGGED_IN)],
    "overview": [
        case("work overview", lambda w: reverse("overview") + "?year=2017&half=1", OVERVIEW_ROLES),
        case("work overview, bad year", lambda w: reverse("overview") + "?year=20&half=1", OVERVIEW_ROLES, code=400),
    ],
    "login": [case("login", lambda w: reverse("login"), ROLES, anonymous=200)],
    # the public portal (renda/portal.py): the same page for everyone, signed in or not
    "portal": [case("public portal", lambda w: reverse("portal"), ROLES, anonymous=200)],
    "logout": [case("logout", lambda w: reverse("logout"), ROLES, code=302, method="post")],
    "set_language": [
        case(
            "set language",
            lambda w: reverse("set_language"),
            ROLES,
            code=302,
            method="post",
            anonymous=302,
            data=lambda w: {"language": "en"},
        )
    ],
    "healthz": [case("health", lambda w: reverse("healthz"), ROLES, anonymous=200)],
    "core:audit_list": [case("audit", lambda w: reverse("core:audit_list"), ["admin"])],
    "core:login_locks": [
        case("login locks", lambda w: reverse("core:login_locks"), ["admin"]),
        case(
            "unlock an account",
            lambda w: reverse("core:login_locks"),
            ["admin"],
            code=302,
            method="post",
            data=lambda w: {"username": "someone"},
        ),
    ],
    "core:token_list": [case("tokens", lambda w: reverse("core:token_list"), LOGGED_IN)],
    "core:account": [case("my account", lambda w: reverse("core:account"), LOGGED_IN)],
    "core:password_change": [case("change password", lambda w: reverse("core:password_change"), LOGGED_IN)],
    "core:password_reset": [case("forgotten password", lambda w: reverse("core:password_reset"), ROLES, anonymous=200)],
    "core:password_reset_confirm": [
        case("set a new password", lambda w: reverse("core:password_reset_confirm"), ROLES, anonymous=200)
    ],
    "core:notice_list": [
        case("notices", lambda w: reverse("core:notice_list"), LOGGED_IN),
        case("notices of a kind", lambda w: reverse("core:notice_list") + "?kind=suggestion.overdue", LOGGED_IN),
        case("mark notices read", lambda w: reverse("core:notice_list"), LOGGED_IN, code=302, method="post"),
    ],
    "core:notice_open": [
        case(
            "open a notice (another user's: back to the list)",
            lambda w: reverse("core:notice_open", args=[1]),
            LOGGED_IN,
            code=302,
            method="post",
        ),
    ],
    # exports written by the task worker (renda/core/exports.py): a user's own only; anyone else's is not found
    "core:export_list": [case("my exports", lambda w: reverse("core:export_list"), LOGGED_IN)],
    "core:export_file": [
        case("an export not mine", lambda w: reverse("core:export_file", args=[987654]), LOGGED_IN, code=404)
    ],
    "core:token_revoke": [],  # covered by test_token_revoke_only_own below
    "admin:index": [case("django admin", lambda w: reverse("admin:index"), ["admin"], other=302)],
    "open_data": [case("open data", lambda w: reverse("open_data"), ROLES, anonymous=200)],
    "open_data_csv": [
        case(
            "open data CSV, 2017", lambda w: reverse("open_data_csv", args=["suggestions"]) + "?year=2017", ROLES, anonymous=200
        ),
        case(
            "open data CSV, bad year",
            lambda w: reverse("open_data_csv", args=["meetings"]) + "?year=0",
            ROLES,
            code=400,
            anonymous=400,
        ),
        case("open data CSV, no such set", lambda w: reverse("open_data_csv", args=["x"]), ROLES, code=404, anonymous=404),
    ],
    "open_data_json": [
        case("open data JSON", lambda w: reverse("open_data_json", args=["liaison-stations"]), ROLES, anonymous=200),
    ],
    "org:sms_delivery_list": [
        case("SMS deliveries", lambda w: reverse("org:sms_delivery_list"), SMS_READERS),
        case(
            "SMS deliveries, failed, as Excel",
            lambda w: reverse("org:sms_delivery_list") + "?state=failed&export=xlsx",
            SMS_READERS,
        ),
        case("SMS deliveries, bad dates", lambda w: reverse("org:sms_delivery_list") + "?date_from=20170&kind=zz", SMS_READERS),
    ],
}

API: dict = {
    ("post", "/api/accounts/password"): [
        api_case(
            "change password, wrong current one",
            lambda w: "/api/accounts/password",
            [r for r in ROLES if r != "anonymous"],
            method="post",
            code=422,
            data=lambda w: {"old_password": "wrong", "new_password": "Xiuzhou#2026", "confirm": "Xiuzhou#2026"},
        )
    ],
    ("post", "/api/accounts/password-reset"): [
        api_case(
            "request a reset code",
            lambda w: "/api/accounts/password-reset",
            ROLES,
            method="post",
            override={"anonymous": 200},
            data=lambda w: {"username": "nobody"},
        )
    ],
    ("post", "/api/accounts/password-reset/confirm"): [
        api_case(
            "reset with a wrong code",
            lambda w: "/api/accounts/password-reset/confirm",
            ROLES,
            method="post",
            code=422,
            override={"anonymous": 422},
            data=lambda w: {"username": "nobody", "code": "000000", "new_password": "Xiuzhou#2026", "confirm": "Xiuzhou#2026"},
        )
    ],
    ("get", "/api/accounts/me"): [api_case("my account", lambda w: "/api/accounts/me", LOGGED_IN)],
    ("post", "/api/accounts/me"): [
        api_case(
            "my account, a bad phone",
            lambda w: "/api/accounts/me",
            LOGGED_IN,
            method="post",
            code=422,
            data=lambda w: {"display_name": "x", "phone": "123"},
        ),
    ],
    ("get", "/api/accounts/tokens"): [api_case("my tokens", lambda w: "/api/accounts/tokens", LOGGED_IN)],
    ("post", "/api/accounts/tokens"): [
        api_case(
            "a token without a name",
            lambda w: "/api/accounts/tokens",
            LOGGED_IN,
            method="post",
            code=422,
            data=lambda w: {"name": " "},
        ),
    ],
    ("post", "/api/accounts/tokens/{token_id}/revoke"): [
        api_case("revoke a token not mine", lambda w: "/api/accounts/tokens/987654/revoke", LOGGED_IN, method="post", code=404),
    ],
    ("get", "/api/notices/"): [
        api_case("my notices", lambda w: "/api/notices/?unread=true&page_size=5", ROLES[1:]),
        api_case("my notices, bad page", lambda w: "/api/notices/?page=0", ROLES[1:], code=422),
    ],
    ("get", "/api/notices/groups"): [api_case("my notices by kind", lambda w: "/api/notices/groups", ROLES[1:])],
    ("post", "/api/notices/read"): [
        api_case("mark my notices of a kind read", lambda w: "/api/notices/read", ROLES[1:], method="post",
                 data=lambda w: {"kind": "suggestion.overdue"}),
    ],
    ("post", "/api/notices/{notice_id}/read"): [
        api_case("mark another user's notice read", lambda w: "/api/notices/99999999/read", ROLES[1:], method="post", code=404,
                 data=lambda w: {}),
    ],
    ("post", "/api/exports/"): [
        api_case("export the deputies", lambda w: "/api/exports/", STAFF, method="post", code=202,
                 data=lambda w: {"kind": "org:deputy_list", "filters": {"status": "serving"}}),
        api_case("export a page that is no list", lambda w: "/api/exports/", LOGGED_IN, method="post", code=422,
                 data=lambda w: {"kind": "core:account", "filters": {}}),
    ],
    ("get", "/api/exports/"): [api_case("my exports", lambda w: "/api/exports/?page_size=5", LOGGED_IN)],
    ("get", "/api/exports/{export_id}"): [
        api_case("an export not mine", lambda w: "/api/exports/987654", LOGGED_IN, code=404),
    ],
    ("get", "/api/exports/{export_id}/file"): [
        api_case("the file of an export not mine", lambda w: "/api/exports/987654/file", LOGGED_IN, code=404),
    ],
    ("get", "/api/accounts/login-locks"): [api_case("login locks", lambda w: "/api/accounts/login-locks", ["admin"])],
    ("post", "/api/accounts/login-locks/unlock"): [
        api_case(
            "unlock an account",
            lambda w: "/api/accounts/login-locks/unlock",
            ["admin"],
            method="post",
            data=lambda w: {"username": "someone"},
        )
    ],
    ("get", "/api/overview"): [
        api_case("overview", lambda w: "/api/overview?year=2017&half=1", OVERVIEW_ROLES),
        api_case("overview, bad half", lambda w: "/api/overview?year=2017&half=7", OVERVIEW_ROLES, code=422),
    ],
    ("get", "/api/sms/deliveries"): [
        api_case("SMS deliveries", lambda w: "/api/sms/deliveries?state=queued&page=2", SMS_READERS),
    ],
    ("get", "/api/sms/deliveries/{delivery_id}"): [
        api_case("an SMS delivery", lambda w: f"/api/sms/deliveries/{w.sms_delivery.pk}", SMS_READERS),
        api_case("no such SMS delivery", lambda w: "/api/sms/deliveries/99999999999", SMS_READERS, code=404),
    ],
    ("get", "/api/open-data/"): [
        api_case("open data catalogue", lambda w: "/api/open-data/", ROLES, override={"anonymous": 200})
    ],
    **{
        ("get", f"/api/open-data/{key}"): [
            api_case(
                f"open data {key}",
                lambda w, key=key: f"/api/open-data/{key}?year=2017&page_size=5",
                ROLES,
                override={"anonymous": 200},
            ),
        ]
        for key in OPEN_DATA
    },  # fmt: skip
}
