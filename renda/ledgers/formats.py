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


def columns(table: str, **choices: Sequence[str]) -> list[Column]:
    """A ledger's columns from a table, one a line: `field | header | required (or blank) | longest text (blank: 200)
    | note` (the last cells may be left out); the fixed words of a column's dropdown, by its field, in `choices`."""
    parsed = []
    for line in table.strip().splitlines():
        field, header, required, longest, note = ([cell.strip() for cell in line.split("|", 4)] + ["", "", ""])[:5]
        if required not in ("", "required"):
            raise ValueError(f"{field}: {required!r} is not 'required'")
        parsed.append(Column(field, header, required == "required", choices.pop(field, ()), note, int(longest or 200)))
    if choices:
        raise ValueError(f"choices for no column: {sorted(choices)}")
    return parsed


ACTIVITY_KINDS = {"接待日": "reception", "主题活动": "themed", "专委会进站": "committee"}

ACTIVITY_COLUMNS = columns(
    """
    key             | 台账编号     | required | 64   | 本台账内每场活动的编号，同一镇（街道）内不重复；再次导入同一编号不会重复创建
    station         | 联络站       | required | 100  | 联络站（室）名称，与平台中一致
    kind            | 活动类型     | required
    topic           | 活动主题     | required
    date            | 活动日期     | required |      | 如 2019-08-15
    start_time      | 开始时间     | required |      | 如 09:00
    end_time        | 结束时间     |          |      | 如 11:30
    committee       | 进站委员会   |          | 100  | 活动类型为“专委会进站”时必填
    voters_received | 接待选民人次 | required |      | 0 或正整数
    voter_names     | 选民姓名     |          | 2000
    discussion      | 交流内容     |          | 4000
    roster          | 值班代表     |          | 2000 | 进站定人：排定值班的代表姓名，用顿号“、”分隔（可空）
    deputies        | 签到代表     |          | 2000 | 代表姓名，用顿号“、”分隔；签到时间为活动开始时间
    """,
    kind=tuple(ACTIVITY_KINDS),
)

HANDLINGS = {
    "当场答复": "answer_on_spot",
    "交办单位": "route",
    "重要情况上报": "report",
    "不属于受理范围": "out_of_remit",
    "待处理": "",
}
YES_NO = {"是": True, "否": False}

OPINION_COLUMNS = columns(
    """
    key           | 台账编号         | required | 64   | 本台账内每条意见的编号，同一镇（街道）内不重复；再次导入同一编号不会重复创建
    station       | 联络站           | required | 100
    village       | 村（社区）       |          | 100  | 空白时为联络站所在区域
    activity      | 活动台账编号     |          | 64   | 在活动中登记的意见：所属活动在活动台账中的编号
    category      | 类别             | required | 50
    text          | 意见内容         | required | 2000
    contact_name  | 选民姓名         |          | 50
    phone         | 联系电话         |          | 20
    registered_at | 登记时间         | required |      | 如 2019-08-15 09:30
    handling      | 处理方式         | required
    unit          | 承办单位         |          | 100  | 处理方式为“交办单位”时必填
    routed_at     | 交办（上报）时间 |          |      | 交办单位或上报的时间；答复期限按交办之日起的规定天数计算
    returned_at   | 退回时间         |          |      | 承办单位认为不属其职责而退回的时间
    return_reason | 退回理由         |          | 2000
    rerouted_unit | 再交办单位       |          | 100
    rerouted_at   | 再交办时间       |          |      | 答复期限按再交办之日重新计算
    answered_at   | 答复时间
    answer        | 答复内容         |          | 4000 | 处理方式为“不属于受理范围”时填写理由
    told_at       | 告知选民时间
    solved        | 是否解决         |          |      | 选民的评价
    feedback_at   | 反馈时间
    feedback      | 选民评价         |          | 2000
    """,
    handling=tuple(HANDLINGS), solved=tuple(YES_NO),
)

PERIODS = {"闭会期间": "recess", "大会期间": "session"}
RATINGS = {"满意": "satisfied", "基本满意": "basic", "不满意": "not"}

SUGGESTION_COLUMNS = columns(
    """
    key              | 台账编号         | required | 64    | 本台账内每件建议的编号，同一人大内不重复；再次导入同一编号不会重复创建
    congress         | 人民代表大会     | required | 100   | 建议所属的人民代表大会（本级或镇人大），与平台中名称一致
    period           | 提出时间段       | required
    author           | 领衔代表         | required | 50    | 领衔代表姓名
    cosigners        | 附议代表         |          | 2000  | 附议代表姓名，用顿号“、”分隔（可空）
    cosigned_at      | 附议时间         |          |       | 有附议代表时必填：附议代表确认的时间，即建议提交之时
    title            | 建议标题         | required
    category         | 类别             | required | 50
    text             | 建议内容         | required | 10000
    submitted_at     | 提交时间         | required |       | 如 2019-03-02 10:00（有附议时为附议前领衔代表提出的时间）
    reviewed_at      | 审查时间         |          |       | 办公室审查受理（或不予立案）的时间
    refuse_reason    | 不予立案理由     |          | 2000  | 填写时该建议不予立案，以下各列留空
    assigned_at      | 交办时间         |          |       | 答复期限从交办之日起按规定计算
    lead_unit        | 主办单位         |          | 100
    co_units         | 协办单位         |          | 1000  | 用顿号“、”分隔（可空）
    unit_accepted_at | 主办单位签收时间
    answered_at      | 答复时间
    outcome          | 答复类别         |          | 10    | 答复分类代码，如 A（已解决或采纳）、B（列入计划逐步解决）、C（因条件限制暂不能解决）
    answer           | 答复内容         |          | 10000
    outcome_reason   | 暂不能解决理由   |          | 2000  | 答复类别要求说明理由时必填
    follow_up_on     | 再次答复期限     |          |       | 答复类别为“列入计划逐步解决”时必填，如 2019-12-31
    feedback_at      | 代表反馈时间
    process_rating   | 办理过程满意度
    result_rating    | 办理结果满意度   |          |       | 空白时与办理过程满意度相同
    feedback         | 代表意见         |          | 2000
    """,
    period=tuple(PERIODS), process_rating=tuple(RATINGS), result_rating=tuple(RATINGS),
)

