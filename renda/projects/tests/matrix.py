"""Permission matrix entries of the livelihood-projects pages and API operations.

Named records (prepare): the district's and 王江泾镇's 2017 cycles (ballot published, projects implementing),
新塍镇's 2017 cycle, 王江泾镇's 2018 cycle (collecting proposals), a district project of 区教育局 (the unit
clerk's unit), another district project, a 王江泾镇 project, 王江泾镇's mid-year progress item, a site photo.
The "deputy" login is a district deputy and a 王江泾镇 deputy.
"""

from django.urls import reverse

from renda.testing.matrix import LOGGED_IN, ROLES, Case, api_case, case

DISTRICT_SEEING = ["admin", "office", "committee", "leader", "deputy"]
WJJ_SEEING = ["admin", "office", "wjj_staff", "wjj_liaison", "leader", "deputy"]
OUT_WJJ = {"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404}
OUT_DISTRICT = {"committee": 404, "edu_clerk": 404}
EVERYONE = dict.fromkeys(ROLES, 200)


def prepare(world):
    from renda.meetings.models import AgendaItem
    from renda.projects.models import Attachment, Cycle, Project

    world.district_cycle = Cycle.objects.get(year=2017, congress__level="district")
    world.wjj_cycle = Cycle.objects.get(year=2017, region=world.wjj)
    world.xc_next_cycle = Cycle.objects.get(year=2018, region=world.xc)
    world.wjj_next_ballot = Cycle.objects.get(year=2018, region=world.wjj).ballot
    world.district_ballot = world.district_cycle.ballot
    world.wjj_ballot = world.wjj_cycle.ballot
    world.edu_project = Project.objects.filter(cycle=world.district_cycle, unit=world.edu_unit).order_by("rank").first()
    world.other_project = Project.objects.filter(cycle=world.district_cycle).exclude(unit=world.edu_unit).order_by("rank").first()
    world.wjj_project = Project.objects.filter(cycle=world.wjj_cycle).order_by("rank").first()
    world.wjj_progress_item = AgendaItem.objects.get(
        meeting__region=world.wjj, meeting__rollout__startswith="midyear", kind="projects_progress"
    )
    world.photo = Attachment.objects.filter(kind="photo").order_by("pk").first()


def r(view, name=None, suffix=""):
    if name is None:
        return lambda w: reverse(view) + suffix
    return lambda w: reverse(view, args=[getattr(w, name).pk]) + suffix


def public(label, url) -> Case:
    return Case(label, url, dict(EVERYONE), 200)


def api_post(label, url, expect: dict, default: int, data=None) -> Case:
    return Case(label, url, {"anonymous": 401, **expect}, default, method="post", data=data or (lambda w: {}))


PAGES = {
    "projects:project_list": [
        case("prj projects", r("projects:project_list"), LOGGED_IN),
        case("prj projects export", r("projects:project_list", suffix="?export=xlsx"), LOGGED_IN),
    ],
    "projects:cycle_create": [case("prj new cycle", r("projects:cycle_create"), ["admin", "office", "wjj_staff"])],
    "projects:cycle_detail": [
        case("prj district cycle", r("projects:cycle_detail", "district_cycle"), DISTRICT_SEEING, override=OUT_WJJ),
        case("prj wjj cycle", r("projects:cycle_detail", "wjj_cycle"), WJJ_SEEING, override=OUT_DISTRICT),
        case(
            "prj wjj candidates export",
            r("projects:cycle_detail", "wjj_cycle", "?export=candidates"),
            WJJ_SEEING,
            override=OUT_DISTRICT,
        ),
        case(
            "prj wjj proposals export (staff only)",
            r("projects:cycle_detail", "wjj_cycle", "?export=proposals"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            override=OUT_DISTRICT,
        ),
    ],
    "projects:cycle_action": [
        case(
            "prj close proposals of an implementing district cycle (refused)",
            r("projects:cycle_action", "district_cycle"),
            ["admin", "office"],
            code=400,
            method="post",
            data=lambda w: {"action": "close_proposals"},
            override=OUT_WJJ,
        ),
        case(
            "prj close proposals of the xc 2018 cycle (xc staff run it)",
            r("projects:cycle_action", "xc_next_cycle"),
            ["admin"],
            code=302,
            method="post",
            data=lambda w: {"action": "close_proposals"},
            override={**OUT_DISTRICT, **OUT_WJJ, "deputy": 404},
        ),
    ],
    "projects:proposal_add": [
        case("prj propose to xc 2018", r("projects:proposal_add", "xc_next_cycle"), ["edu_clerk"]),
        case("prj propose to a closed cycle", r("projects:proposal_add", "district_cycle"), []),
    ],
    "projects:ballot_detail": [
        case("prj district ballot", r("projects:ballot_detail", "district_ballot"), DISTRICT_SEEING, override=OUT_WJJ),
        case("prj wjj ballot", r("projects:ballot_detail", "wjj_ballot"), WJJ_SEEING, override=OUT_DISTRICT),
        case(
            "prj wjj 2018 ballot (set, not open)",
            r("projects:ballot_detail", "wjj_next_ballot"),
            WJJ_SEEING,
            override=OUT_DISTRICT,
        ),
    ],
    "projects:ballot_transition": [
        case(
            "prj publish the published district ballot again",
            r("projects:ballot_transition", "district_ballot"),
            ["admin", "office"],
            code=302,
            method="post",
            data=lambda w: {"action": "publish"},
            override=OUT_WJJ,
        ),
    ],
    "projects:ballot_vote": [
        case(
            "prj vote in the published wjj ballot",
            r("projects:ballot_vote", "wjj_ballot"),
            [],
            method="post",
            data=lambda w: {"pick": []},
            override={**OUT_DISTRICT, "deputy": 400},
        ),
    ],
    "projects:project_detail": [
        case(
            "prj edu project",
            r("projects:project_detail", "edu_project"),
            [*DISTRICT_SEEING, "edu_clerk"],
            override={"wjj_staff": 404, "wjj_liaison": 404},
        ),
        case("prj other district project", r("projects:project_detail", "other_project"), DISTRICT_SEEING, override=OUT_WJJ),
        case("prj wjj project", r("projects:project_detail", "wjj_project"), WJJ_SEEING, override=OUT_DISTRICT),
    ],
    "projects:project_action": [
        case(
            "prj empty report on the edu project",
            r("projects:project_action", "edu_project"),
            ["admin", "office", "edu_clerk"],
            code=400,
            method="post",
            data=lambda w: {"action": "report", "text": ""},
            override={"wjj_staff": 404, "wjj_liaison": 404},
        ),
        case(
            "prj empty report on another district project",
            r("projects:project_action", "other_project"),
            ["admin", "office"],
            code=400,
            method="post",
            data=lambda w: {"action": "report", "text": ""},
            override=OUT_WJJ,
        ),
    ],
    "projects:bulk_update": [
        case("prj bulk update", r("projects:bulk_update"), ["admin", "office", "wjj_staff", "edu_clerk"]),
        case("prj bulk template", r("projects:bulk_update", suffix="?template=1"), ["admin", "office", "wjj_staff", "edu_clerk"]),
    ],
    "projects:item_report": [
        case("prj wjj mid-year report", r("projects:item_report", "wjj_progress_item"), WJJ_SEEING, override={"committee": 404}),
    ],
    "projects:attachment": [public("prj site photo", r("projects:attachment", "photo"))],
    "projects:public_list": [
        public("prj public projects", r("projects:public_list")),
        public("prj public export", r("projects:public_list", suffix="?export=xlsx")),
    ],
    "projects:public_detail": [
        public("prj public wjj project", r("projects:public_detail", "wjj_project")),
        public("prj public edu project", r("projects:public_detail", "edu_project")),
    ],
    "projects:public_propose": [public("prj public propose form", r("projects:public_propose"))],
    "projects:public_item_report": [public("prj public mid-year report", r("projects:public_item_report", "wjj_progress_item"))],
}

API = {
    ("get", "/api/projects/cycles"): [
        api_case("prj cycles", lambda w: "/api/projects/cycles", [r for r in LOGGED_IN if r != "edu_clerk"])
    ],
    ("get", "/api/projects/cycles/{cycle_id}/candidates"): [
        api_case(
            "prj district candidates",
            lambda w: f"/api/projects/cycles/{w.district_cycle.pk}/candidates",
            DISTRICT_SEEING,
            other=404,
        ),
        api_case("prj wjj candidates", lambda w: f"/api/projects/cycles/{w.wjj_cycle.pk}/candidates", WJJ_SEEING, other=404),
    ],
    ("get", "/api/projects/ballots/{ballot_id}"): [
        api_case("prj district ballot", lambda w: f"/api/projects/ballots/{w.district_ballot.pk}", DISTRICT_SEEING, other=404),
    ],
    ("post", "/api/projects/ballots/{ballot_id}/vote"): [
        api_post(
            "prj vote in the published wjj ballot",
            lambda w: f"/api/projects/ballots/{w.wjj_ballot.pk}/vote",
            dict.fromkeys(LOGGED_IN, 400),  # the body must be JSON choices (ninja parses it before anything else)
            400,
        ),
    ],
    ("get", "/api/projects/projects"): [api_case("prj projects", lambda w: "/api/projects/projects", LOGGED_IN)],
    ("get", "/api/projects/projects/{project_id}/progress"): [
        api_case(
            "prj edu project progress",
            lambda w: f"/api/projects/projects/{w.edu_project.pk}/progress",
            [*DISTRICT_SEEING, "edu_clerk"],
            other=404,
        ),
        api_case(
            "prj wjj project progress", lambda w: f"/api/projects/projects/{w.wjj_project.pk}/progress", WJJ_SEEING, other=404
        ),
    ],
}
