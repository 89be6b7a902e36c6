"""Permission matrix entries of the decisions pages and API operations.

Named records (prepare): 王江泾镇's election of the chair of its congress (announced at the first session of the
term) and the district standing committee's decided appointment list (4th meeting of 2017, with the oath) and
the court's list waiting for a meeting. Writes that need an open record make it in their rolled-back case: an
election set up at 王江泾镇's session of 12 January 2018 (in progress, the "deputy" login a member).
"""

from django.urls import reverse

from renda.org.scoping import Scope
from renda.testing.matrix import api_case, case

ADMIN = Scope.system("tests: the permission matrix prepares an election")
STAFF_READ = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"]
WJJ_SEEING = ["admin", "office", "wjj_staff", "wjj_liaison", "leader", "deputy"]
DISTRICT_SEEING = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"]
WJJ_MANAGE = {"override": {"committee": 404, "deputy": 403}}


def prepare(world):
    from renda.decisions.models import AppointmentList, Bill, Election, Matter, Nomination

    world.wjj_election = Election.objects.get(region=world.wjj)
    world.decided_list = AppointmentList.objects.get(state="decided", region=world.district)
    world.court_list = AppointmentList.objects.get(state="submitted", region=world.district)
    world.appointed = Nomination.objects.filter(list=world.decided_list, action="appoint").order_by("order").first()
    world.adopted_bill = Bill.objects.get(region=world.wjj, state="adopted")
    world.draft_bill = Bill.objects.get(region=world.wjj, state="draft")
    world.dredging = Matter.objects.get(number="秀人常决〔2017〕2号")
    world.requested_matter = Matter.objects.get(state="requested", region=world.district)


def draft_election(w):
    """An election of 王江泾镇's presidium members at its 2018 session, three candidates, the list still open."""
    from renda.decisions import services
    from renda.meetings.models import Meeting
    from renda.org.models import Body

    session = Meeting.objects.get(
        body__region=w.wjj, body__kind=Body.Kind.CONGRESS, start_date="2018-01-12", preparatory_for__isnull=True
    )
    election = services.election_create(
        actor=w.users["admin"],
        scope=ADMIN,
        meeting=session,
        post="镇人大主席团成员（矩阵）",
        places=2,
        post_kind="presidium_member",
    )
    for name in ("甲", "乙", "丙"):
        services.candidate_add(actor=w.users["admin"], scope=ADMIN, election=election, name=name)
    return election


def e(view, name=None):
    if name is None:
        return lambda w: reverse(f"decisions:{view}")
    return lambda w: reverse(f"decisions:{view}", args=[getattr(w, name).pk])


def draft(view):
    return lambda w: reverse(f"decisions:{view}", args=[draft_election(w).pk])


