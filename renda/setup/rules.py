"""Rules of the set-up app (core.rules: overridable per installation)."""

from renda.core import rules

PREVIEW_KEEP_HOURS = rules.register(
    "setup.preview_keep_hours",
    24,
    "Hours a previewed set-up sheet waits for its import to be confirmed before the daily job removes it",
)
