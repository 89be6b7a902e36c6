"""Rules of the duty archive (DOMAIN.md §5 "Duty records"): the default scoring scheme a new year's scheme starts
from when its congress has none of an earlier year, the rule that flags absences from congress sessions, and how
many of the best are proposed as excellent. Defaults; overridden per region by `core.Rule` rows."""

from __future__ import annotations

from renda.core import rules

DEFAULT_SCHEME = rules.register(
    "archive.default_scheme",
    {
        "base": 60,
        "maximum": 100,
        "good_from": 80,
        "fair_from": 60,
        "points": {
            "session_present": 10, "session_leave": 0, "session_absent": -15,
            "meeting_present": 4, "meeting_leave": 0, "meeting_absent": -4,
            "poll_voted": 1,
            "station_signin": 4, "station_missed": -2,
            "opinion_registered": 1,
            "suggestion_led": 5, "suggestion_cosigned": 2,
            "project_inspection": 3, "project_suggestion": 2,
            "supervision": 3,
            "group_activity": 3, "training": 3, "training_absent": -2,
            "voter_report": 8, "contact": 1, "self_reported": 2,
        },
        "caps": {
            "session_present": 20, "meeting_present": 12, "poll_voted": 5, "station_signin": 16, "station_missed": 6,
            "opinion_registered": 6, "suggestion_led": 15, "suggestion_cosigned": 6, "project_inspection": 6,
            "project_suggestion": 4, "supervision": 9, "group_activity": 9, "training": 6, "training_absent": 4,
            "voter_report": 8, "contact": 3, "self_reported": 8,
        },
    },
    "The scoring scheme a congress starts from: base points, full score, bands (good from, fair from), points per "
    "kind of archive entry and the most each kind may add or take (a year's own scheme overrides it)",
)  # fmt: skip
ABSENCE_FLAG = rules.register(
    "archive.absence_flag",
    {"kind": "session_absent", "count": 2},
    "Absences without leave from congress sessions within a term that flag a deputy (Deputies Law Art. 49: a deputy "
    "absent twice without approval loses the mandate)",
)
EXCELLENT_SHARE = rules.register(
    "archive.excellent_share", 0.1, "Share of a congress's serving deputies proposed as excellent (履职先进), from the best"
)
RESIGN_AFTER_POOR = rules.register(
    "archive.resign_after_poor_years", 2, "Consecutive years graded poor after which a deputy is advised to resign"
)

CARD_FONTS = rules.register(
    "archive.card_fonts",
    {"body": "Noto Serif CJK SC", "title": "Noto Sans CJK SC"},
    "East Asian fonts of the report card (Word and PDF), e.g. 仿宋_GB2312 and 方正小标宋简体 where installed",
)
FREEZE_AFTER_DAYS = rules.register(
    "archive.freeze_after_days",
    90,
    "Days after a year's end when its scoring scheme freezes by itself (the year's scores become final; corrections "
    "after that open the next year's scheme)",
)

value = rules.at  # a rule's value for a region (None: the installation's)
