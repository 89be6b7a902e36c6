"""The ledgers' file formats: for each ledger, its columns (the Chinese headers of the Excel template, part of the
format as the offices use them; the same fields by their English names in the API), which are required, the
fixed choices a dropdown offers, and how a cell's text is read (times, numbers, yes/no)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import DomainError
from renda.core.listing import MAX_YEAR, MIN_YEAR

from .models import Kind

T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    field: str  # the API's name
    header: str  # the Excel header (Chinese: part of the format)
    required: bool = False
    choices: Sequence[str] = ()  # a dropdown of fixed words
    note: str = ""  # shown on the template's notes sheet
    max_length: int = 200


ACTIVITY_KINDS = {"接待日": "reception", "主题活动": "themed", "专委会进站": "committee"}

ACTIVITY_COLUMNS = [
    Column(
        "key",
        "台账编号",
        True,
        note="本台账内每场活动的编号，同一镇（街道）内不重复；再次导入同一编号不会重复创建",
        max_length=64,
    ),
    Column("station", "联络站", True, note="联络站（室）名称，与平台中一致", max_length=100),
    Column("kind", "活动类型", True, tuple(ACTIVITY_KINDS)),
    Column("topic", "活动主题", True),
    Column("date", "活动日期", True, note="如 2019-08-15"),
    Column("start_time", "开始时间", True, note="如 09:00"),
    Column("end_time", "结束时间", note="如 11:30"),
    Column("committee", "进站委员会", note="活动类型为“专委会进站”时必填", max_length=100),
    Column("voters_received", "接待选民人次", True, note="0 或正整数"),
    Column("voter_names", "选民姓名", max_length=2000),
    Column("discussion", "交流内容", max_length=4000),
    Column("roster", "值班代表", note="进站定人：排定值班的代表姓名，用顿号“、”分隔（可空）", max_length=2000),
    Column("deputies", "签到代表", note="代表姓名，用顿号“、”分隔；签到时间为活动开始时间", max_length=2000),
]

HANDLINGS = {
    "当场答复": "answer_on_spot",
    "交办单位": "route",
    "重要情况上报": "report",
    "不属于受理范围": "out_of_remit",
    "待处理": "",
}
YES_NO = {"是": True, "否": False}

OPINION_COLUMNS = [
    Column(
        "key",
        "台账编号",
        True,
        note="本台账内每条意见的编号，同一镇（街道）内不重复；再次导入同一编号不会重复创建",
        max_length=64,
    ),
    Column("station", "联络站", True, max_length=100),
    Column("village", "村（社区）", note="空白时为联络站所在区域", max_length=100),
    Column("activity", "活动台账编号", note="在活动中登记的意见：所属活动在活动台账中的编号", max_length=64),
    Column("category", "类别", True, max_length=50),
    Column("text", "意见内容", True, max_length=2000),
    Column("contact_name", "选民姓名", max_length=50),
    Column("phone", "联系电话", max_length=20),
    Column("registered_at", "登记时间", True, note="如 2019-08-15 09:30"),
    Column("handling", "处理方式", True, tuple(HANDLINGS)),
    Column("unit", "承办单位", note="处理方式为“交办单位”时必填", max_length=100),
    Column("routed_at", "交办（上报）时间", note="交办单位或上报的时间；答复期限按交办之日起的规定天数计算"),
    Column("returned_at", "退回时间", note="承办单位认为不属其职责而退回的时间"),
    Column("return_reason", "退回理由", max_length=2000),
    Column("rerouted_unit", "再交办单位", max_length=100),
    Column("rerouted_at", "再交办时间", note="答复期限按再交办之日重新计算"),
    Column("answered_at", "答复时间"),
    Column("answer", "答复内容", note="处理方式为“不属于受理范围”时填写理由", max_length=4000),
    Column("told_at", "告知选民时间"),
    Column("solved", "是否解决", choices=tuple(YES_NO), note="选民的评价"),
    Column("feedback_at", "反馈时间"),
    Column("feedback", "选民评价", max_length=2000),
]

PERIODS = {"闭会期间": "recess", "大会期间": "session"}
RATINGS = {"满意": "satisfied", "基本满意": "basic", "不满意": "not"}

SUGGESTION_COLUMNS = [
    Column(
        "key",
        "台账编号",
        True,
        note="本台账内每件建议的编号，同一人大内不重复；再次导入同一编号不会重复创建",
        max_length=64,
    ),
    Column("congress", "人民代表大会", True, note="建议所属的人民代表大会（本级或镇人大），与平台中名称一致", max_length=100),
    Column("period", "提出时间段", True, tuple(PERIODS)),
    Column("author", "领衔代表", True, note="领衔代表姓名", max_length=50),
    Column("cosigners", "附议代表", note="附议代表姓名，用顿号“、”分隔（可空）", max_length=2000),
    Column("cosigned_at", "附议时间", note="有附议代表时必填：附议代表确认的时间，即建议提交之时"),
    Column("title", "建议标题", True),
    Column("category", "类别", True, max_length=50),
    Column("text", "建议内容", True, max_length=10000),
    Column("submitted_at", "提交时间", True, note="如 2019-03-02 10:00（有附议时为附议前领衔代表提出的时间）"),
    Column("reviewed_at", "审查时间", note="办公室审查受理（或不予立案）的时间"),
    Column("refuse_reason", "不予立案理由", note="填写时该建议不予立案，以下各列留空", max_length=2000),
    Column("assigned_at", "交办时间", note="答复期限从交办之日起按规定计算"),
    Column("lead_unit", "主办单位", max_length=100),
    Column("co_units", "协办单位", note="用顿号“、”分隔（可空）", max_length=1000),
    Column("unit_accepted_at", "主办单位签收时间"),
    Column("answered_at", "答复时间"),
    Column(
        "outcome",
        "答复类别",
        note="答复分类代码，如 A（已解决或采纳）、B（列入计划逐步解决）、C（因条件限制暂不能解决）",
        max_length=10,
    ),
    Column("answer", "答复内容", max_length=10000),
    Column("outcome_reason", "暂不能解决理由", note="答复类别要求说明理由时必填", max_length=2000),
    Column("follow_up_on", "再次答复期限", note="答复类别为“列入计划逐步解决”时必填，如 2019-12-31"),
    Column("feedback_at", "代表反馈时间"),
    Column("process_rating", "办理过程满意度", choices=tuple(RATINGS)),
    Column("result_rating", "办理结果满意度", choices=tuple(RATINGS), note="空白时与办理过程满意度相同"),
    Column("feedback", "代表意见", max_length=2000),
]

#: the kinds of sitting a meetings ledger records, by the body that holds them (org.Body.Kind values)
MEETING_KINDS = {
    "人民代表大会会议": "congress",
    "常委会会议": "standing_committee",
    "主任会议": "directors_meeting",
    "主席团会议": "presidium",
}
MEETING_COLUMNS = [
    Column(
        "key",
        "台账编号",
        True,
        note="本台账内每次会议的编号，同一人大内不重复；“出席情况”“议程和表决”两张表以此编号对应会议",
        max_length=64,
    ),
    Column("body", "会议机构", True, note="召开会议的人大、常委会、主任会议或主席团，与平台中名称一致", max_length=100),
    Column("kind", "会议类型", True, tuple(MEETING_KINDS), note="须与会议机构相符"),
    Column("number", "会议次数", True, note="本届第几次会议，如 2（同一机构同一届内不重复）", max_length=10),
    Column("title", "会议名称", note="空白时按机构、届次和次数生成，如 秀洲区第九届人大常委会第二次会议"),
    Column("start_at", "开始时间", True, note="如 2019-08-28 09:00"),
    Column("end_at", "结束时间", note="如 2019-08-28 11:30；空白时与开始时间相同"),
    Column("venue", "会议地点", max_length=200),
    Column("notified_at", "通知时间", note="发出会议通知的时间；空白时为开始时间"),
]
#: what the minutes record of each person (the attendance sheet)
ATTENDANCE_STATUSES = {"出席": "present", "请假": "leave", "缺席": "absent"}
ATTENDANCE_ROLES = {"组成人员": "member", "列席": "non_voting"}
ATTENDANCE_COLUMNS = [
    Column("meeting", "会议台账编号", True, note="“会议”表中的台账编号", max_length=64),
    Column("name", "姓名", True, max_length=50),
    Column("id_tail", "身份证后四位", note="同名时必填", max_length=4),
    Column("role", "身份", choices=tuple(ATTENDANCE_ROLES), note="空白为组成人员（代表、委员）；列席人员填“列席”"),
    Column("capacity", "列席职务", note="列席人员的职务，如 区财政局局长", max_length=100),
    Column("status", "出席情况", True, tuple(ATTENDANCE_STATUSES), note="组成人员须逐一列明"),
    Column("signed_in_at", "签到时间", note="出席时必填，如 2019-08-28 08:50"),
    Column("leave_reason", "请假事由", note="请假时必填", max_length=300),
]
#: agenda items a ledger names (AgendaItem.Kind values), and the matter a vote on such an item decides
ITEM_KINDS = {
    "听取和审议报告": "hear_report",
    "审查和批准": "examine_approve",
    "听取民生实事项目实施情况报告": "projects_progress",
    "部门（站所）评议": "unit_evaluation",
    "作出决定": "decision",
    "法律法规学习": "law_study",
    "听取审议意见研究处理情况报告": "handling_report",
    "通过决议": "resolution",
    "选举": "election",
    "任免": "appointment",
    "审议法规案": "bill",
    "其他": "other",
}
ITEM_MATTERS = {
    "examine_approve": "budget",
    "decision": "decision",
    "election": "election",
    "appointment": "appointment",
    "bill": "bill",
}
OUTCOMES = {"通过": True, "未通过": False, "当选": True, "未当选": False}
AGENDA_COLUMNS = [
    Column("meeting", "会议台账编号", True, note="“会议”表中的台账编号", max_length=64),
    Column("order", "议程序号", True, note="同一议题的各行（如选举的每位候选人）序号相同", max_length=4),
    Column("item_kind", "议题类型", True, tuple(ITEM_KINDS)),
    Column("item_title", "议题", True),
    Column("reporter", "汇报人", max_length=100),
    Column("vote", "表决事项", note="空白时该议题未付表决；选举时每位候选人一行，表决事项相同"),
    Column("candidate", "候选人", note="选举时填写候选人姓名", max_length=50),
    Column("yes", "赞成", note="会议记录中的票数，0 或正整数", max_length=10),
    Column("no", "反对", max_length=10),
    Column("abstain", "弃权", max_length=10),
    Column("not_voting", "未表决", note="出席而未按表决器或未投票的人数", max_length=10),
    Column("outcome", "表决结果", choices=tuple(OUTCOMES), note="须与按规则计算的结果一致"),
    Column("voted_at", "表决时间", note="空白时为会议开始时间"),
]
#: the meetings ledger's further sheets (after the first, 会议): field → (sheet title, its columns)
MEETING_SHEETS: dict[str, tuple[str, list[Column]]] = {
    "attendance": ("出席情况", ATTENDANCE_COLUMNS),
    "agenda": ("议程和表决", AGENDA_COLUMNS),
}

# The suggestions ledger's second sheet: every later round of handling, one row per step, in the order they happened
# (a unit's return, a new assignment or reassignment, an extension, a second answer after the deputy's 不满意 and its
# rating, a merge into another suggestion, not accepted as a suggestion). The first sheet's row gives the first round.
STEPS = {
    "签收": "accept",
    "退回": "return",
    "交办": "assign",
    "改办": "reassign",
    "延期": "extend",
    "答复": "answer",
    "代表反馈": "feedback",
    "并案": "merge",
    "不予立案": "refuse",
    "转为来信": "letter",
}
STEP_SHEET = "办理过程"

STEP_COLUMNS = [
    Column("key", "建议台账编号", True, note="该建议在第一张表（台账）中的台账编号", max_length=64),
    Column("step", "办理步骤", True, tuple(STEPS), note="按发生先后逐行填写，每一步不得早于上一步"),
    Column("at", "时间", True, note="如 2019-04-02 09:00，不得晚于导入之时"),
    Column("unit", "单位", note="退回、签收、答复：办理单位（空白为当前主办单位）；交办、改办：新的主办单位", max_length=100),
    Column("co_units", "协办单位", note="交办、改办时的协办单位，用顿号“、”分隔（可空）", max_length=1000),
    Column(
        "text",
        "内容",
        note="退回、改办、不予立案、转为来信：理由；延期：同意延期的情况；答复：答复内容；代表反馈：代表意见",
        max_length=10000,
    ),
    Column("outcome", "答复类别", note="答复时填写，如 A、B、C", max_length=10),
    Column("outcome_reason", "暂不能解决理由", max_length=2000),
    Column("follow_up_on", "再次答复期限", note="答复类别为“列入计划逐步解决”时必填"),
    Column("process_rating", "办理过程满意度", choices=tuple(RATINGS)),
    Column("result_rating", "办理结果满意度", choices=tuple(RATINGS), note="空白时与办理过程满意度相同"),
    Column("target", "并入建议台账编号", note="并案时填写：并入的建议的台账编号", max_length=64),
]


def on_sheet(sheet: str, row: int, message: str) -> str:
    """A problem of a row of a ledger's second sheet, naming the sheet and the row as Excel numbers it."""
    return _("%(sheet)s, row %(row)d: %(message)s") % {"sheet": sheet, "row": row, "message": message}


