"""Rules of the opinions workflow: categories, deadlines, limits. Defaults; overridden by `core.Rule` rows."""

from renda.core import escalation, limits, rules

CATEGORIES = rules.register(
    "opinions.categories",
    ["城乡建设", "交通出行", "教育", "医疗卫生", "生态环境", "社会保障", "农业农村", "社会治理", "其他"],
    "Categories a voter's opinion can be filed under",
)
ANSWER_DAYS = rules.register("opinions.answer_days", 15, "Days a handling unit has to answer a routed opinion")
ANSWER_DAYS_BY_CATEGORY = rules.register(
    "opinions.answer_days_by_category", {}, "Per-category answer deadlines in days (override opinions.answer_days)"
)
ESCALATION = escalation.register_ladder(
    "opinions.escalation", "Reminders before a unit's answer to a voter's opinion is due and escalation after",
    due_soon=(-3, "unit"), overdue=(1, "unit officer"), escalated=(10, "unit officer office supervising_leader"),
    who="unit (its clerks), officer (the station's liaison officer), office (the congress office or town staff over the "
    "station), supervising_leader (the congress leaders over the station)",
)
SOLVED_QUESTION_DAYS = rules.register(
    "opinions.solved_question_days", 28, "Days after the answer that a voter who has not said is asked whether it was solved"
)
CODE_MINUTES = rules.register("opinions.code_minutes", 10, "Minutes a one-time phone code stays valid")
CODE_RESEND_SECONDS = rules.register(
    "opinions.code_resend_seconds", 60, "Seconds the voter's form waits before it offers to send a code again"
)
CODE_ATTEMPTS = rules.register("opinions.code_attempts", 5, "Wrong tries after which a one-time code is void")
SMS_PER_PHONE_HOUR = rules.register("opinions.sms_per_phone_hour", 5, "Codes one phone number can be sent per hour")
SMS_PER_IP_HOUR = rules.register("opinions.sms_per_ip_hour", 20, "Codes one client address can request per hour")
TRACK_PER_IP_HOUR = rules.register("opinions.track_per_ip_hour", 30, "Unknown tracking codes one client address can try per hour")
SIMILAR_LIMIT = rules.register("opinions.similar_limit", 5, "Open look-alike opinions shown before an online submission")
ATTACHMENT_TYPES = rules.register(
    "opinions.attachment_types",
    ["jpg", "jpeg", "png", "gif", "webp", "pdf", "doc", "docx", "xls", "xlsx"],
    "File types (extensions) an opinion's attachments may have; each file is also checked to really be of its type",
)
ATTACHMENT_MAX_BYTES = rules.register(
    "opinions.attachment_max_bytes", 10 * 1024 * 1024, "Largest attachment of an opinion, in bytes"
)
ATTACHMENT_MAX_COUNT = rules.register("opinions.attachment_max_count", 5, "Most files attached to one opinion")
ATTACHMENT_MAX_PIXELS = rules.register(
    "opinions.attachment_max_pixels",
    40_000_000,
    "Most pixels (width × height) of an attached image; larger images (and decompression bombs) are refused",
)

# Longest texts (issue #16): a voter's opinion, a unit's answer, a reason or note.
TEXT_MAX = limits.text("opinions.text", 2000, "an opinion's text")
ANSWER_MAX = limits.text("opinions.answer", 5000, "a unit's answer to an opinion")
REASON_MAX = limits.text("opinions.reason", 1000, "a reason or a note on an opinion")

# Personal data (issue #16, item 11): a closed opinion keeps the voter's name and phone this many days after closing;
# then the daily job `opinions.anonymise_contacts` blanks them (the text, the answer and the tracking code stay).
CONTACT_RETENTION_DAYS = rules.register(
    "opinions.contact_retention_days", 365, "Days after closing that a voter's name and phone are kept on an opinion"
)