PAGES = {
    "decisions:election_list": [case("elections", e("election_list"), STAFF_READ + ["deputy"])],
    "decisions:election_create": [case("new election", e("election_create"), ["admin", "office", "wjj_staff"])],
    "decisions:election_detail": [
        case("wjj election", e("election_detail", "wjj_election"), WJJ_SEEING, override={"committee": 404, "edu_clerk": 403})
    ],
    "decisions:election_transition": [
        case(
            "fix the list of a draft election",
            draft("election_transition"),
            ["admin", "wjj_staff"],
            code=302,
            method="post",
            data=lambda w: {"action": "fix_list"},
            **WJJ_MANAGE,
        )
    ],
    "decisions:candidate_add": [
        case(
            "add a candidate",
            draft("candidate_add"),
            ["admin", "wjj_staff"],
            code=302,
            method="post",
            data=lambda w: {"name": "丁", "source": "presidium"},
            **WJJ_MANAGE,
        )
    ],
    "decisions:candidate_remove": [
        case(
            "remove a candidate",
            lambda w: (lambda el: reverse("decisions:candidate_remove", args=[el.pk, el.candidates.first().pk]))(
                draft_election(w)
            ),
            ["admin", "wjj_staff"],
            code=302,
            method="post",
            **WJJ_MANAGE,
        )
    ],
    "decisions:appointment_list": [case("appointments", e("appointment_list"), STAFF_READ + ["edu_clerk"])],
    "decisions:appointment_create": [case("new appointment request", e("appointment_create"), ["admin", "office"])],
    "decisions:holder_list": [case("office-holders", e("holder_list"), STAFF_READ)],
    "decisions:appointment_detail": [
        case(
            "decided list",
            e("appointment_detail", "decided_list"),
            DISTRICT_SEEING,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    "decisions:appointment_transition": [
        case(
            "schedule the court's list without a meeting (refused)",
            e("appointment_transition", "court_list"),
            ["admin", "office"],
            code=400,
            method="post",
            data=lambda w: {"action": "schedule"},
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    "decisions:oath_record": [
        case(
            "record the oath again (the one recorded)",
            e("oath_record", "decided_list"),
            ["admin", "office"],
            code=302,
            method="post",
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    "decisions:appointment_letter": [
        case(
            "appointment letter",
            e("appointment_letter", "appointed"),
            ["admin", "office"],
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    "decisions:bill_list": [
        case("bills", e("bill_list"), ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"])
    ],
    "decisions:bill_create": [case("new bill", e("bill_create"), ["admin", "office", "wjj_staff", "deputy"])],
    "decisions:bill_detail": [
        case(
            "adopted wjj bill",
            e("bill_detail", "adopted_bill"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            override={"committee": 404, "deputy": 404},
        ),
        case(
            "draft wjj bill (the deputy asked to sign)", e("bill_detail", "draft_bill"), WJJ_SEEING, override={"committee": 404}
        ),
    ],
    "decisions:bill_transition": [
        case(
            "submit the draft without signatures (refused)",
            e("bill_transition", "draft_bill"),
            ["admin", "wjj_staff"],
            code=400,
            method="post",
            data=lambda w: {"action": "submit"},
            override={"committee": 404, "deputy": 403},
        )
    ],
    "decisions:bill_sign": [
        case(
            "the deputy signs the draft",
            e("bill_sign", "draft_bill"),
            ["deputy"],
            code=302,
            method="post",
            data=lambda w: {"action": "sign"},
            override={"committee": 404},
        )
    ],
    "decisions:matter_list": [case("major matters", e("matter_list"), STAFF_READ + ["edu_clerk"])],
    "decisions:matter_create": [case("new major matter", e("matter_create"), ["admin", "office", "wjj_staff"])],
    "decisions:matter_detail": [
        case(
            "the dredging decision",
            e("matter_detail", "dredging"),
            DISTRICT_SEEING,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    "decisions:matter_transition": [
        case(
            "place the 2018 plan without a meeting (refused)",
            e("matter_transition", "requested_matter"),
            ["admin", "office"],
            code=400,
            method="post",
            data=lambda w: {"action": "place"},
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    "decisions:matter_decision": [
        case(
            "the dredging decision in Word",
            e("matter_decision", "dredging"),
            DISTRICT_SEEING,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
}


def api_draft(suffix):
    return lambda w: f"/api/elections/{draft_election(w).pk}{suffix}"


API = {
    ("get", "/api/elections/"): [api_case("elections", lambda w: "/api/elections/", STAFF_READ + ["deputy"])],
    ("get", "/api/elections/{election_id}"): [
        api_case("wjj election", lambda w: f"/api/elections/{w.wjj_election.pk}", WJJ_SEEING, override={"committee": 404})
    ],
    ("post", "/api/elections/"): [
        api_case(
            "set up an election at the 2018 wjj session",
            lambda w: "/api/elections/",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {
                "meeting_id": __import__("renda.meetings.models", fromlist=["Meeting"])
                .Meeting.objects.get(
                    body__region=w.wjj, body__kind="congress", start_date="2018-01-12", preparatory_for__isnull=True
                )
                .pk,
                "post": "镇人大主席团成员（接口）",
                "places": 2,
                "post_kind": "presidium_member",
            },
            override={"office": 403},
        )
    ],
    ("post", "/api/elections/{election_id}/candidates"): [
        api_case(
            "add a candidate",
            api_draft("/candidates"),
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {"name": "丁"},
            override={"committee": 404},
        )
    ],
    ("post", "/api/elections/{election_id}/candidates/{candidate_id}/remove"): [
        api_case(
            "remove a candidate",
            lambda w: (lambda el: f"/api/elections/{el.pk}/candidates/{el.candidates.first().pk}/remove")(draft_election(w)),
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {},
            override={"committee": 404},
        )
    ],
    ("post", "/api/elections/{election_id}/actions/{action}"): [
        api_case(
            "fix the list",
            api_draft("/actions/fix_list"),
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {},
            override={"committee": 404},
        ),
        api_case(
            "announce the announced election (unchanged)",
            lambda w: f"/api/elections/{w.wjj_election.pk}/actions/announce",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {},
            code=200,
            override={"committee": 404},
        ),
    ],
    ("get", "/api/appointments/"): [api_case("appointments", lambda w: "/api/appointments/", STAFF_READ + ["edu_clerk"])],
    ("get", "/api/elections/{election_id}/people"): [
        api_case(
            "people to pick as candidates",
            lambda w: f"/api/elections/{w.wjj_election.pk}/people?q=王",
            ["admin", "wjj_staff"],
            override={"committee": 404},
        )
    ],
    ("get", "/api/appointments/people"): [
        api_case("people to nominate", lambda w: "/api/appointments/people?q=王", ["admin", "office"])
    ],
    ("get", "/api/appointments/holders"): [api_case("office-holders", lambda w: "/api/appointments/holders", STAFF_READ)],
    ("get", "/api/appointments/{list_id}"): [
        api_case(
            "decided list",
            lambda w: f"/api/appointments/{w.decided_list.pk}",
            DISTRICT_SEEING,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    ("post", "/api/appointments/"): [
        api_case(
            "register a request",
            lambda w: "/api/appointments/",
            ["admin", "office"],
            method="post",
            data=lambda w: {
                "nominator": "procuratorate",
                "title": "区人民检察院关于提请任命检察员的报告",
                "submitted_on": "2017-09-01",
                "nominations": [{"name": "周明", "post": "区人民检察院检察员"}],
            },
        )
    ],
    ("post", "/api/appointments/{list_id}/actions/{action}"): [
        api_case(
            "open the court's list before scheduling (409)",
            lambda w: f"/api/appointments/{w.court_list.pk}/actions/open",
            ["admin", "office"],
            method="post",
            data=lambda w: {},
            code=409,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    ("post", "/api/appointments/{list_id}/oath"): [
        api_case(
            "the oath (recorded)",
            lambda w: f"/api/appointments/{w.decided_list.pk}/oath",
            ["admin", "office"],
            method="post",
            data=lambda w: {"leader": ""},
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    ("get", "/api/bills/"): [
        api_case(
            "bills", lambda w: "/api/bills/", ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"]
        )
    ],
    ("get", "/api/bills/{bill_id}"): [
        api_case("draft wjj bill", lambda w: f"/api/bills/{w.draft_bill.pk}", WJJ_SEEING, override={"committee": 404})
    ],
    ("post", "/api/bills/"): [
        api_case(
            "a bill of the wjj presidium",
            lambda w: "/api/bills/",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {
                "congress_id": w.wjj_election.meeting.body_id,
                "title": "关于镇级财政预算管理的议案",
                "text": "……",
                "proposer": "presidium",
            },
            override={"office": 403},
        )
    ],
    ("post", "/api/bills/{bill_id}/sign/{action}"): [
        api_case(
            "the deputy signs",
            lambda w: f"/api/bills/{w.draft_bill.pk}/sign/sign",
            ["deputy"],
            method="post",
            data=lambda w: {},
            override={"committee": 404},
        )
    ],
    ("post", "/api/bills/{bill_id}/actions/{action}"): [
        api_case(
            "submit without signatures (refused)",
            lambda w: f"/api/bills/{w.draft_bill.pk}/actions/submit",
            ["admin", "wjj_staff"],
            method="post",
            data=lambda w: {},
            code=422,
            override={"committee": 404},
        )
    ],
    ("get", "/api/decisions/"): [api_case("major matters", lambda w: "/api/decisions/", STAFF_READ + ["edu_clerk"])],
    ("get", "/api/decisions/{matter_id}"): [
        api_case(
            "the dredging decision",
            lambda w: f"/api/decisions/{w.dredging.pk}",
            DISTRICT_SEEING,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
    ("post", "/api/decisions/"): [
        api_case(
            "register a matter",
            lambda w: "/api/decisions/",
            ["admin", "office", "wjj_staff"],
            method="post",
            data=lambda w: {"title": "城区老旧小区改造计划", "category": "livelihood"},
        )
    ],
    ("post", "/api/decisions/{matter_id}/actions/{action}"): [
        api_case(
            "place the 2018 plan without a meeting (refused)",
            lambda w: f"/api/decisions/{w.requested_matter.pk}/actions/place",
            ["admin", "office"],
            method="post",
            data=lambda w: {},
            code=422,
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
        )
    ],
}
