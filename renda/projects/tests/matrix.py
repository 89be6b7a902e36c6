"""Permission matrix entries of the livelihood-projects pages and API operations.

Named records (prepare): the district's and 王江泾镇's 2017 cycles (ballot published; implementing, 王江泾镇's evaluated),
新塍镇's 2017 cycle, 王江泾镇's 2018 cycle (collecting proposals), a district project of 区教育局 (the unit
clerk's unit), another district project, a 王江泾镇 project, 王江泾镇's mid-year progress item, a site photo.
The "deputy" login is a district deputy and a 王江泾镇 deputy.
"""

from django.urls import reverse

from renda.core.actors import system
from renda.testing.matrix import LOGGED_IN, ROLES, Case, api_case, case

MATRIX = system("matrix")

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
    world.wjj_next_ballot = Cycle.objects.get(year=2018, region=world.wjj).ballots.get(round=1)
    world.district_ballot = world.district_cycle.ballots.get(round=1)
    world.wjj_ballot = world.wjj_cycle.ballots.get(round=1)
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


def _opened(w):
    """Open voting on 王江泾镇's 2018 ballot (its session is under way, the "deputy" login signed in). Runs inside
    the case's rolled-back transaction, so each role meets the ballot freshly opened."""
    from renda.org.scoping import Scope
    from renda.projects import services

    ballot = w.wjj_next_ballot
    if ballot.poll.state == "created":
        services.ballot_transition(actor=MATRIX, scope=Scope.system("matrix"), ballot=ballot, action="open")
        ballot.poll.refresh_from_db()
    return ballot


def _six(w) -> list[int]:
    return list(_opened(w).poll.options.order_by("order").values_list("pk", flat=True)[:6])


def _voted(w) -> dict:
    """The "deputy" has already voted in the opened ballot: the request is their retry."""
    from renda.meetings.models import PollVoter
    from renda.meetings.services import poll_vote

    choices = _six(w)
    if not PollVoter.objects.filter(poll=w.wjj_next_ballot.poll, person=w.users["deputy"].person).exists():
        poll_vote(actor=w.users["deputy"], poll_id=w.wjj_next_ballot.poll_id, choices=choices)
    return {"choices": choices}


def _paper_rank(w):
    """王江泾镇's 2018 ballot set as a rank-order ballot on paper (its rules are still editable), voted and closed:
    the staff's grid of counts is next."""
    from renda.org.scoping import Scope
    from renda.projects import services

    ballot = w.wjj_next_ballot
    admin = Scope.system("matrix")
    if ballot.poll.state == "created":
        ballot = services.ballot_configure(
            actor=MATRIX, scope=admin, cycle=ballot.cycle, meeting=ballot.meeting, form="rank", kind="paper"
        )
        for action in ("open", "close"):
            services.ballot_transition(actor=MATRIX, scope=admin, ballot=ballot, action=action)
        ballot.poll.refresh_from_db()
        w.wjj_next_ballot = ballot
    return ballot


def _grid(w) -> dict:
    """A full count of the paper rank ballot: 10 ballots, each ranking candidate k at position k."""
    poll = _paper_rank(w).poll
    options = list(poll.options.order_by("order"))
    data = {"ballots_total": 10, "invalid": 0}
    for o in options:
        for position in range(1, len(options) + 1):
            data[f"count-{o.pk}-{position}"] = 10 if position == o.order else 0
    return data


def _count_url(w) -> str:
    return reverse("projects:ballot_count", args=[_paper_rank(w).pk])


