"""Permission matrix entries of the suggestions pages and API operations (named records from the demo)."""

from django.urls import reverse

from renda.suggestions import demo
from renda.suggestions.models import Suggestion
from renda.suggestions.tests.helpers import my_station, other_station, register
from renda.testing.matrix import ROLES, Case, api_case, case

READERS = ["admin", "office", "committee", "wjj_staff", "leader", "deputy"]
OWN = ["admin", "office", "committee", "leader", "edu_clerk", "deputy"]  # the deputy's answered suggestion (edu leads)
EDU_CO = ["admin", "office", "committee", "leader", "edu_clerk"]
DISTRICT_STAFF = ["admin", "office", "committee", "leader"]
ALL = dict.fromkeys(ROLES, 200)


def prepare(world):
    by_title = {s.title: s for s in Suggestion.objects.filter(title__in=[
        demo.OWN_ANSWERED, demo.EDU_CO_UNIT, demo.OTHER_UNIT, demo.WJJ_TOWN, demo.XC_TOWN, demo.OWN_DRAFT, demo.OWN_COSIGN])}  # fmt: skip
    world.sg_own = by_title[demo.OWN_ANSWERED]
    world.sg_edu_co = by_title[demo.EDU_CO_UNIT]
    world.sg_other = by_title[demo.OTHER_UNIT]
    world.sg_wjj = by_title[demo.WJJ_TOWN]
    world.sg_xc = by_title[demo.XC_TOWN]
    world.sg_draft = by_title[demo.OWN_DRAFT]
    world.sg_cosign = by_title[demo.OWN_COSIGN]
    world.sg_letter = world.sg_own.answers.order_by("round").first()
    world.sg_attachment = world.sg_own.attachments.first()
    # Voters' opinions just registered: one at a station the "deputy" login is attached to, one elsewhere.
    world.sg_opinion = register(world, my_station(world))
    world.sg_foreign_opinion = register(world, other_station(world), text="小区门口的公交站台破损，雨天无处避雨，希望修复。")
    # the review API: a key suggestion of the district, and a person to name as a key suggestion's leader
    from renda.org.models import Person
    from renda.suggestions.models import KeySuggestion

    world.sg_key = KeySuggestion.objects.filter(suggestion__region=world.district).order_by("pk").first().suggestion
    world.sg_leader = Person.objects.order_by("pk").first()


def url(name, attr=None, *extra):
    return lambda w: reverse(f"suggestions:{name}", args=[getattr(w, attr).pk, *extra] if attr else list(extra))


def act(attr, action):
    return lambda w: reverse("suggestions:act", args=[getattr(w, attr).pk, action])


def public(label, fn):
    return Case(label, fn, dict(ALL), 200)


