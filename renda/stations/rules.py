"""Rules of the stations workflow (DOMAIN.md §5, liaison-station rhythm). Defaults; overridden by `core.Rule` rows."""

from renda.core import limits, rules

HOLIDAYS = rules.register(
    "stations.holidays",
    [
        "2017-01-01",
        "2017-01-02",
        "2017-01-27",
        "2017-01-28",
        "2017-01-29",
        "2017-01-30",
        "2017-01-31",
        "2017-02-01",
        "2017-02-02",
        "2017-04-02",
        "2017-04-03",
        "2017-04-04",
        "2017-05-01",
        "2017-05-28",
        "2017-05-29",
        "2017-05-30",
    ],
    "Public holidays (ISO dates): a reception day that falls on one moves to the next working day",
)
DUTY_NOTICE_DAYS = rules.register(
    "stations.duty_notice_days", 2, "Days before a reception day that the deputies on duty get their notice"
)
MOVE_WEEKENDS = rules.register(
    "stations.move_weekend_receptions", False, "Whether a reception day on a Saturday or Sunday moves to the Monday"
)
PHOTO_MAX_BYTES = rules.register(
    "stations.photo_max_bytes", 10 * 1024 * 1024, "Largest activity photo accepted, in bytes (the upload is refused above)"
)
PHOTO_MAX_PIXELS = rules.register(
    "stations.photo_max_pixels",
    40_000_000,
    "Most pixels (width × height) an activity photo may have; larger images (and decompression bombs) are refused",
)

# Longest texts (issue #16): opening rules, an activity plan, a reception's record.
TEXT_MAX = limits.text("stations.text", 5000, "a station's rules, plan or reception record")