WJJ_MANAGERS = ["admin", "wjj_staff"]  # the office runs the district congress's cycle, not a town's
WJJ_VIEWERS_ONLY = {"office": 403, "wjj_liaison": 403, "leader": 403, "deputy": 403, "committee": 404, "edu_clerk": 404}
DISTRICT_VIEWERS_ONLY = {"committee": 403, "leader": 403, "deputy": 403, **OUT_WJJ}


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
    "projects:ballot_runoff": [
        case(
            "prj run-off of the district ballot (published, no tie: refused)",
            r("projects:ballot_runoff", "district_ballot"),
            ["admin", "office"],
            code=400,
            method="post",
            data=lambda w: {},
            override=DISTRICT_VIEWERS_ONLY,
        ),
    ],
    "projects:ballot_count": [
        case("prj paper rank count grid", _count_url, WJJ_MANAGERS, override=WJJ_VIEWERS_ONLY),
        case(
            "prj paper rank count grid entered",
            _count_url,
            WJJ_MANAGERS,
            code=302,
            method="post",
            data=_grid,
            override=WJJ_VIEWERS_ONLY,
        ),
        case(
            "prj count grid of an electronic ballot (none)",
            r("projects:ballot_count", "district_ballot"),
            [],
            override={"wjj_staff": 404, "wjj_liaison": 404, "edu_clerk": 404},
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
    ("get", "/api/projects/cycles/{cycle_id}"): [
        api_case("prj district cycle", lambda w: f"/api/projects/cycles/{w.district_cycle.pk}", DISTRICT_SEEING, other=404),
        api_case("prj wjj cycle", lambda w: f"/api/projects/cycles/{w.wjj_cycle.pk}", WJJ_SEEING, other=404),
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
        # Voting is open to the present, entitled members of the session only (the "deputy" login): anyone else 403.
        api_case(
            "prj vote 6 of 8 in the opened wjj 2018 ballot",
            lambda w: f"/api/projects/ballots/{_opened(w).pk}/vote",
            ["deputy"],
            method="post",
            data=lambda w: {"choices": _six(w)},
        ),
        api_case(
            "prj vote again in the opened wjj 2018 ballot",
            lambda w: f"/api/projects/ballots/{_opened(w).pk}/vote",
            ["deputy"],
            code=409,
            method="post",
            data=_voted,
        ),
        api_case(
            "prj 7 ticks of 6 in the opened wjj 2018 ballot (rejected whole)",
            lambda w: f"/api/projects/ballots/{_opened(w).pk}/vote",
            ["deputy"],
            code=422,
            method="post",
            data=lambda w: {"choices": list(_opened(w).poll.options.values_list("pk", flat=True)[:7])},
        ),
    ],
    ("post", "/api/projects/ballots/{ballot_id}/runoff"): [
        api_case(
            "prj run-off of the district ballot (no tie: 409)",
            lambda w: f"/api/projects/ballots/{w.district_ballot.pk}/runoff",
            ["admin", "office"],
            code=409,
            other=404,
            method="post",
            data=lambda w: {},
            override={"committee": 403, "leader": 403, "deputy": 403},
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


# The cycle, proposal, ballot and progress writes (issue #15). Staff who run the cycle write; those who only see it
# get 403, the others 404. The district's 2017 cycle is implementing: a move its state no longer allows answers 409 to
# staff who run it (the permission was granted first; nothing changes).
RUNNERS = ["admin", "office"]
SEE_DISTRICT = {"committee": 403, "leader": 403, "deputy": 403}


def run_case(label, url, data, code=200, roles=RUNNERS, override=None):
    return api_case(label, url, roles, code=code, other=404, method="post", data=data,
                    override={**SEE_DISTRICT, **(override or {})})  # fmt: skip


def _multipart(label, url, expect, data):
    """A write with form fields (and files): those in `expect` get its answer, the others 404, anonymous 401."""
    return Case(label, url, {**expect, "anonymous": 401}, 404, "post", data)


def _public_write(label, path, code, data):
    """A public operation (no login): every role, anonymous included, gets the same answer to a JSON body."""
    return Case(label, lambda w: path, dict.fromkeys(ROLES, code), code, "post", data, "application/json")


def _proposal(w):
    return w.district_cycle.proposals.order_by("pk").first()


API.update({
    ("post", "/api/projects/cycles"): [
        api_case("prj open the district's 2030 cycle", lambda w: "/api/projects/cycles", RUNNERS, method="post",
                 data=lambda w: {"congress_id": w.district_cycle.congress_id, "year": 2030, "places": 10},
                 override={"wjj_staff": 422}),
    ],
    ("post", "/api/projects/cycles/{cycle_id}/actions"): [
        run_case("prj close proposals of an implementing cycle", lambda w: f"/api/projects/cycles/{w.district_cycle.pk}/actions",
                 lambda w: {"action": "close_proposals"}, code=409),
    ],
    ("post", "/api/projects/cycles/{cycle_id}/candidates"): [
        run_case("prj a candidate after the list closed", lambda w: f"/api/projects/cycles/{w.district_cycle.pk}/candidates",
                 lambda w: {"title": "新增路灯", "cost": "12.5", "funding": "区财政", "unit_id": w.edu_unit.pk,
                            "deadline": "2017-12-31"}, code=409),
    ],
    ("post", "/api/projects/proposals/{proposal_id}/decision"): [
        run_case("prj decide a proposal after the list closed", lambda w: f"/api/projects/proposals/{_proposal(w).pk}/decision",
                 lambda w: {"decision": "shortlist", "reason": "符合条件"}, code=409),
    ],
    ("post", "/api/projects/cycles/{cycle_id}/ballot"): [
        run_case("prj set up a published ballot", lambda w: f"/api/projects/cycles/{w.district_cycle.pk}/ballot",
                 lambda w: {"meeting_id": w.district_ballot.meeting_id}, code=409),
    ],
    ("post", "/api/projects/cycles/{cycle_id}/evaluation"): [
        run_case("prj the evaluation at a closed session", lambda w: f"/api/projects/cycles/{w.district_cycle.pk}/evaluation",
                 lambda w: {"meeting_id": w.district_ballot.meeting_id}, code=409),
    ],
    ("post", "/api/projects/cycles/{cycle_id}/proposals"): [
        # a cycle no longer collecting proposals takes none from anybody
        api_case("prj propose to an implementing cycle", lambda w: f"/api/projects/cycles/{w.district_cycle.pk}/proposals",
                 [], method="post", data=lambda w: {"title": "修缮村道", "description": "村道破损"}),
    ],
    ("post", "/api/projects/ballots/{ballot_id}/actions"): [
        run_case("prj open a published ballot", lambda w: f"/api/projects/ballots/{w.district_ballot.pk}/actions",
                 lambda w: {"action": "open"}, code=409),
    ],
    ("post", "/api/projects/projects/{project_id}/reports"): [
        _multipart("prj report on the edu project", lambda w: f"/api/projects/projects/{w.edu_project.pk}/reports",
                   {**dict.fromkeys(["admin", "office", "edu_clerk"], 200), **SEE_DISTRICT},
                   lambda w: {"text": "主体工程完工。", "on": "2017-09-01", "token": "matrix-report"}),
    ],
    ("post", "/api/projects/projects/{project_id}/results"): [
        run_case("prj a result of the edu project", lambda w: f"/api/projects/projects/{w.edu_project.pk}/results",
                 lambda w: {"kind": "milestone", "code": "M9", "title": "验收"}, roles=["admin", "office", "edu_clerk"]),
    ],
    ("post", "/api/projects/projects/{project_id}/supervision"): [
        run_case("prj supervise the edu project", lambda w: f"/api/projects/projects/{w.edu_project.pk}/supervision",
                 lambda w: {"kind": "inspection", "on": "2017-09-01", "text": "现场察看进度。"}, roles=["deputy"],
                 override={"deputy": 200, "admin": 403, "office": 403, "edu_clerk": 403}),
    ],
    ("post", "/api/projects/progress/import"): [
        Case("prj import a file that is not Excel", lambda w: "/api/projects/progress/import",
             {"admin": 422, "office": 422, "wjj_staff": 422, "edu_clerk": 422, "anonymous": 401}, 403, "post",
             lambda w: {"file": _not_excel()}),
    ],
    ("post", "/api/projects/public/code"): [
        _public_write("prj public code for a cycle not collecting", "/api/projects/public/code", 404,
                      lambda w: {"cycle_id": w.district_cycle.pk, "phone": "13700003333"}),
    ],
    ("post", "/api/projects/public/proposals"): [
        _public_write("prj public proposal to a cycle not collecting", "/api/projects/public/proposals", 404,
             lambda w: {"cycle_id": w.district_cycle.pk, "name": "张三", "phone": "13700003333", "code": "123456",
                        "title": "修缮村道"}),
    ],
})  # fmt: skip


def _not_excel():
    import io

    f = io.BytesIO(b"not a workbook")
    f.name = "progress.xlsx"
    return f
