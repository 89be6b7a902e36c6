"""Thresholds, deadlines and templates of the meetings workflow, as data (DOMAIN.md §5)."""

from renda.core import limits, rules

THRESHOLD_NAMED = rules.register(
    "meetings.threshold.named",
    "half_members",
    "Pass threshold of a named electronic poll (half_members, two_thirds_members, half_present, half_cast)",
)
THRESHOLD_SECRET = rules.register("meetings.threshold.secret", "half_members", "Pass threshold of a secret electronic poll")
THRESHOLD_PAPER = rules.register("meetings.threshold.paper", "half_members", "Pass threshold of a paper-ballot poll")
QUORUM = rules.register("meetings.quorum", "half_members", "Quorum of a meeting: more than half of the body's full membership")
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


def threshold_for(kind: str, region_path: str) -> str:
    return rules.value(f"meetings.threshold.{kind}", region_path=region_path)


# Longest texts (issue #16): a decision, the committee's opinions, a handling report.
TEXT_MAX = limits.text("meetings.text", 20000, "a decision, a review opinion or a handling report")
