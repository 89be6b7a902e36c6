"""Rules of supervision as data (DOMAIN.md §5): the evaluation's satisfaction scale and re-evaluation threshold,
rectification deadlines, the campaigns' per-town lists and per-unit checklist. The handling-report deadline of
opinions sent to a unit is the meetings rule (`meetings.handling_report_months`): one loop, one deadline."""

from __future__ import annotations

from renda.core import escalation, rules

SCALE = rules.register(
    "supervision.evaluation.scale",
    [
        {"code": "S", "label": "满意", "satisfied": True},
        {"code": "B", "label": "基本满意", "satisfied": True},
        {"code": "U", "label": "不满意", "satisfied": False},
    ],
    "Satisfaction scale of unit evaluations: code (of the meetings satisfaction poll), label, whether it counts "
    "towards the satisfaction rate (满意率 = those votes / valid votes)",
)
REEVALUATE_BELOW = rules.register(
    "supervision.evaluation.reevaluate_below_percent",
    60,
    "A unit whose satisfaction rate is below this percentage is re-evaluated (its rectification voted on again)",
)
RECTIFY_MONTHS = rules.register(
    "supervision.evaluation.rectify_months", 3, "Months from the hand-over of a problem list to the rectification deadline"
)
TOWN_LISTS = rules.register(
    "supervision.campaign.town_lists",
    [
        {"code": "liaison", "label": "监督联络", "source": ""},
        {"code": "inspection", "label": "调研视察", "source": "activities"},
        {"code": "suggestion", "label": "建议意见", "source": "suggestions"},
        {"code": "case", "label": "典型事例", "source": ""},
        {"code": "summary", "label": "统计总结", "source": "figures"},
    ],
    "The lists each town keeps in a campaign (code, label, and the records a list also shows: activities, suggestions, figures)",
)
CHECKLIST = rules.register(
    "supervision.campaign.checklist",
    [
        {"code": "research", "label": "一次调研"},
        {"code": "study", "label": "一次学习"},
        {"code": "unannounced", "label": "一次暗访"},
        {"code": "forum", "label": "一次座谈"},
        {"code": "reception", "label": "一次接访"},
    ],
    "The checklist of a campaign per town and unit (五个一): code and label of each item",
)


RECTIFICATION_ESCALATION = escalation.register_ladder(
    "supervision.rectification_escalation", "Reminders before a problem of an evaluation is to be rectified and escalation after",
    due_soon=(-7, "unit"), overdue=(1, "unit"), escalated=(30, "unit office supervising_leader"),
    who="unit (its clerks), office (the congress office), supervising_leader (the congress leaders)",
)

rule = rules.at  # a rule's value for a region (its subtree's override, else the installation's, else the default)