PAGES = {
    "suggestions:list": [
        case("suggestions", url("list"), READERS),
        case("suggestions export", lambda w: reverse("suggestions:list") + "?export=xlsx", READERS),
    ],
    "suggestions:create": [
        case("new suggestion", url("create"), ["deputy"]),
        case("raise my station's opinion", lambda w: reverse("suggestions:create") + f"?opinion={w.sg_opinion.pk}", ["deputy"]),
        case(
            "raise another station's opinion",
            lambda w: reverse("suggestions:create") + f"?opinion={w.sg_foreign_opinion.pk}",
            [],
            override={"deputy": 404},
        ),
    ],
    "suggestions:opinions": [case("opinions to raise", url("opinions"), ["deputy"])],
    "suggestions:inbox": [
        case("unit inbox", url("inbox"), ["admin", "edu_clerk"]),
        case("unit inbox export", lambda w: reverse("suggestions:inbox") + "?export=xlsx", ["admin", "edu_clerk"]),
    ],
    "suggestions:reminders": [case("reminders", url("reminders"), ["admin", "office", "wjj_staff"])],
    "suggestions:figures": [
        case("figures", url("figures"), ["admin", "office", "wjj_staff", "leader"]),
        case(
            "figures export",
            lambda w: reverse("suggestions:figures") + "?export=xlsx&year=2017",
            ["admin", "office", "wjj_staff", "leader"],
        ),
    ],
    "suggestions:report": [
        case("annual report", lambda w: reverse("suggestions:report") + "?year=2017", ["admin", "office", "leader"])
    ],
    "suggestions:public_list": [public("public list", url("public_list"))],
    "suggestions:public_detail": [
        public("public published", url("public_detail", "sg_own")),
        Case("public unpublished", url("public_detail", "sg_other"), {}, 404),
    ],
    "suggestions:detail": [
        case("own answered", url("detail", "sg_own"), OWN, other=404),
        case("edu as co-unit", url("detail", "sg_edu_co"), EDU_CO, other=404),
        case("other unit", url("detail", "sg_other"), DISTRICT_STAFF, other=404),
        case("wjj town", url("detail", "sg_wjj"), ["admin", "office", "wjj_staff", "leader"], other=404),
        case("xc town", url("detail", "sg_xc"), ["admin", "office", "leader"], other=404),
        case("own draft", url("detail", "sg_draft"), ["deputy"], other=404),
        case("asked to co-sign", url("detail", "sg_cosign"), ["deputy"], other=404),
    ],
    "suggestions:edit": [
        case("edit own draft", url("edit", "sg_draft"), ["deputy"], other=404),
        case(
            "edit answered", url("edit", "sg_own"), [], other=403, override={"deputy": 302, "wjj_staff": 404, "wjj_liaison": 404}
        ),
    ],
    "suggestions:letter": [case("answer letter", url("letter", "sg_letter"), OWN, other=404)],
    "suggestions:attachment": [
        case("attachment", lambda w: reverse("suggestions:attachment", args=[w.sg_own.pk, w.sg_attachment.pk]), OWN, other=404)
    ],
    "suggestions:act": [
        case(
            "accept xc town",
            act("sg_xc", "accept"),
            ["admin", "office"],
            code=302,
            other=404,
            method="post",
            override={"leader": 403},
        ),
        case(
            "unit accepts its co part",
            act("sg_edu_co", "unit_accept"),
            ["edu_clerk"],
            code=302,
            other=404,
            method="post",
            override={"admin": 403, "office": 403, "committee": 403, "leader": 403},
        ),
        case(
            "co-sign", act("sg_cosign", "cosign"), ["deputy"], code=302, other=404, method="post", data=lambda w: {"confirm": "1"}
        ),
        case(
            "feedback again (same)",
            act("sg_own", "feedback"),
            ["deputy"],
            code=302,
            other=404,
            method="post",
            data=lambda w: {"process": "satisfied", "result": "satisfied"},
            override={"admin": 403, "office": 403, "committee": 403, "leader": 403, "edu_clerk": 403},
        ),
        case("unknown action", act("sg_own", "explode"), [], other=404, method="post"),
    ],
}

API_BASE = "/api/suggestions"


def api(label, fn, roles, other=403, override=None, method="get", data=None):
    """api_case; the writes of this API take form-encoded bodies (`Form[...]`, see docs/suggestions.md), so a
    write's body goes as form fields and each role gets the write's real answer (not a parse error)."""
    c = api_case(label, fn, roles, other=other, override=override, method=method, data=data)
    c.content_type = None
    return c


def in_time_to_return(w) -> str:
    """The co-unit part of 区教育局 with its time to return still running (each case is rolled back)."""
    from django.utils import timezone

    w.sg_edu_co.assignments.filter(unit=w.edu_unit).update(return_due=timezone.localdate())
    return f"{API_BASE}/{w.sg_edu_co.pk}/unit/return"


def at_session(meeting):
    """A suggestion's body made at the session `meeting(w)`."""
    return lambda w: {"title": "关于增设路灯的建议", "text": "村道夜间照明不足，建议增设路灯，方便群众出行。", "category": "城乡建设",
                      "period": "session", "meeting_id": meeting(w).pk}  # fmt: skip


def session_meeting(w):
    from renda.suggestions.demo import session_of

    return session_of(w.own_deputy.congress)


def wjj_session_meeting(w):
    from renda.org.models import Body
    from renda.suggestions.demo import session_of

    return session_of(Body.objects.get(kind=Body.Kind.CONGRESS, region=w.wjj))


