"""Permission matrix entries of the meetings pages and API operations.

Named records (prepare): the standing committee's 2nd meeting (closed, published; the "deputy" login attends
as a non-voting attendee), its 3rd meeting's decision item, the first directors' meeting (unpublished), the
mid-year sessions of 王江泾镇 (the "deputy" login is a member, present) and 新塍镇, their polls, and the
review opinions sent to 区教育局 and to another unit.
"""

from django.urls import reverse

from renda.org.scoping import Scope
from renda.testing.matrix import api_case, case

ALL_SEEING = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"]
SC_SEEING = ["admin", "office", "committee", "leader", "deputy"]
WJJ_SEEING = ["admin", "office", "wjj_staff", "wjj_liaison", "leader", "deputy"]
OUTSIDE_WJJ = {"wjj_staff": 404, "wjj_liaison": 404}


def prepare(world):
    from renda.meetings.models import AgendaItem, Attendance, Meeting, Poll, ReviewOpinion
    from renda.org.models import Body

    sc = Meeting.objects.filter(body__kind=Body.Kind.STANDING_COMMITTEE)
    world.sc_meeting = sc.get(number=2)
    world.decision_item = AgendaItem.objects.get(meeting=sc.get(number=3), kind="decision")
    world.directors_meeting = Meeting.objects.filter(body__kind=Body.Kind.DIRECTORS_MEETING).order_by("number").first()
    midyear = Meeting.objects.filter(body__kind=Body.Kind.CONGRESS, rollout__startswith="midyear")
    world.wjj_session = midyear.get(region=world.wjj)
    world.xc_session = midyear.get(region=world.xc)
    world.wjj_poll = Poll.objects.get(meeting=world.wjj_session, kind=Poll.Kind.SECRET, method=Poll.Method.YNA)
    world.wjj_paper_poll = Poll.objects.get(meeting=world.wjj_session, kind=Poll.Kind.PAPER)
    world.sc_attendance = (
        Attendance.objects.filter(meeting=world.sc_meeting, status="leave").first()
        or Attendance.objects.filter(meeting=world.sc_meeting).first()
    )
    world.sc_document = world.sc_meeting.documents.first()
    world.sc_item = world.sc_meeting.items.order_by("order").first()
    world.edu_opinion = ReviewOpinion.objects.get(unit=world.edu_unit)
    world.other_opinion = ReviewOpinion.objects.exclude(unit=world.edu_unit).filter(state="reported").first()


# API writes send JSON bodies (api_case with method="post"), so each role gets the write's real answer. Each
# case runs in its own rolled-back transaction, so the helpers below may prepare the state a write needs: they
# go through the meetings services, and are idempotent (the URL and the body may both ask for the same state).
MATRIX_POLL = "矩阵测试表决"
ADMIN = Scope.system("tests: the permission matrix prepares a poll")


def session_2018(w):
    """王江泾镇's session of 12 January 2018 (projects demo): in progress, the "deputy" login a present member."""
    from renda.meetings.models import Meeting

    return Meeting.objects.get(body__region=w.wjj, body__kind="congress", start_date="2018-01-12", preparatory_for__isnull=True)


def seat_to_take(w) -> str:
    """The sign-in URL of the 2018 session, with the deputy's seat back to "invited": signing in changes it."""
    session = session_2018(w)
    session.attendances.filter(person__user=w.users["deputy"]).update(status="invited", signed_in_at=None, signin_method="")
    return f"/api/meetings/{session.pk}/sign-in"


def open_poll(w):
    """A named yes/no/abstain poll on the 2018 session, voting open."""
    from renda.meetings import services
    from renda.meetings.models import Poll

    poll = Poll.objects.filter(title=MATRIX_POLL).first()
    if poll is None:
        admin, session = w.users["admin"], session_2018(w)
        poll = services.poll_create(actor=admin, scope=ADMIN, meeting=session, title=MATRIX_POLL, kind=Poll.Kind.NAMED)
        services.poll_transition(actor=admin, scope=ADMIN, poll=poll, action="start")
    return poll


def ballot(w) -> dict:
    return {"choices": {str(o.pk): "Y" for o in open_poll(w).options.all()}}