COLUMNS: dict[str, list[Column]] = {
    Kind.ACTIVITIES: ACTIVITY_COLUMNS,
    Kind.OPINIONS: OPINION_COLUMNS,
    Kind.SUGGESTIONS: SUGGESTION_COLUMNS,
    Kind.MEETINGS: MEETING_COLUMNS,
}
#: the title of a ledger's first sheet, where it has more than one
FIRST_SHEETS = {Kind.MEETINGS: "会议"}
#: a ledger's further sheets: field → (sheet title, its columns); the first column of each names the main row by its
#: 台账编号. The meetings ledger needs its two; the suggestions' 办理过程 is optional (a file without it: first rounds only)
FURTHER_SHEETS: dict[str, dict[str, tuple[str, list[Column]]]] = {
    Kind.MEETINGS: MEETING_SHEETS,
    Kind.SUGGESTIONS: {"steps": (STEP_SHEET, STEP_COLUMNS)},
}
OPTIONAL_SHEETS = frozenset({STEP_SHEET})
TEMPLATE_NAMES = {
    Kind.ACTIVITIES: "联络站活动台账模板.xlsx",
    Kind.OPINIONS: "选民意见台账模板.xlsx",
    Kind.SUGGESTIONS: "代表建议台账模板.xlsx",
    Kind.MEETINGS: "会议台账模板.xlsx",
}

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DATETIME = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?$")
_TIME = re.compile(r"^(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?分?$")


