"""Rules of the deputies' duty workflows (DOMAIN.md §3.9, §5). Defaults; overridden by `core.Rule` rows per region."""

from __future__ import annotations

from renda.core import rules

EVIDENCE_TYPES = rules.register(
    "duty.evidence_types",
    ["jpg", "jpeg", "png", "webp", "pdf", "docx", "doc"],
    "Kinds of file (extensions) a deputy may attach as evidence of a self-reported activity",
)
EVIDENCE_MAX_BYTES = rules.register("duty.evidence_max_bytes", 10 * 1024 * 1024, "Largest evidence file accepted, in bytes")
EVIDENCE_MAX_COUNT = rules.register("duty.evidence_max_count", 6, "Most evidence files per self-reported activity")
EVIDENCE_MAX_PIXELS = rules.register(
    "duty.evidence_max_pixels", 40_000_000, "Most pixels (width × height) an evidence photo may have"
)
SELF_REPORT_MAX_AGE_DAYS = rules.register(
    "duty.self_report_max_age_days", 366, "How many days after an activity a deputy may still report it"
)
UPCOMING_DAYS = rules.register(
    "duty.todo_upcoming_days", 14, "How many days ahead the deputy's to-do list shows training and reports to voters"
)


value = rules.at  # a rule's value for a region (None: the installation's)