def voted_poll(w) -> str:
    """The open poll with the deputy's vote already cast: a second vote is 409."""
    from renda.meetings import services
    from renda.meetings.models import PollVoter

    poll = open_poll(w)
    if not PollVoter.objects.filter(poll=poll, person__user=w.users["deputy"]).exists():
        services.poll_vote(actor=w.users["deputy"], poll_id=poll.pk, choices=ballot(w)["choices"])
    return f"/api/meetings/polls/{poll.pk}/vote"


def session_deputy(w):
    """A deputy of the 2017 mid-year 王江泾镇 session's congress (the draft presidium list takes deputies)."""
    from renda.meetings import selectors

    return selectors.session_deputies(meeting=w.wjj_session).values_list("pk", flat=True).first()


def m(name, view="meetings:detail", suffix=""):
    return lambda w: reverse(view, args=[getattr(w, name).pk]) + suffix


SC_MANAGE = {"roles": ["admin", "office"], "override": {"wjj_staff": 404, "wjj_liaison": 404}}
# an agenda item outside the caller's scope is not found (as the meeting is not)
SC_ITEM = {"roles": ["admin", "office"], "override": {**OUTSIDE_WJJ, "edu_clerk": 404}}
WJJ_MANAGE = {"roles": ["admin", "wjj_staff"], "override": {"committee": 404}}