API = {
    ("get", f"{API_BASE}/public"): [api("public list", lambda w: f"{API_BASE}/public", ROLES, override={"anonymous": 200})],
    ("get", f"{API_BASE}/public/{{suggestion_id}}"): [
        api("public detail", lambda w: f"{API_BASE}/public/{w.sg_own.pk}", ROLES, override={"anonymous": 200}),
        api("public unpublished", lambda w: f"{API_BASE}/public/{w.sg_other.pk}", [], other=404, override={"anonymous": 404}),
    ],
    ("get", f"{API_BASE}/"): [api("list", lambda w: f"{API_BASE}/", READERS)],
    ("get", f"{API_BASE}/inbox"): [api("inbox", lambda w: f"{API_BASE}/inbox", ["admin", "edu_clerk"])],
    ("get", f"{API_BASE}/{{suggestion_id}}"): [
        api("own", lambda w: f"{API_BASE}/{w.sg_own.pk}", OWN, other=404),
        api("edu co", lambda w: f"{API_BASE}/{w.sg_edu_co.pk}", EDU_CO, other=404),
        api("draft", lambda w: f"{API_BASE}/{w.sg_draft.pk}", ["deputy"], other=404),
    ],
    ("post", f"{API_BASE}/"): [
        api(
            "submit",
            lambda w: f"{API_BASE}/",
            ["deputy"],
            method="post",
            data=lambda w: {
                "title": "关于增设路灯的建议",
                "text": "村道夜间照明不足，建议增设路灯，方便群众出行。",
                "category": "城乡建设",
            },
        ),
        api(
            "submit at the deputy's congress session",
            lambda w: f"{API_BASE}/",
            ["deputy"],
            method="post",
            data=at_session(session_meeting),
        ),
        api(
            "submit at another congress's session",
            lambda w: f"{API_BASE}/",
            [],
            override={"deputy": 422},
            method="post",
            data=at_session(wjj_session_meeting),
        ),
        api(
            "submit from another station's opinion",
            lambda w: f"{API_BASE}/",
            [],
            override={"deputy": 404},
            method="post",
            data=lambda w: {
                "title": "关于修复公交站台的建议",
                "text": "小区门口的公交站台破损，雨天无处避雨，建议修复。",
                "category": "城乡建设",
                "opinion_id": w.sg_foreign_opinion.pk,
            },
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/cosign"): [
        api(
            "cosign",
            lambda w: f"{API_BASE}/{w.sg_cosign.pk}/cosign",
            ["deputy"],
            other=404,
            method="post",
            data=lambda w: {"confirm": "true"},
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/feedback"): [
        api(
            "feedback",
            lambda w: f"{API_BASE}/{w.sg_own.pk}/feedback",
            ["deputy"],
            other=404,
            method="post",
            data=lambda w: {"process": "satisfied", "result": "satisfied"},
            override={"admin": 403, "office": 403, "committee": 403, "leader": 403, "edu_clerk": 403},
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/unit/accept"): [
        api(
            "unit accept",
            lambda w: f"{API_BASE}/{w.sg_edu_co.pk}/unit/accept",
            ["edu_clerk"],
            other=404,
            method="post",
            override={"admin": 403, "office": 403, "committee": 403, "leader": 403},
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/unit/return"): [
        api(
            "unit return in time",
            in_time_to_return,
            ["edu_clerk"],
            other=404,
            method="post",
            data=lambda w: {"reason": "不属于本单位职责"},
            override={"admin": 403, "office": 403, "committee": 403, "leader": 403},
        ),
        api(
            "unit return too late",
            lambda w: f"{API_BASE}/{w.sg_edu_co.pk}/unit/return",
            [],
            other=404,
            method="post",
            data=lambda w: {"reason": "不属于本单位职责"},
            override={"edu_clerk": 422, "admin": 403, "office": 403, "committee": 403, "leader": 403},
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/unit/opinion"): [
        api(
            "co opinion",
            lambda w: f"{API_BASE}/{w.sg_edu_co.pk}/unit/opinion",
            ["edu_clerk"],
            other=404,
            method="post",
            data=lambda w: {"opinion": "同意主办单位意见，配合落实。"},
            override={"admin": 403, "office": 403, "committee": 403, "leader": 403},
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/unit/contact"): [
        api(
            "contact on closed",
            lambda w: f"{API_BASE}/{w.sg_own.pk}/unit/contact",
            [],
            other=404,
            method="post",
            data=lambda w: {"contacted_on": "2017-05-01", "method": "phone", "summary": "电话沟通"},
            override={"edu_clerk": 422, "admin": 403, "office": 403, "committee": 403, "leader": 403, "deputy": 403},
        ),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/unit/answer"): [
        api(
            "answer on closed",
            lambda w: f"{API_BASE}/{w.sg_own.pk}/unit/answer",
            [],
            other=404,
            method="post",
            data=lambda w: {"outcome": "A", "text": "已经办理完毕，特此答复，感谢关心。"},
            override={"edu_clerk": 422, "admin": 403, "office": 403, "committee": 403, "leader": 403, "deputy": 403},
        ),
    ],
}

for _cases in [*PAGES.values(), *API.values()]:
    for _case in _cases:
        _case.label = f"sg {_case.label}"


# The review and draft writes (issue #15). The district's office (and the administrator) review the district's
# suggestions; those who only read them get 403, those who do not see them 404. On a suggestion already assigned,
# a move its state does not allow answers 409 to a reviewer (nothing changes): the permission was granted first.
REVIEWERS = ["admin", "office"]
SEES_EDU_CO = {"committee": 403, "leader": 403, "edu_clerk": 403}


def review(label, attr, path, data=None, code=200, seen=None):
    return api(label, lambda w: f"{API_BASE}/{getattr(w, attr).pk}/{path}", REVIEWERS, other=404, method="post",
               data=data or (lambda w: {}), override={**(SEES_EDU_CO if seen is None else seen), **(dict.fromkeys(REVIEWERS, code))})  # fmt: skip


KEY_BODY = lambda w: {"decision": "主任会议决定", "decided_on": "2017-06-20", "lead_leader_person_id": w.sg_leader.pk,  # noqa: E731
                      "lead_leader_title": "副区长", "plan": "每季度督办一次"}  # fmt: skip

API.update({
    ("post", f"{API_BASE}/{{suggestion_id}}/draft"): [
        api("edit the draft", lambda w: f"{API_BASE}/{w.sg_draft.pk}/draft", ["deputy"], other=404, method="post",
            data=lambda w: {"title": "关于村道的建议", "text": "村道破损严重，建议尽快维修。", "category": "城乡建设"}),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/submit"): [
        api("submit the draft", lambda w: f"{API_BASE}/{w.sg_draft.pk}/submit", ["deputy"], other=404, method="post"),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/accept"): [review("accept an assigned one", "sg_edu_co", "review/accept", code=409)],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/refuse"): [
        review("refuse an assigned one", "sg_edu_co", "review/refuse", lambda w: {"reason": "不属于建议"}, code=409)
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/merge"): [
        review("merge an assigned one", "sg_edu_co", "review/merge", lambda w: {"target_id": w.sg_other.pk}, code=409)
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/assign"): [
        review("assign an assigned one", "sg_edu_co", "review/assign", lambda w: {"lead_unit_id": w.edu_unit.pk}, code=409)
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/reassign"): [
        review("reassign", "sg_edu_co", "review/reassign",
               lambda w: {"lead_unit_id": w.other_district_unit.pk, "co_unit_ids": [w.edu_unit.pk], "reason": "职责调整"}),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/extend"): [
        review("extend", "sg_edu_co", "review/extend", lambda w: {"consent": "代表本人电话同意"})
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/publish"): [
        review("publish an unanswered one", "sg_edu_co", "review/publish", code=409)
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/review/key"): [review("make key", "sg_edu_co", "review/key", KEY_BODY)],
    ("post", f"{API_BASE}/{{suggestion_id}}/key/progress"): [
        # the supervising congress leader (the "leader" login) records progress too; others who see it may not
        review("key progress", "sg_key", "key/progress", lambda w: {"on": "2017-09-01", "text": "已完成勘察设计。"},
               seen={"committee": 403, "deputy": 403, "edu_clerk": 403, "leader": 200}),
    ],
    ("post", f"{API_BASE}/{{suggestion_id}}/unit/follow-up"): [
        # the lead unit's answer promised no follow-up: 409 for its clerk; the others who see it are not the lead unit
        api("follow-up without a promise", lambda w: f"{API_BASE}/{w.sg_own.pk}/unit/follow-up", [], other=404, method="post",
            data=lambda w: {"text": "问题已经解决，村道已修复完毕。"},
            override={**dict.fromkeys(OWN, 403), "edu_clerk": 409}),
    ],
})  # fmt: skip