class Row:
    """One ledger row as text by field name, with readers that refuse a bad cell naming its column."""

    def __init__(self, number: int, values: dict[str, str], columns: Sequence[Column]):
        self.number = number
        self.values = {c.field: (values.get(c.field) or "").strip() for c in columns}
        self._headers = {c.field: c.header for c in columns}

    def text(self, field: str) -> str:
        return self.values[field]

    def _bad(self, field: str, message: str) -> DomainError:
        return DomainError(_("%(column)s: %(message)s") % {"column": self._headers[field], "message": message})

    def required(self, field: str) -> str:
        value = self.values[field]
        if not value:
            raise self._bad(field, _("required"))
        return value

    def date(self, field: str) -> datetime.date | None:
        value = self.values[field]
        if not value:
            return None
        m = _DATE.match(value) or _DATETIME.match(value)
        try:
            day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        except ValueError:
            day = None
        if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
            raise self._bad(field, _("not a date (write it as 2019-08-15)"))
        return day

    def time(self, field: str) -> datetime.time | None:
        value = self.values[field]
        if not value:
            return None
        m = _TIME.match(value)
        try:
            return datetime.time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else None
        except ValueError:
            pass
        raise self._bad(field, _("not a time of day (write it as 09:30)"))

    def moment(self, field: str) -> datetime.datetime | None:
        """A date with its time of day, in the site's time zone."""
        value = self.values[field]
        if not value:
            return None
        m = _DATETIME.match(value) or _DATE.match(value)  # a bare date: its midnight
        try:
            if m:
                year, month, day, hour, minute, second = ([int(p or 0) for p in m.groups()] + [0, 0, 0])[:6]
                if MIN_YEAR <= year <= MAX_YEAR:
                    return at(datetime.date(year, month, day), datetime.time(hour, minute, second))
        except ValueError:
            pass
        raise self._bad(field, _("not a date and time (write it as 2019-08-15 09:30)"))

    def count(self, field: str, *, most: int = 1_000_000) -> int:
        value = self.values[field]
        if not value.isdigit() or int(value) > most:
            raise self._bad(field, _("not a whole number from 0 to %(most)d") % {"most": most})
        return int(value)

    def choice(self, field: str, choices: Mapping[str, T]) -> T:
        value = self.values[field]
        if value not in choices:
            raise self._bad(field, _("choose one of %(choices)s") % {"choices": "、".join(choices)})
        return choices[value]


def at(day: datetime.date, time: datetime.time | None) -> datetime.datetime:
    """A day and time of day as an aware moment (midnight when the time is not known)."""
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time()))