PAGES = {
    "meetings:list": [
        case("meetings", lambda w: reverse("meetings:list"), ALL_SEEING),
        case("meetings export", lambda w: reverse("meetings:list") + "?export=xlsx", ALL_SEEING),
    ],
    "meetings:item_list": [
        case("reports heard", lambda w: reverse("meetings:item_list") + "?item_kind=hear_report&held=1", ALL_SEEING),
        case("agenda items export", lambda w: reverse("meetings:item_list") + "?export=xlsx", ALL_SEEING),
    ],
    # committee staff hold their own committee's meetings (专门委员会、工作委员会)
    "meetings:create": [case("new meeting", lambda w: reverse("meetings:create"), ["admin", "office", "committee", "wjj_staff"])],
    "meetings:rollout": [case("mid-year rollout", lambda w: reverse("meetings:rollout"), ["admin", "office"])],
    # the leader is a person with a seat on the standing committee: she attends her meetings
    "meetings:mine": [case("my meetings", lambda w: reverse("meetings:mine"), ["deputy", "leader"])],
    "meetings:detail": [
        case("standing committee meeting", m("sc_meeting"), SC_SEEING, override=OUTSIDE_WJJ),
        case("wjj session", m("wjj_session"), WJJ_SEEING, override={"committee": 404}),
        case(
            "xc session",
            m("xc_session"),
            ["admin", "office", "leader"],
            override={"committee": 404, **OUTSIDE_WJJ, "deputy": 404},
        ),
        case(
            "directors' meeting",
            m("directors_meeting"),
            ["admin", "office", "committee", "leader"],
            override={**OUTSIDE_WJJ, "deputy": 404},
        ),
    ],
    "meetings:transition": [
        case(
            "close closed sc meeting",
            m("sc_meeting", "meetings:transition"),
            code=302,
            method="post",
            data=lambda w: {"action": "close"},
            **SC_MANAGE,
        ),
        case(
            "close closed wjj session",
            m("wjj_session", "meetings:transition"),
            code=302,
            method="post",
            data=lambda w: {"action": "close"},
            **WJJ_MANAGE,
        ),
    ],
    "meetings:item_add": [case("add item", m("sc_meeting", "meetings:item_add"), **SC_MANAGE)],
    # corrections (date, venue, agenda) until the page is published: the sc meeting is published, so a POST is refused
    "meetings:edit": [case("correct date and venue", m("sc_meeting", "meetings:edit"), **SC_MANAGE)],
    "meetings:item_edit": [case("correct an agenda item", m("sc_item", "meetings:item_edit"), **SC_ITEM)],
    "meetings:item_delete": [
        case("delete an item of a published meeting", m("sc_item", "meetings:item_delete"), code=400, method="post", **SC_ITEM)
    ],
    "meetings:item_move": [
        case(
            "move an item of a published meeting",
            m("sc_item", "meetings:item_move"),
            code=400,
            method="post",
            data=lambda w: {"direction": "down"},
            **SC_ITEM,
        )
    ],
    "meetings:document_add": [case("upload document", m("sc_meeting", "meetings:document_add"), **SC_MANAGE)],
    "meetings:minutes": [
        case("sc minutes", m("sc_meeting", "meetings:minutes"), ["admin", "office", "committee", "leader"], override=OUTSIDE_WJJ),
        case(
            "wjj minutes",
            m("wjj_session", "meetings:minutes"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            override={"committee": 404},
        ),
    ],
    "meetings:attendance": [
        case(
            "sc attendance",
            m("sc_meeting", "meetings:attendance"),
            ["admin", "office", "committee", "leader"],
            override=OUTSIDE_WJJ,
        ),
        case(
            "sc attendance export",
            m("sc_meeting", "meetings:attendance", "?export=xlsx"),
            ["admin", "office", "committee", "leader"],
            override=OUTSIDE_WJJ,
        ),
    ],
    "meetings:invite": [case("invite", m("sc_meeting", "meetings:invite"), **SC_MANAGE)],
    "meetings:qr": [case("qr code", m("sc_meeting", "meetings:qr"), **SC_MANAGE)],
    "meetings:leave": [case("leave form", m("sc_meeting", "meetings:leave"), ["deputy", "leader"], override=OUTSIDE_WJJ)],
    "meetings:poll_create": [
        case("new poll sc", m("sc_meeting", "meetings:poll_create"), **SC_MANAGE),
        case("new poll wjj", m("wjj_session", "meetings:poll_create"), **WJJ_MANAGE),
    ],
    "meetings:opinion_create": [case("draft opinions", m("sc_meeting", "meetings:opinion_create"), **SC_MANAGE)],
    "meetings:document": [
        case("document", m("sc_document", "meetings:document"), SC_SEEING, override=OUTSIDE_WJJ | {"edu_clerk": 404})
    ],
    "meetings:attendance_action": [
        case(
            "approve leave again",
            lambda w: reverse("meetings:attendance_action", args=[w.sc_attendance.pk, "approve_leave"]),
            code=302,
            method="post",
            **SC_MANAGE | {"override": {**OUTSIDE_WJJ, "edu_clerk": 404}},
        )
    ],
    "meetings:signin": [
        case("sign-in page", lambda w: reverse("meetings:signin", args=[w.sc_meeting.signin_token]), ["deputy", "leader"])
    ],
    "meetings:poll_detail": [
        case("wjj poll", m("wjj_poll", "meetings:poll_detail"), WJJ_SEEING, override={"committee": 404, "edu_clerk": 404}),
    ],
    "meetings:poll_transition": [
        case(
            "publish published poll",
            m("wjj_poll", "meetings:poll_transition"),
            code=302,
            method="post",
            data=lambda w: {"action": "publish"},
            roles=["admin", "wjj_staff"],
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    "meetings:poll_vote": [
        case(
            "vote in a closed poll",
            m("wjj_poll", "meetings:poll_vote"),
            [],
            method="post",
            data=lambda w: {},
            override={"deputy": 400, "committee": 404, "edu_clerk": 404},
        ),
    ],
    "meetings:paper_discard": [
        # a published poll's counts can no longer be discarded: the managers get the refusal on the page (400)
        case(
            "discard the counts of a published poll",
            m("wjj_paper_poll", "meetings:paper_discard"),
            ["admin", "wjj_staff"],
            code=400,
            method="post",
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    "meetings:preparatory_create": [
        case("plan a preparatory meeting", m("wjj_session", "meetings:preparatory_create"), **WJJ_MANAGE),
    ],
    "meetings:paper_count": [
        case(
            "paper count",
            m("wjj_paper_poll", "meetings:paper_count"),
            ["admin", "wjj_staff"],
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    "meetings:decision_add": [
        case(
            "record decision",
            m("decision_item", "meetings:decision_add"),
            ["admin", "office"],
            override={**OUTSIDE_WJJ, "deputy": 404, "edu_clerk": 404},
        ),
    ],
    "meetings:opinion_list": [
        case(
            "opinions",
            lambda w: reverse("meetings:opinion_list"),
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "edu_clerk"],
        ),
        case(
            "opinions export",
            lambda w: reverse("meetings:opinion_list") + "?export=xlsx",
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "edu_clerk"],
        ),
    ],
    "meetings:opinion_detail": [
        case(
            "edu opinion",
            m("edu_opinion", "meetings:opinion_detail"),
            ["admin", "office", "committee", "leader", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        case(
            "other unit's opinion",
            m("other_opinion", "meetings:opinion_detail"),
            ["admin", "office", "committee", "leader"],
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "meetings:opinion_transition": [
        case(
            "send again",
            m("edu_opinion", "meetings:opinion_transition"),
            code=302,
            method="post",
            data=lambda w: {"action": "send"},
            roles=["admin", "office"],
            override=OUTSIDE_WJJ,
        ),
    ],
    "meetings:opinion_report": [
        case(
            "handling report form",
            m("edu_opinion", "meetings:opinion_report"),
            ["admin", "office", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        case(
            "other unit's report form",
            m("other_opinion", "meetings:opinion_report"),
            ["admin", "office"],
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "meetings:public_list": [
        case("public list", lambda w: reverse("meetings:public_list"), ["anonymous", *ALL_SEEING, "edu_clerk"])
    ],
    "meetings:public_detail": [
        case("published meeting", m("sc_meeting", "meetings:public_detail"), ["anonymous", *ALL_SEEING, "edu_clerk"]),
        case("unpublished meeting", m("directors_meeting", "meetings:public_detail"), [], other=404, anonymous=404),
    ],
}

API = {
    ("get", "/api/meetings/"): [api_case("meetings", lambda w: "/api/meetings/", ALL_SEEING)],
    ("get", "/api/meetings/{meeting_id}"): [
        api_case("sc meeting", lambda w: f"/api/meetings/{w.sc_meeting.pk}", SC_SEEING, override=OUTSIDE_WJJ),
        api_case(
            "xc session",
            lambda w: f"/api/meetings/{w.xc_session.pk}",
            ["admin", "office", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
    ],
    ("get", "/api/meetings/{meeting_id}/attendance"): [
        api_case(
            "sc attendance",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/attendance",
            ["admin", "office", "committee", "leader"],
            override=OUTSIDE_WJJ,
        ),
    ],
    ("post", "/api/meetings/{meeting_id}/sign-in"): [
        # Staff who see the meeting may not sign in personally (403); outside their scope, 404.
        # the leader (a person) is not invited to the town's session: 404, as for any meeting she is not part of
        api_case(
            "sign in to the session in progress",
            seat_to_take,
            ["deputy"],
            method="post",
            override={"committee": 404, "leader": 404},
        ),
        api_case(
            "sign in to a closed meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/sign-in",
            [],
            method="post",
            override={**OUTSIDE_WJJ, "deputy": 422, "leader": 422},
        ),
        api_case(
            "sign in to another town's session",
            lambda w: f"/api/meetings/{w.xc_session.pk}/sign-in",
            [],
            method="post",
            override={**OUTSIDE_WJJ, "committee": 404, "deputy": 404, "leader": 404},
        ),
    ],
    ("get", "/api/meetings/polls/{poll_id}"): [
        api_case(
            "wjj poll",
            lambda w: f"/api/meetings/polls/{w.wjj_poll.pk}",
            WJJ_SEEING,
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    ("get", "/api/meetings/opinions/{opinion_id}"): [
        api_case(
            "edu opinion",
            lambda w: f"/api/meetings/opinions/{w.edu_opinion.pk}",
            ["admin", "office", "committee", "leader", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        api_case(
            "other unit's opinion",
            lambda w: f"/api/meetings/opinions/{w.other_opinion.pk}",
            ["admin", "office", "committee", "leader"],
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    ("post", "/api/meetings/polls/{poll_id}/vote"): [
        # Only a present, entitled member votes; anyone else is refused (403), whether or not they see the poll.
        api_case(
            "vote in an open poll",
            lambda w: f"/api/meetings/polls/{open_poll(w).pk}/vote",
            ["deputy"],
            method="post",
            data=ballot,
        ),
        api_case("vote again", voted_poll, [], method="post", data=ballot, override={"deputy": 409}),
        api_case(
            "vote in a published poll",
            lambda w: f"/api/meetings/polls/{w.wjj_poll.pk}/vote",
            [],
            method="post",
            data=lambda w: {"choices": {str(o.pk): "Y" for o in w.wjj_poll.options.all()}},
            override={"deputy": 422},
        ),
        api_case(
            "vote in no poll",
            lambda w: f"/api/meetings/polls/{2**62}/vote",  # a valid id no poll has (0 is out of range: 422)
            [],
            other=404,
            method="post",
            data=lambda w: {"choices": []},
        ),
    ],
    ("post", "/api/meetings/{meeting_id}/actions"): [
        api_case(
            "close a closed sc meeting again",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/actions",
            ["admin", "office"],
            method="post",
            data=lambda w: {"action": "close"},
            override=OUTSIDE_WJJ,
        ),
        api_case(
            "start a closed session",
            lambda w: f"/api/meetings/{w.wjj_session.pk}/actions",
            [],
            method="post",
            data=lambda w: {"action": "start"},
            override={"admin": 409, "wjj_staff": 409, "committee": 404},
        ),
    ],
    ("post", "/api/meetings/{meeting_id}/items"): [
        api_case(
            "an agenda item on the 2018 wjj session",
            lambda w: f"/api/meetings/{session_2018(w).pk}/items",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {"kind": "other", "title": "其他事项（矩阵）"},
            override={"committee": 404},
        ),
        api_case(
            "an agenda item on a closed sc meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/items",
            [],
            method="post",
            data=lambda w: {"kind": "other", "title": "其他事项"},
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ},
        ),
    ],
    ("post", "/api/meetings/{meeting_id}/polls"): [
        api_case(
            "a poll on the 2018 wjj session",
            lambda w: f"/api/meetings/{session_2018(w).pk}/polls",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {"title": "矩阵测试表决（接口）", "kind": "named"},
            override={"committee": 404},
        )
    ],
    ("post", "/api/meetings/attendance/{attendance_id}/actions"): [
        api_case(
            "staff sign in a member at the 2018 wjj session",
            lambda w: "/api/meetings/attendance/{}/actions".format(
                session_2018(w)
                .attendances.filter(role="member")
                .exclude(person__user=w.users["deputy"])
                .order_by("pk")
                .first()
                .pk
            ),
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {"action": "sign_in"},
            override={"committee": 404, "edu_clerk": 404},
        )
    ],
    ("post", "/api/meetings/polls/{poll_id}/actions"): [
        api_case(
            "publish a published poll again",
            lambda w: f"/api/meetings/polls/{w.wjj_poll.pk}/actions",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {"action": "publish"},
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    ("post", "/api/meetings/polls/{poll_id}/paper-counts"): [
        api_case(
            "count a published paper poll",
            lambda w: f"/api/meetings/polls/{w.wjj_paper_poll.pk}/paper-counts",
            [],
            method="post",
            data=lambda w: {
                "ballots_total": 1,
                "invalid": 0,
                "counts": {str(o.pk): {"Y": 1, "N": 0, "A": 0} for o in w.wjj_paper_poll.options.all()},
            },
            override={"admin": 409, "wjj_staff": 409, "committee": 404, "edu_clerk": 404},
        ),
    ],
    ("post", "/api/meetings/polls/{poll_id}/paper-counts/discard"): [
        api_case(
            "discard the counts of a published poll",
            lambda w: f"/api/meetings/polls/{w.wjj_paper_poll.pk}/paper-counts/discard",
            [],
            method="post",
            override={"admin": 409, "wjj_staff": 409, "committee": 404, "edu_clerk": 404},
        ),
    ],
    # the pages' other writes (renda/meetings/api_writes.py)
    ("post", "/api/meetings/"): [
        api_case(
            "plan a standing committee meeting",
            lambda w: "/api/meetings/",
            ["admin", "office"],
            method="post",
            data=lambda w: {"body_id": w.sc_meeting.body_id, "start_date": "2018-03-20", "venue": "区人大常委会会议室"},
            override={"committee": 404, "wjj_staff": 404},
        )
    ],
    ("post", "/api/meetings/midyear/rollout"): [
        api_case(
            "roll out the mid-year sessions",
            lambda w: "/api/meetings/midyear/rollout",
            ["admin", "office"],
            method="post",
            data=lambda w: {"start_date": "2018-07-10"},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/correction"): [
        api_case(
            "correct a published meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/correction",
            [],
            method="post",
            data=lambda w: {"start_date": str(w.sc_meeting.start_date), "venue": "另一会议室"},
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/preparatory"): [
        api_case(
            "a preparatory meeting for a closed session",
            lambda w: f"/api/meetings/{w.wjj_session.pk}/preparatory",
            [],
            method="post",
            data=lambda w: {"presidium_deputy_ids": [session_deputy(w)]},
            override={"admin": 409, "wjj_staff": 409, "committee": 404},
        )
    ],
    ("put", "/api/meetings/items/{item_id}"): [
        api_case(
            "correct an item of a published meeting",
            lambda w: f"/api/meetings/items/{w.sc_item.pk}",
            [],
            method="put",
            data=lambda w: {"kind": w.sc_item.kind, "title": "更正的议题"},
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ, "edu_clerk": 404},
        )
    ],
    ("delete", "/api/meetings/items/{item_id}"): [
        api_case(
            "delete an item of a published meeting",
            lambda w: f"/api/meetings/items/{w.sc_item.pk}",
            [],
            method="delete",
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ, "edu_clerk": 404},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/items/order"): [
        api_case(
            "reorder the agenda of a published meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/items/order",
            [],
            method="post",
            data=lambda w: {"item_ids": list(reversed(w.sc_meeting.items.order_by("order").values_list("pk", flat=True)))},
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/documents"): [
        # a JSON body carries no file: 422 for those who may upload (after the permission check)
        api_case(
            "upload to a closed meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/documents",
            [],
            method="post",
            data=lambda w: {"title": "报告"},
            override={"admin": 422, "office": 422, **OUTSIDE_WJJ},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/invitations"): [
        api_case(
            "invite to a closed meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/invitations",
            [],
            method="post",
            data=lambda w: {"deputy_id": w.xc_district_deputy.pk},
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/leave"): [
        api_case(
            "leave from a closed meeting",
            lambda w: f"/api/meetings/{w.sc_meeting.pk}/leave",
            [],
            method="post",
            data=lambda w: {"reason": "出差"},
            override={"deputy": 409, "leader": 409, **OUTSIDE_WJJ},
        )
    ],
    ("post", "/api/meetings/items/{item_id}/decision"): [
        api_case(
            "record a recorded decision again, otherwise",
            lambda w: f"/api/meetings/items/{w.decision_item.pk}/decision",
            [],
            method="post",
            data=lambda w: {"text": "会议作出决定（矩阵）"},
            override={"admin": 409, "office": 409, **OUTSIDE_WJJ, "deputy": 404, "edu_clerk": 404},
        )
    ],
    ("post", "/api/meetings/{meeting_id}/opinions"): [
        api_case(
            "draft review opinions",
            lambda w: f"/api/meetings/{w.edu_opinion.item.meeting_id}/opinions",
            ["admin", "office"],
            method="post",
            data=lambda w: {"item_id": w.edu_opinion.item_id, "text": "审议意见（矩阵）"},
            override=OUTSIDE_WJJ,
        )
    ],
    ("post", "/api/meetings/opinions/{opinion_id}/actions"): [
        api_case(
            "send again",
            lambda w: f"/api/meetings/opinions/{w.edu_opinion.pk}/actions",
            ["admin", "office"],
            method="post",
            data=lambda w: {"action": "send"},
            override=OUTSIDE_WJJ,
        )
    ],
    ("post", "/api/meetings/opinions/{opinion_id}/report"): [
        api_case(
            "report on the opinions",
            lambda w: f"/api/meetings/opinions/{w.edu_opinion.pk}/report",
            ["admin", "office", "edu_clerk"],
            method="post",
            data=lambda w: {"text": "办理情况报告（矩阵）"},
            override=OUTSIDE_WJJ,
        )
    ],
}