#: the kinds of sitting a meetings ledger records, by the body that holds them (org.Body.Kind values)
MEETING_KINDS = {
    "人民代表大会会议": "congress",
    "常委会会议": "standing_committee",
    "主任会议": "directors_meeting",
    "主席团会议": "presidium",
}
MEETING_COLUMNS = columns(
    """
    key         | 台账编号 | required | 64  | 本台账内每次会议的编号，同一人大内不重复；“出席情况”“议程和表决”两张表以此编号对应会议
    body        | 会议机构 | required | 100 | 召开会议的人大、常委会、主任会议或主席团，与平台中名称一致
    kind        | 会议类型 | required |     | 须与会议机构相符
    number      | 会议次数 | required | 10  | 本届第几次会议，如 2（同一机构同一届内不重复）
    title       | 会议名称 |          |     | 空白时按机构、届次和次数生成，如 秀洲区第九届人大常委会第二次会议
    start_at    | 开始时间 | required |     | 如 2019-08-28 09:00
    end_at      | 结束时间 |          |     | 如 2019-08-28 11:30；空白时与开始时间相同
    venue       | 会议地点 |          | 200
    notified_at | 通知时间 |          |     | 发出会议通知的时间；空白时为开始时间
    """,
    kind=tuple(MEETING_KINDS),
)
#: what the minutes record of each person (the attendance sheet)
ATTENDANCE_STATUSES = {"出席": "present", "请假": "leave", "缺席": "absent"}
ATTENDANCE_ROLES = {"组成人员": "member", "列席": "non_voting"}
ATTENDANCE_COLUMNS = columns(
    """
    meeting      | 会议台账编号 | required | 64  | “会议”表中的台账编号
    name         | 姓名         | required | 50
    id_tail      | 身份证后四位 |          | 4   | 同名时必填
    role         | 身份         |          |     | 空白为组成人员（代表、委员）；列席人员填“列席”
    capacity     | 列席职务     |          | 100 | 列席人员的职务，如 区财政局局长
    status       | 出席情况     | required |     | 组成人员须逐一列明
    signed_in_at | 签到时间     |          |     | 出席时必填，如 2019-08-28 08:50
    leave_reason | 请假事由     |          | 300 | 请假时必填
    """,
    role=tuple(ATTENDANCE_ROLES), status=tuple(ATTENDANCE_STATUSES),
)
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
AGENDA_COLUMNS = columns(
    """
    meeting    | 会议台账编号 | required | 64  | “会议”表中的台账编号
    order      | 议程序号     | required | 4   | 同一议题的各行（如选举的每位候选人）序号相同
    item_kind  | 议题类型     | required
    item_title | 议题         | required
    reporter   | 汇报人       |          | 100
    vote       | 表决事项     |          |     | 空白时该议题未付表决；选举时每位候选人一行，表决事项相同
    candidate  | 候选人       |          | 50  | 选举时填写候选人姓名
    yes        | 赞成         |          | 10  | 会议记录中的票数，0 或正整数
    no         | 反对         |          | 10
    abstain    | 弃权         |          | 10
    not_voting | 未表决       |          | 10  | 出席而未按表决器或未投票的人数
    outcome    | 表决结果     |          |     | 须与按规则计算的结果一致
    voted_at   | 表决时间     |          |     | 空白时为会议开始时间
    """,
    item_kind=tuple(ITEM_KINDS), outcome=tuple(OUTCOMES),
)
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

STEP_COLUMNS = columns(
    """
    key            | 建议台账编号     | required | 64    | 该建议在第一张表（台账）中的台账编号
    step           | 办理步骤         | required |       | 按发生先后逐行填写，每一步不得早于上一步
    at             | 时间             | required |       | 如 2019-04-02 09:00，不得晚于导入之时
    unit           | 单位             |          | 100   | 退回、签收、答复：办理单位（空白为当前主办单位）；交办、改办：新的主办单位
    co_units       | 协办单位         |          | 1000  | 交办、改办时的协办单位，用顿号“、”分隔（可空）
    text           | 内容             |          | 10000 | 退回、改办、不予立案、转为来信：理由；延期：同意延期的情况；答复：答复内容；代表反馈：代表意见
    outcome        | 答复类别         |          | 10    | 答复时填写，如 A、B、C
    outcome_reason | 暂不能解决理由   |          | 2000
    follow_up_on   | 再次答复期限     |          |       | 答复类别为“列入计划逐步解决”时必填
    process_rating | 办理过程满意度
    result_rating  | 办理结果满意度   |          |       | 空白时与办理过程满意度相同
    target         | 并入建议台账编号 |          | 64    | 并案时填写：并入的建议的台账编号
    """,
    step=tuple(STEPS), process_rating=tuple(RATINGS), result_rating=tuple(RATINGS),
)


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
