"""Rules of the meetings workflow as data (DOMAIN.md §3.1, §5), per kind of body, overridable per region.

- Quorum (`meetings.quorum.<body kind>`): a fraction of the full membership on the meeting date,
  {"num": 2, "den": 3, "strict": false} = two thirds or more (⌈2N/3⌉, a congress session);
  {"num": 1, "den": 2, "strict": true} = more than half (⌊N/2⌋+1, the standing committee and the others).
- Pass threshold (`meetings.threshold.<body kind>.<matter>`): one of the poll thresholds (`Poll.Threshold`),
  per kind of matter voted on (resolution, budget, election, appointment, decision, bill).
- Notice (`meetings.notice_days.<body kind>`): days between the notice to the members and the sitting.
"""

from __future__ import annotations

from typing import Any

from renda.core import escalation, limits, rules

#: kinds of body that hold sittings (org.Body.Kind values), with the quorum and notice the law or practice sets
BODY_KINDS = (
    "congress",
    "standing_committee",
    "directors_meeting",
    "presidium",
    "session_presidium",
    "special_committee",
    "working_committee",
)
#: kinds of matter a poll decides (meetings.Poll.Matter values the thresholds are keyed by)
MATTERS = ("resolution", "budget", "election", "appointment", "decision", "bill")

TWO_THIRDS_OR_MORE = {"num": 2, "den": 3, "strict": False}
MORE_THAN_HALF = {"num": 1, "den": 2, "strict": True}

QUORUM = rules.register_each(
    "meetings.quorum.{name}",
    {kind: TWO_THIRDS_OR_MORE if kind == "congress" else MORE_THAN_HALF for kind in BODY_KINDS},
    "Quorum of a sitting of a {name}: the share of its full membership on the meeting date that must be present "
    '({"num", "den", "strict"}: strict = more than the fraction, otherwise that fraction or more)',
)
THRESHOLD = {
    (kind, matter): rules.register(
        f"meetings.threshold.{kind}.{matter}",
        "half_members",
        f"Pass threshold of a {matter} voted by a {kind.replace('_', ' ')} "
        "(half_members: more than half of the full membership; two_thirds_members; half_present; half_cast)",
    )
    for kind in BODY_KINDS
    for matter in MATTERS
}
NOTICE_DAYS = rules.register_each(
    "meetings.notice_days.{name}",
    {kind: {"congress": 30, "standing_committee": 7, "presidium": 3, "special_committee": 3, "working_committee": 3}.get(kind, 0)
     for kind in BODY_KINDS},  # fmt: skip
    "Days between the notice to the members of a {name} and its sitting",
)
BASE_EXCLUDES_SUSPENDED = rules.register(
    "meetings.base.excludes_suspended",
    True,
    "A deputy whose duties are suspended on the meeting date is not counted in the full membership",
)
COUNTS_REQUIRED = rules.register_each(
    "meetings.counts_required.{name}", {"paper": 2, "hands": 1}, "Independent counts that must agree before a {name} poll is published"
)
ABSENCES_FLAGGED = rules.register(
    "meetings.absences_flagged",
    2,
    "Absences without leave from sessions of a deputy's congress within a term after which the office is told "
    "(Deputies Law Art. 49: 未经批准两次不出席本级人民代表大会会议)",
)
PREPARATORY_REQUIRED = rules.register(
    "meetings.preparatory_required",
    False,
    "A congress session opens only after its preparatory meeting has elected the session presidium and adopted the agenda",
)
PREPARATORY_POLL_KIND = rules.register(
    "meetings.preparatory.poll_kind",
    "hands",
    "How a preparatory meeting votes on the presidium list and the agenda (named, secret, paper or hands)",
)
HANDLING_REPORT_MONTHS = rules.register(
    "meetings.handling_report_months", 2, "Months from sending review opinions to the unit's handling report"
)
MIDYEAR_AGENDA = rules.register(
    "meetings.midyear_agenda",
    [
        ["hear_report", "听取和审议镇人民政府上半年工作情况的报告"],
        ["projects_progress", "听取和审议镇人民政府关于本年度代表票决民生实事项目实施情况的报告"],
        ["examine_approve", "审查和批准镇本级财政预算调整方案"],
        ["unit_evaluation", "对镇站所开展评议并进行满意度测评"],
        ["hear_report", "听取和审议镇人大主席团关于代表建议办理情况的报告"],
    ],
    "Agenda of the uniform mid-year town congress sessions: [kind, title] per item",
)


def _kind(body_kind: str) -> str:
    # a sub-district working committee holds its sittings under the working committees' rules
    return body_kind if body_kind in BODY_KINDS else "working_committee"


def quorum_rule(body_kind: str, region_path: str) -> dict[str, Any]:
    value: dict[str, Any] = rules.value(QUORUM[_kind(body_kind)].key, region_path=region_path)
    return value


def threshold_for(body_kind: str, matter: str, region_path: str) -> str:
    """The pass threshold of a matter voted by this kind of body, for the region."""
    matter = matter if matter in MATTERS else "resolution"
    return str(rules.value(THRESHOLD[(_kind(body_kind), matter)].key, region_path=region_path))


def notice_days(body_kind: str, region_path: str) -> int:
    return int(rules.value(NOTICE_DAYS[_kind(body_kind)].key, region_path=region_path))


def counts_required(poll_kind: str, region_path: str) -> int:
    return int(rules.value(COUNTS_REQUIRED[poll_kind].key, region_path=region_path)) if poll_kind in COUNTS_REQUIRED else 0


# Longest texts (issue #16): a decision, the committee's opinions, a handling report.
TEXT_MAX = limits.text("meetings.text", 20000, "a decision, a review opinion or a handling report")

# Documents of a meeting (reports, drafts, the agenda): their types and size; each file is checked to really be of
# its type (core.uploads), whatever its name says.
DOCUMENT_TYPES = rules.register(
    "meetings.document_types",
    ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"],
    "File types (extensions) a meeting's documents may have; each file is also checked to really be of its type",
)
DOCUMENT_MAX_BYTES = rules.register("meetings.document_max_bytes", 20 * 1024 * 1024, "Largest document of a meeting, in bytes")
DOCUMENT_MAX_PIXELS = rules.register(
    "meetings.document_max_pixels", 40_000_000, "Most pixels (width × height) of an image uploaded as a meeting document"
)
REPORT_ESCALATION = escalation.register_ladder(
    "meetings.report_escalation",
    "Reminders before a unit's handling report on review opinions (of a meeting or a supervision activity) is due and "
    "escalation after",
    due_soon=(-7, "unit"), overdue=(1, "unit"), escalated=(15, "unit office supervising_leader"),
    who="unit (its clerks), office (the congress office or town staff), supervising_leader (the congress leaders)",
)
