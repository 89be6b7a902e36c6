"""Permission matrix of the supervision pages and API operations.

Named records (prepare): the standing committee's 3 May inspection (the "deputy" login took part), a 王江泾镇 water
campaign activity without the deputy, the 王江泾镇 unannounced visit under way (the deputy is out with it, and has
written a suggestion there), the standing committee's planned forum (the deputy is in its group), a planned
law-enforcement check, the opinions sent to 区教育局 (awaiting its report) and to 区交通运输局, a draft opinion, the
demo's inquiry and a planned one, the district rounds (handed over: 区教育局 has problems; the second half's:
preparing) and 王江泾镇's round, both campaigns with a target, a checklist row of 王江泾镇 and the 780 indicator.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from renda.core.actors import system
from renda.org.scoping import Scope
from renda.testing.matrix import api_case, case

SYSTEM = system("tests: the supervision permission matrix")
SYSTEM_SCOPE = Scope.system("tests: the supervision permission matrix")
STAFF = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"]
DISTRICT_SEEING = ["admin", "office", "committee", "leader"]  # a district activity, opinion, round
WJJ_SEEING = ["admin", "office", "wjj_staff", "wjj_liaison", "leader"]  # a 王江泾镇 record
OUTSIDE_WJJ = {"wjj_staff": 404, "wjj_liaison": 404}
MANAGERS = ["admin", "office"]
D = datetime.date


def prepare(world: Any) -> None:
    from renda.meetings.models import AgendaItem
    from renda.org.models import Body, Unit
    from renda.org.scoping import build_scope
    from renda.supervision import services
    from renda.supervision.models import (
        Activity,
        Campaign,
        ChecklistEntry,
        EvaluatedUnit,
        EvaluationRound,
        Finding,
        Indicator,
        Inquiry,
        InquiryUnit,
        Participation,
        ProblemItem,
        Question,
        SupervisionOpinion,
        Target,
    )

    deputy = world.users["deputy"]
    acts = Activity.objects.select_related("organiser", "region")
    world.sv_inspection = acts.get(kind="inspection", title="秀洲国家高新区科技创新平台建设推进情况")
    world.sv_wjj_water = acts.filter(campaign__code="water", region=world.wjj).order_by("pk").first()
    Participation.objects.filter(activity=world.sv_wjj_water, person__user=deputy).delete()  # one the deputy was not in
    world.sv_under_way = acts.get(state="under_way")
    world.sv_forum = acts.get(kind="forum", state="planned", organiser=world.standing_committee)
    world.sv_unpublished = acts.filter(is_published=False).first()
    world.sv_participation = Participation.objects.filter(activity=world.sv_forum).exclude(person__user=deputy).first()
    world.sv_check = services.activity_create(
        actor=SYSTEM,
        scope=SYSTEM_SCOPE,
        kind="law_check",
        title="矩阵测试执法检查",
        organiser=world.standing_committee,
        start_date=D(2017, 9, 1),
        law="中华人民共和国大气污染防治法",
    )
    world.sv_finding = Finding.objects.filter(activity=world.sv_under_way, author__user=deputy, kind="suggestion").first()
    if world.sv_finding is None:
        world.sv_finding = services.finding_add(
            actor=deputy,
            scope=build_scope(deputy),
            activity=world.sv_under_way,
            kind="suggestion",
            text="建议窗口增设自助办理设备。",
        )
    opinions = SupervisionOpinion.objects.select_related("activity")
    world.sv_edu_opinion = opinions.get(unit=world.edu_unit)
    world.sv_other_opinion = opinions.filter(unit__name="区交通运输局").first()
    world.sv_draft_opinion = opinions.get(state="draft")
    world.sv_inquiry = Inquiry.objects.select_related("meeting").first()
    meeting = world.sv_inquiry.meeting
    order = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, order=order, kind="other", title="矩阵测试专题询问")
    world.sv_planned_inquiry = Inquiry.objects.create(
        meeting=meeting, item=item, subject="矩阵测试", date=meeting.start_date, region_id=meeting.region_id
    )
    water_bureau = Unit.objects.get(name="区水利局")
    InquiryUnit.objects.create(inquiry=world.sv_planned_inquiry, unit=water_bureau)
    asker = world.sv_inquiry.questions.first().asker
    Question.objects.create(inquiry=world.sv_planned_inquiry, order=1, asker=asker, text="问题？", unit=water_bureau)
    world.sv_asker, world.sv_water_bureau = asker, water_bureau
    rounds = EvaluationRound.objects.select_related("organiser")
    world.sv_round = rounds.get(title="2017年度区级部门工作评议")
    world.sv_h2_round = rounds.get(title="2017年下半年区级部门工作评议")
    world.sv_wjj_round = rounds.get(organiser__kind=Body.Kind.PRESIDIUM, region=world.wjj)
    world.sv_edu_evaluated = EvaluatedUnit.objects.get(round=world.sv_round, unit=world.edu_unit)
    world.sv_other_evaluated = EvaluatedUnit.objects.filter(round=world.sv_round).exclude(unit=world.edu_unit).first()
    world.sv_h2_evaluated = EvaluatedUnit.objects.filter(round=world.sv_h2_round).order_by("pk").first()
    world.sv_edu_problem = ProblemItem.objects.filter(evaluated=world.sv_edu_evaluated).exclude(state="rectified").first()
    others = ProblemItem.objects.filter(evaluated__round=world.sv_round).exclude(evaluated__unit=world.edu_unit)
    rectified = others.filter(state="rectified").first()
    if rectified is None:
        rectified = others.order_by("pk")[0]
        rectified.state, rectified.rectified_on = "rectified", D(2017, 9, 1)
        rectified.save(update_fields=["state", "rectified_on"])
    world.sv_rectified = rectified
    world.sv_water = Campaign.objects.get(code="water")
    world.sv_paoyici = Campaign.objects.get(code="paoyici")
    world.sv_target = Target.objects.filter(campaign=world.sv_water, state="adopted").first()
    world.sv_checklist = ChecklistEntry.objects.filter(campaign=world.sv_paoyici, region=world.wjj, unit__isnull=True).first()
    world.sv_indicator = Indicator.objects.get(code="items")


def u(view: str, name: str | None = None, *more: str) -> Any:
    """The URL of a view for a named record (and more named records' ids)."""
    if name is None:
        return lambda w: reverse(view)
    return lambda w: reverse(view, args=[getattr(w, name).pk, *[getattr(w, m).pk for m in more]])


def a(path: str, *names: str) -> Any:
    """An API path with the named records' ids in its {placeholders}, in order."""

    def build(w: Any) -> str:
        result = path
        for name in names:
            start = result.index("{")
            result = result[:start] + str(getattr(w, name).pk) + result[result.index("}") + 1 :]
        return "/api/supervision" + result

    return build


# visibility of a district (standing committee) activity the deputy took part in, and of one they did not
SC_DEPUTY_IN = {**OUTSIDE_WJJ}
SC_DEPUTY_OUT = {**OUTSIDE_WJJ, "deputy": 404}
WJJ_OUT = {"committee": 404, "deputy": 404}
# managers of a district record act (302 on a page); staff who see it but do not run it get 403
SC_MANAGE = {"roles": MANAGERS, "override": {**OUTSIDE_WJJ}}
TOWN_CAMPAIGN_RECORDS = ["admin", "office", "wjj_staff"]


def post(
    label: str, url: Any, roles: list[str], data: Any = None, override: dict[str, int] | None = None, code: int = 302
) -> Any:
    return case(label, url, roles, code=code, method="post", data=data or (lambda w: {}), override=override or {})


PAGES = {
    # --- activities ---
    "supervision:activity_list": [
        case("activities", u("supervision:activity_list"), STAFF),
        case("activities export", lambda w: reverse("supervision:activity_list") + "?export=xlsx", STAFF),
    ],
    "supervision:activity_create": [
        case("new activity", u("supervision:activity_create"), ["admin", "office", "committee", "wjj_staff"])
    ],
    "supervision:activity_detail": [
        case(
            "sc inspection",
            u("supervision:activity_detail", "sv_inspection"),
            DISTRICT_SEEING + ["deputy"],
            override=SC_DEPUTY_IN,
        ),
        case("wjj water activity", u("supervision:activity_detail", "sv_wjj_water"), WJJ_SEEING, override=WJJ_OUT),
    ],
    "supervision:activity_edit": [
        case("edit the forum", u("supervision:activity_edit", "sv_forum"), MANAGERS, override=OUTSIDE_WJJ),
        post(
            "edit the forum (post)",
            u("supervision:activity_edit", "sv_forum"),
            MANAGERS,
            lambda w: {"title": "座谈会", "start_date": "2017-09-26", "end_date": "2017-09-26"},
            OUTSIDE_WJJ,
        ),
    ],
    "supervision:activity_transition": [
        post(
            "start the forum",
            u("supervision:activity_transition", "sv_forum"),
            MANAGERS,
            lambda w: {"action": "start"},
            OUTSIDE_WJJ,
        ),
    ],
    "supervision:activity_report": [
        case("report form", u("supervision:activity_report", "sv_inspection"), MANAGERS, override=OUTSIDE_WJJ)
    ],
    "supervision:activity_report_docx": [
        case("report (Word)", u("supervision:activity_report_docx", "sv_inspection"), DISTRICT_SEEING, override=OUTSIDE_WJJ),
    ],
    "supervision:participants_add": [
        case("add to the group", u("supervision:participants_add", "sv_forum"), MANAGERS, override=OUTSIDE_WJJ)
    ],
    "supervision:participant_remove": [
        post("remove from the group", u("supervision:participant_remove", "sv_participation"), MANAGERS, override=OUTSIDE_WJJ),
    ],
    "supervision:place_add": [
        post(
            "add a place", u("supervision:place_add", "sv_forum"), MANAGERS, lambda w: {"kind": "企业", "count": 2}, OUTSIDE_WJJ
        ),
    ],
    "supervision:article_record": [
        post(
            "record an article",
            u("supervision:article_record", "sv_check"),
            MANAGERS,
            lambda w: {"number": "第十八条", "provision": "条文", "finding": "发现"},
            {**OUTSIDE_WJJ, "deputy": 404},
        ),
    ],
    "supervision:finding_add": [
        case(
            "a finding while out",
            u("supervision:finding_add", "sv_under_way"),
            ["admin", "wjj_staff", "deputy"],
            override={"committee": 404},
        ),
        post(
            "a finding while out (post)",
            u("supervision:finding_add", "sv_under_way"),
            ["admin", "wjj_staff", "deputy"],
            lambda w: {"kind": "problem", "text": "窗口排队时间长。", "client_token": ""},
            {"committee": 404},
        ),
    ],
    "supervision:activity_opinion_add": [
        case("opinions for a unit", u("supervision:activity_opinion_add", "sv_inspection"), MANAGERS, override=OUTSIDE_WJJ),
    ],
    "supervision:activity_hearing": [
        case("where the report is heard", u("supervision:activity_hearing", "sv_inspection"), MANAGERS, override=OUTSIDE_WJJ),
    ],
    "supervision:participation_list": [
        case("participations", u("supervision:participation_list"), STAFF),
        case("participations export", lambda w: reverse("supervision:participation_list") + "?export=xlsx&campaign=any", STAFF),
    ],
    "supervision:finding_list": [case("findings", u("supervision:finding_list"), STAFF)],
    # the leader is a deputy too (her login is her person), but the finding is not hers: not found
    "supervision:finding_raise": [
        case("raise my suggestion", u("supervision:finding_raise", "sv_finding"), ["deputy"], override={"leader": 404})
    ],
    # --- opinions to units ---
    "supervision:opinion_list": [case("supervision opinions", u("supervision:opinion_list"), STAFF + ["edu_clerk"])],
    "supervision:opinion_detail": [
        case(
            "opinions to 区教育局",
            u("supervision:opinion_detail", "sv_edu_opinion"),
            DISTRICT_SEEING + ["edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        case(
            "opinions to another unit",
            u("supervision:opinion_detail", "sv_other_opinion"),
            DISTRICT_SEEING,
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "supervision:opinion_transition": [
        post(
            "send the draft",
            u("supervision:opinion_transition", "sv_draft_opinion"),
            MANAGERS,
            lambda w: {"action": "send"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "supervision:opinion_report": [
        case(
            "handling report of 区教育局",
            u("supervision:opinion_report", "sv_edu_opinion"),
            ["admin", "office", "committee", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        post(
            "handling report of 区教育局 (post)",
            u("supervision:opinion_report", "sv_edu_opinion"),
            ["admin", "office", "committee", "edu_clerk"],
            lambda w: {"text": "已逐条研究落实。"},
            OUTSIDE_WJJ,
        ),
    ],
    # --- inquiries ---
    "supervision:inquiry_list": [case("inquiries", u("supervision:inquiry_list"), STAFF)],
    "supervision:inquiry_create": [case("new inquiry", u("supervision:inquiry_create"), MANAGERS)],
    "supervision:inquiry_detail": [
        case(
            "the inquiry",
            u("supervision:inquiry_detail", "sv_inquiry"),
            DISTRICT_SEEING,
            override={**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),
    ],
    "supervision:inquiry_transition": [
        post(
            "hold the planned inquiry",
            u("supervision:inquiry_transition", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"action": "hold"},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),  # fmt: skip
    ],
    "supervision:question_add": [
        post(
            "record a question",
            u("supervision:question_add", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"asker": w.sv_asker.pk, "text": "年底前能否完成？", "unit": w.sv_water_bureau.pk},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),
    ],
    "supervision:inquiry_vote": [
        # the inquiry's meeting is closed: its managers are refused with the reason (400) and nothing changes
        post(
            "set up the vote",
            u("supervision:inquiry_vote", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"action": "create", "kind": "secret"},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
            code=400,
        ),
    ],
    "supervision:inquiry_followup": [
        post(
            "a follow-up item",
            u("supervision:inquiry_followup", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"unit": w.sv_water_bureau.pk, "text": "请三个月内报告。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),
    ],
    # --- evaluations ---
    "supervision:round_list": [case("evaluation rounds", u("supervision:round_list"), STAFF)],
    "supervision:round_create": [case("new round", u("supervision:round_create"), ["admin", "office", "committee", "wjj_staff"])],
    "supervision:round_detail": [
        case(
            "district round",
            u("supervision:round_detail", "sv_round"),
            DISTRICT_SEEING + ["deputy", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        case(
            "wjj round",
            u("supervision:round_detail", "sv_wjj_round"),
            WJJ_SEEING + ["deputy"],
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    "supervision:round_transition": [
        post(
            "publish the district round",
            u("supervision:round_transition", "sv_round"),
            MANAGERS,
            lambda w: {"action": "publish"},
            OUTSIDE_WJJ,
        ),
    ],
    "supervision:round_vote": [
        # no vote to start yet: the managers' request is refused with its reason (400) and changes nothing
        post(
            "start a vote not set up",
            u("supervision:round_vote", "sv_h2_round"),
            MANAGERS,
            lambda w: {"action": "start", "number": 1},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
            code=400,
        ),  # fmt: skip
    ],
    "supervision:evaluated_detail": [
        case(
            "区教育局 in the round",
            u("supervision:evaluated_detail", "sv_edu_evaluated"),
            DISTRICT_SEEING + ["deputy", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        case(
            "another unit of the round",
            u("supervision:evaluated_detail", "sv_other_evaluated"),
            DISTRICT_SEEING + ["deputy"],
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "supervision:self_report": [
        post(
            "a self-report",
            u("supervision:self_report", "sv_h2_evaluated"),
            MANAGERS,
            lambda w: {"text": "自查报告。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "supervision:evaluation_opinion": [
        case(
            "my opinion on a unit",
            u("supervision:evaluation_opinion", "sv_h2_evaluated"),
            ["deputy"],
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
        post(
            "my opinion on a unit (post)",
            u("supervision:evaluation_opinion", "sv_h2_evaluated"),
            ["deputy"],
            lambda w: {"text": "意见。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    "supervision:problem_add": [
        post(
            "a problem for the list",
            u("supervision:problem_add", "sv_h2_evaluated"),
            MANAGERS,
            lambda w: {"text": "问题。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    "supervision:problem_list": [case("problems to rectify", u("supervision:problem_list"), STAFF + ["edu_clerk"])],
    "supervision:problem_progress": [
        post(
            "progress of 区教育局",
            u("supervision:problem_progress", "sv_edu_problem"),
            MANAGERS + ["edu_clerk"],
            lambda w: {"text": "整改推进中。"},
            OUTSIDE_WJJ,
        ),  # fmt: skip
    ],
    "supervision:problem_transition": [
        post(
            "reopen a problem",
            u("supervision:problem_transition", "sv_rectified"),
            MANAGERS,
            lambda w: {"action": "reopen"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    # --- campaigns ---
    "supervision:campaign_list": [case("campaigns", u("supervision:campaign_list"), STAFF)],
    "supervision:campaign_create": [case("new campaign", u("supervision:campaign_create"), MANAGERS)],
    "supervision:campaign_detail": [case("the water campaign", u("supervision:campaign_detail", "sv_water"), STAFF + ["deputy"])],
    "supervision:campaign_transition": [
        post(
            "conclude",
            u("supervision:campaign_transition", "sv_water"),
            MANAGERS,
            lambda w: {"action": "conclude", "on": "2017-12-31", "text": "总结"},
        ),
    ],
    "supervision:target_add": [
        post("a target", u("supervision:target_add", "sv_water"), MANAGERS, lambda w: {"name": "矩阵河", "region": w.wjj.pk}),
    ],
    "supervision:target_transition": [
        post(
            "close off a target",
            u("supervision:target_transition", "sv_target"),
            MANAGERS,
            lambda w: {"action": "close", "on": "2017-10-20"},
        ),
    ],
    "supervision:campaign_town": [
        case(
            "王江泾镇's lists",
            lambda w: reverse("supervision:campaign_town", args=[w.sv_water.pk, w.wjj.pk]),
            STAFF,
            override={"deputy": 404},
        ),
        case(
            "新塍镇's lists",
            lambda w: reverse("supervision:campaign_town", args=[w.sv_water.pk, w.xc.pk]),
            ["admin", "office", "committee", "leader"],
            override={"deputy": 404, **OUTSIDE_WJJ},
        ),
    ],
    "supervision:list_entry_add": [
        post(
            "an entry of 王江泾镇's list",
            lambda w: reverse("supervision:list_entry_add", args=[w.sv_water.pk, w.wjj.pk]),
            TOWN_CAMPAIGN_RECORDS,
            lambda w: {"list_code": "case", "title": "典型事例", "on": "2017-07-01"},
            {"deputy": 404},
        ),
    ],
    "supervision:campaign_checklist": [
        case("the checklist", u("supervision:campaign_checklist", "sv_paoyici"), STAFF + ["deputy"]),
        post(
            "give the checklist",
            u("supervision:campaign_checklist", "sv_paoyici"),
            MANAGERS,
            lambda w: {"units": [w.edu_unit.pk]},
        ),
    ],
    "supervision:checklist_mark": [
        post(
            "mark 王江泾镇's item",
            u("supervision:checklist_mark", "sv_checklist"),
            TOWN_CAMPAIGN_RECORDS,
            lambda w: {"done_on": "2017-09-01"},
        ),
    ],
    "supervision:indicator_add": [
        post(
            "an indicator",
            u("supervision:indicator_add", "sv_paoyici"),
            MANAGERS,
            lambda w: {"code": "halls", "name": "便民服务中心"},
        ),
    ],
    "supervision:indicator_detail": [
        case("the 780 items", u("supervision:indicator_detail", "sv_indicator"), STAFF + ["deputy"])
    ],
    "supervision:indicator_report_add": [
        post(
            "a reported value",
            u("supervision:indicator_report_add", "sv_indicator"),
            MANAGERS,
            lambda w: {"value": 800, "source": "区人民政府", "reported_on": "2017-09-30"},
        ),
    ],
    # --- a deputy's and a unit's pages, public pages ---
    "supervision:mine": [case("my supervision", u("supervision:mine"), ["deputy"])],
    "supervision:unit": [case("my unit's items", u("supervision:unit"), ["edu_clerk"])],
    "supervision:public_list": [case("published", u("supervision:public_list"), [], other=200, anonymous=200)],
    "supervision:public_activity": [
        case("a published report", u("supervision:public_activity", "sv_inspection"), [], other=200, anonymous=200),
        case("an unpublished activity", u("supervision:public_activity", "sv_unpublished"), [], other=404, anonymous=404),
    ],
    "supervision:public_round": [
        case("published results", u("supervision:public_round", "sv_wjj_round"), [], other=200, anonymous=200),
        case("results not published", u("supervision:public_round", "sv_h2_round"), [], other=404, anonymous=404),
    ],
}


def api_post(label: str, url: Any, roles: list[str], data: Any, override: dict[str, int] | None = None, code: int = 200) -> Any:
    return api_case(label, url, roles, method="post", data=data, override=override, code=code)


API = {
    # --- activities ---
    ("get", "/api/supervision/activities"): [api_case("activities", a("/activities"), STAFF)],
    ("get", "/api/supervision/activities/{activity_id}"): [
        api_case("sc inspection", a("/activities/{}", "sv_inspection"), DISTRICT_SEEING + ["deputy"], override=SC_DEPUTY_IN),
        api_case("wjj water activity", a("/activities/{}", "sv_wjj_water"), WJJ_SEEING, override=WJJ_OUT),
    ],
    ("post", "/api/supervision/activities"): [
        api_post(
            "plan an inspection of the standing committee",
            a("/activities"),
            MANAGERS,
            lambda w: {
                "kind": "inspection",
                "title": "矩阵视察",
                "organiser_id": w.standing_committee.pk,
                "start_date": "2017-10-10",
            },
            {"wjj_liaison": 403, "leader": 403},
        ),
    ],
    ("post", "/api/supervision/activities/{activity_id}/plan"): [
        api_post(
            "change the forum's plan", a("/activities/{}/plan", "sv_forum"), MANAGERS, lambda w: {"plan": "新的方案"}, OUTSIDE_WJJ
        ),
    ],
    ("post", "/api/supervision/activities/{activity_id}/actions"): [
        api_post(
            "start the forum", a("/activities/{}/actions", "sv_forum"), MANAGERS, lambda w: {"action": "start"}, OUTSIDE_WJJ
        ),
    ],
    ("post", "/api/supervision/activities/{activity_id}/report"): [
        # the forum is only planned: its report is refused (422) for those who run it
        api_post(
            "report on a planned forum",
            a("/activities/{}/report", "sv_forum"),
            [],
            lambda w: {"text": "报告"},
            {**OUTSIDE_WJJ, "admin": 422, "office": 422},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/activities/{activity_id}/participants"): [
        api_post(
            "add a deputy to the forum",
            a("/activities/{}/participants", "sv_forum"),
            MANAGERS,
            lambda w: {"person_ids": [w.wjj_district_deputy.person_id]},
            OUTSIDE_WJJ,
        ),
    ],
    ("post", "/api/supervision/participations/{participation_id}/remove"): [
        api_post(
            "remove from the forum", a("/participations/{}/remove", "sv_participation"), MANAGERS, lambda w: {}, OUTSIDE_WJJ
        ),
    ],
    ("post", "/api/supervision/activities/{activity_id}/places"): [
        api_post(
            "a place", a("/activities/{}/places", "sv_forum"), MANAGERS, lambda w: {"kind": "企业", "count": 3}, OUTSIDE_WJJ
        ),
    ],
    ("post", "/api/supervision/activities/{activity_id}/articles"): [
        api_post(
            "an article",
            a("/activities/{}/articles", "sv_check"),
            MANAGERS,
            lambda w: {"number": "第十八条", "finding": "发现"},
            {**OUTSIDE_WJJ, "deputy": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/activities/{activity_id}/findings"): [
        api_post(
            "a finding while out",
            a("/activities/{}/findings", "sv_under_way"),
            ["admin", "wjj_staff", "deputy"],
            lambda w: {"kind": "suggestion", "text": "建议延长服务时间。", "client_token": "matrix"},
            {"committee": 404},
        ),
    ],
    ("post", "/api/supervision/activities/{activity_id}/opinions"): [
        api_post(
            "opinions for a unit",
            a("/activities/{}/opinions", "sv_inspection"),
            MANAGERS,
            lambda w: {"unit_id": w.other_district_unit.pk, "text": "意见"},
            OUTSIDE_WJJ,
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/activities/{activity_id}/hearing"): [
        # the inquiry's meeting (June) is before the forum (September): refused with its reason for those who run both
        api_post(
            "a hearing before the forum",
            a("/activities/{}/hearing", "sv_forum"),
            [],
            lambda w: {"meeting_id": w.sv_inquiry.meeting_id},
            {**OUTSIDE_WJJ, "admin": 422, "office": 422},
        ),  # fmt: skip
    ],
    ("get", "/api/supervision/participations"): [api_case("participations", a("/participations"), STAFF)],
    ("get", "/api/supervision/findings"): [api_case("findings", a("/findings"), STAFF)],
    ("post", "/api/supervision/findings/{finding_id}/raise"): [
        api_post(
            "raise my suggestion",
            a("/findings/{}/raise", "sv_finding"),
            ["deputy"],
            lambda w: {"title": "关于自助办理设备的建议", "category": "其他"},
            {"leader": 404},  # a deputy too, but not her finding
        ),
    ],
    # --- opinions to units ---
    ("get", "/api/supervision/opinions"): [api_case("opinions", a("/opinions"), STAFF + ["edu_clerk"])],
    ("get", "/api/supervision/opinions/{opinion_id}"): [
        api_case(
            "opinions to 区教育局", a("/opinions/{}", "sv_edu_opinion"), DISTRICT_SEEING + ["edu_clerk"], override=OUTSIDE_WJJ
        ),
        api_case(
            "opinions to another unit",
            a("/opinions/{}", "sv_other_opinion"),
            DISTRICT_SEEING,
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    ("post", "/api/supervision/opinions/{opinion_id}/actions"): [
        api_post(
            "send the draft",
            a("/opinions/{}/actions", "sv_draft_opinion"),
            MANAGERS,
            lambda w: {"action": "send"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/opinions/{opinion_id}/report"): [
        api_post(
            "the handling report",
            a("/opinions/{}/report", "sv_edu_opinion"),
            ["admin", "office", "committee", "edu_clerk"],
            lambda w: {"text": "已研究落实。"},
            OUTSIDE_WJJ,
        ),  # fmt: skip
    ],
    # --- inquiries ---
    ("get", "/api/supervision/inquiries"): [api_case("inquiries", a("/inquiries"), STAFF)],
    ("get", "/api/supervision/inquiries/{inquiry_id}"): [
        api_case(
            "the inquiry",
            a("/inquiries/{}", "sv_inquiry"),
            DISTRICT_SEEING,
            override={**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),
    ],
    ("post", "/api/supervision/inquiries"): [
        # the inquiry's meeting is closed: the office's request is refused with the reason (422)
        api_post(
            "an inquiry on a closed meeting",
            a("/inquiries"),
            [],
            lambda w: {"meeting_id": w.sv_inquiry.meeting_id, "subject": "新询问", "unit_ids": [w.edu_unit.pk]},
            {"admin": 422, "office": 422},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/inquiries/{inquiry_id}/actions"): [
        api_post(
            "hold",
            a("/inquiries/{}/actions", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"action": "hold"},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/inquiries/{inquiry_id}/questions"): [
        api_post(
            "a question",
            a("/inquiries/{}/questions", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"asker_id": w.sv_asker.pk, "text": "何时完成？", "unit_id": w.sv_water_bureau.pk},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/inquiries/{inquiry_id}/vote"): [
        # the inquiry's meeting is closed: refused with the reason (422) for those who run it
        api_post(
            "set up the vote",
            a("/inquiries/{}/vote", "sv_planned_inquiry"),
            [],
            lambda w: {"action": "create"},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404, "admin": 422, "office": 422},
        ),
    ],
    ("post", "/api/supervision/inquiries/{inquiry_id}/followups"): [
        api_post(
            "a follow-up item",
            a("/inquiries/{}/followups", "sv_planned_inquiry"),
            MANAGERS,
            lambda w: {"unit_id": w.sv_water_bureau.pk, "text": "请报告进展。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "deputy": 404},
        ),  # fmt: skip
    ],
    # --- evaluations ---
    ("get", "/api/supervision/evaluations"): [api_case("rounds", a("/evaluations"), STAFF)],
    ("get", "/api/supervision/evaluations/{round_id}"): [
        api_case(
            "district round", a("/evaluations/{}", "sv_round"), DISTRICT_SEEING + ["deputy", "edu_clerk"], override=OUTSIDE_WJJ
        ),
        api_case(
            "wjj round",
            a("/evaluations/{}", "sv_wjj_round"),
            WJJ_SEEING + ["deputy"],
            override={"committee": 404, "edu_clerk": 404},
        ),
    ],
    ("post", "/api/supervision/evaluations"): [
        api_post(
            "a town round",
            a("/evaluations"),
            ["admin", "wjj_staff"],
            lambda w: {
                "organiser_id": w.sv_wjj_round.organiser_id,
                "title": "矩阵评议",
                "year": 2018,
                "unit_ids": [w.wjj_station.pk],
            },
            {"office": 403, "committee": 403},
        ),
    ],
    ("post", "/api/supervision/evaluations/{round_id}/actions"): [
        api_post(
            "publish the district round",
            a("/evaluations/{}/actions", "sv_round"),
            MANAGERS,
            lambda w: {"action": "publish"},
            OUTSIDE_WJJ,
        ),
    ],
    ("post", "/api/supervision/evaluations/{round_id}/units"): [
        api_post(
            "add a unit",
            a("/evaluations/{}/units", "sv_h2_round"),
            MANAGERS,
            lambda w: {"unit_id": w.edu_unit.pk},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/evaluations/{round_id}/votes"): [
        api_post(
            "start a vote not set up",
            a("/evaluations/{}/votes", "sv_h2_round"),
            [],
            lambda w: {"action": "start", "number": 1},
            {**OUTSIDE_WJJ, "edu_clerk": 404, "admin": 422, "office": 422},
        ),  # fmt: skip
    ],
    ("get", "/api/supervision/evaluations/units/{evaluated_id}"): [
        api_case(
            "区教育局 in the round",
            a("/evaluations/units/{}", "sv_edu_evaluated"),
            DISTRICT_SEEING + ["deputy", "edu_clerk"],
            override=OUTSIDE_WJJ,
        ),
        api_case(
            "another unit",
            a("/evaluations/units/{}", "sv_other_evaluated"),
            DISTRICT_SEEING + ["deputy"],
            override={**OUTSIDE_WJJ, "edu_clerk": 404},
        ),
    ],
    ("post", "/api/supervision/evaluations/units/{evaluated_id}/self-report"): [
        api_post(
            "a self-report",
            a("/evaluations/units/{}/self-report", "sv_h2_evaluated"),
            MANAGERS,
            lambda w: {"text": "自查。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/evaluations/units/{evaluated_id}/opinions"): [
        api_post(
            "my opinion",
            a("/evaluations/units/{}/opinions", "sv_h2_evaluated"),
            ["deputy"],
            lambda w: {"text": "意见。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/evaluations/units/{evaluated_id}/problems"): [
        api_post(
            "a problem",
            a("/evaluations/units/{}/problems", "sv_h2_evaluated"),
            MANAGERS,
            lambda w: {"text": "问题。"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/evaluations/problems/{problem_id}/progress"): [
        api_post(
            "progress",
            a("/evaluations/problems/{}/progress", "sv_edu_problem"),
            MANAGERS + ["edu_clerk"],
            lambda w: {"text": "推进中。"},
            OUTSIDE_WJJ,
        ),  # fmt: skip
    ],
    ("post", "/api/supervision/evaluations/problems/{problem_id}/actions"): [
        api_post(
            "reopen",
            a("/evaluations/problems/{}/actions", "sv_rectified"),
            MANAGERS,
            lambda w: {"action": "reopen"},
            {**OUTSIDE_WJJ, "edu_clerk": 404},
        ),  # fmt: skip
    ],
    # --- campaigns ---
    ("get", "/api/supervision/campaigns"): [api_case("campaigns", a("/campaigns"), STAFF)],
    ("get", "/api/supervision/campaigns/{campaign_id}"): [
        api_case("the water campaign", a("/campaigns/{}", "sv_water"), STAFF + ["deputy"])
    ],
    ("post", "/api/supervision/campaigns"): [
        api_post(
            "a campaign",
            a("/campaigns"),
            MANAGERS,
            lambda w: {
                "organiser_id": w.standing_committee.pk,
                "code": "matrix",
                "title": "矩阵主题活动",
                "start_date": "2018-01-01",
                "end_date": "2018-12-31",
            },
        ),
    ],
    ("post", "/api/supervision/campaigns/{campaign_id}/actions"): [
        api_post(
            "conclude", a("/campaigns/{}/actions", "sv_water"), MANAGERS, lambda w: {"action": "conclude", "on": "2017-12-31"}
        ),
    ],
    ("post", "/api/supervision/campaigns/{campaign_id}/targets"): [
        api_post(
            "a target", a("/campaigns/{}/targets", "sv_water"), MANAGERS, lambda w: {"name": "矩阵河", "region_id": w.wjj.pk}
        ),
    ],
    ("post", "/api/supervision/targets/{target_id}/actions"): [
        api_post("close off", a("/targets/{}/actions", "sv_target"), MANAGERS, lambda w: {"action": "close", "on": "2017-10-20"}),
    ],
    ("post", "/api/supervision/campaigns/{campaign_id}/list-entries"): [
        api_post(
            "an entry of 王江泾镇's list",
            a("/campaigns/{}/list-entries", "sv_water"),
            TOWN_CAMPAIGN_RECORDS,
            lambda w: {"region_id": w.wjj.pk, "list_code": "case", "title": "典型事例"},
        ),
    ],
    ("post", "/api/supervision/campaigns/{campaign_id}/checklist"): [
        api_post(
            "give the checklist", a("/campaigns/{}/checklist", "sv_paoyici"), MANAGERS, lambda w: {"unit_ids": [w.edu_unit.pk]}
        ),
    ],
    ("post", "/api/supervision/checklist/{entry_id}"): [
        api_post(
            "mark 王江泾镇's item", a("/checklist/{}", "sv_checklist"), TOWN_CAMPAIGN_RECORDS, lambda w: {"done_on": "2017-09-01"}
        ),
    ],
    ("post", "/api/supervision/campaigns/{campaign_id}/indicators"): [
        api_post(
            "an indicator",
            a("/campaigns/{}/indicators", "sv_paoyici"),
            MANAGERS,
            lambda w: {"code": "halls", "name": "便民服务中心"},
        ),
    ],
    ("post", "/api/supervision/indicators/{indicator_id}/reports"): [
        api_post(
            "a reported value",
            a("/indicators/{}/reports", "sv_indicator"),
            MANAGERS,
            lambda w: {"value": 800, "source": "区人民政府", "reported_on": "2017-09-30"},
        ),  # fmt: skip
    ],
    # --- public ---
    ("get", "/api/supervision/public/activities"): [
        api_case("published reports", a("/public/activities"), [], other=200, override={"anonymous": 200})
    ],
    ("get", "/api/supervision/public/evaluations/{round_id}"): [
        api_case("published results", a("/public/evaluations/{}", "sv_wjj_round"), [], other=200, override={"anonymous": 200}),
        api_case("results not published", a("/public/evaluations/{}", "sv_h2_round"), [], other=404, override={"anonymous": 404}),
    ],
}
