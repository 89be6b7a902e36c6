"""Rules of the suggestions workflow (DOMAIN.md §5): deadlines, categories, outcomes, ratings, commendation.

Values are data (`core.Rule` rows override them per region); the code reads them through `rule()`.
"""

from __future__ import annotations

from renda.core import escalation, limits, rules

ANSWER_MONTHS = rules.register("suggestions.answer_months", 3, "Months from assignment for the lead unit's answer")
HARD_MONTHS = rules.register("suggestions.hard_months", 6, "Months from assignment for a hard case, with consent")
ACK_DAYS = rules.register("suggestions.ack_days", 7, "Days to acknowledge a suggestion made in recess")
RETURN_DAYS = rules.register("suggestions.return_days", 10, "Days from assignment within which a unit may return it")
CO_UNIT_MONTHS = rules.register("suggestions.co_unit_months", 2, "Months from assignment for a co-unit's opinion")
REHANDLE_MONTHS = rules.register("suggestions.rehandle_months", 1, "Months from the deputy's feedback for re-handling")
DUE_SOON_DAYS = rules.register("suggestions.due_soon_days", 14, "Days before a deadline when reminders start")
ESCALATION = escalation.register_ladder(
    "suggestions.escalation", "Reminders before a unit's deadline and escalation after it",
    due_soon=(-14, "unit"), overdue=(1, "unit office"), escalated=(15, "unit unit_leader office supervising_leader"),
    who="unit (its clerks), unit_leader (the government leader leading a key suggestion), office (the congress office or "
    "town staff), supervising_leader (the congress leader supervising; else the congress's leaders)",
)
COMMITTEE_FIELDS = rules.register(
    "suggestions.committee_fields",
    [
        {"committee": "财政经济", "categories": ["经济发展"]},
        {"committee": "法制", "categories": ["政法综治"]},
        {"committee": "教科文卫", "categories": ["教育文化", "医疗卫生"]},
        {"committee": "城建环保", "categories": ["城乡建设", "交通出行", "生态环境"]},
        {"committee": "农业农村", "categories": ["农业农村"]},
        {"committee": "社会建设", "categories": ["社会保障"]},
    ],
    "Each committee's field: the categories of suggestions its staff see by default (a committee whose name contains "
    "`committee`); staff of a committee with no field (e.g. the deputies' work committee) see every category",
)
CATEGORIES = rules.register(
    "suggestions.categories",
    ["经济发展", "城乡建设", "交通出行", "教育文化", "医疗卫生", "社会保障", "生态环境", "农业农村", "政法综治", "其他"],
    "Categories of suggestions",
)
OUTCOMES = rules.register(
    "suggestions.outcomes",
    [
        {"code": "A", "label": "已解决或采纳", "follow_up": False, "reason": False},
        {"code": "B", "label": "列入计划逐步解决", "follow_up": True, "reason": False},
        {"code": "C", "label": "因条件限制暂不能解决", "follow_up": False, "reason": True},
    ],
    "Answer outcome categories: code, label, whether a follow-up answer is due, whether reasons are required",
)
SPLIT_RATING = rules.register(
    "suggestions.split_rating", True, "Deputies rate the handling process and the result separately (false: one rating)"
)
COMMEND = rules.register(
    "suggestions.commend_rule",
    {"min_total": 3, "commend_on_time": 1.0, "commend_satisfied": 0.95, "criticise_on_time": 0.8, "criticise_satisfied": 0.8},
    "Annual report: units commended (all answered on time, satisfaction at least the rate) and criticised (below the rates)",
)
LETTER_FONTS = rules.register(
    "suggestions.letter_fonts",
    {"body": "Noto Serif CJK SC", "title": "Noto Sans CJK SC"},
    "East Asian fonts of generated Word documents (e.g. 仿宋_GB2312 and 方正小标宋简体 where installed)",
)
MAX_ATTACHMENT_BYTES = rules.register("suggestions.max_file_bytes", 10 * 1024 * 1024, "Largest attachment or letter")


rule = rules.at  # the rule's value for the region (a number, a list, a table: JSON data, as registered or overridden)


def outcome_table(region) -> dict[str, dict]:
    return {o["code"]: o for o in rule(OUTCOMES, region)}


# Longest texts (issue #16): a suggestion, a unit's answer, and the shorter texts (reasons, opinions, notes).
TEXT_MAX = limits.text("suggestions.text", 10000, "a suggestion's text")
ANSWER_MAX = limits.text("suggestions.answer", 10000, "a unit's answer to a suggestion")
NOTE_MAX = limits.text("suggestions.note", 2000, "a reason, an opinion, a contact summary or a comment on a suggestion")
