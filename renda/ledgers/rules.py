"""Rules of the ledgers app (core.rules: overridable per installation)."""

from renda.core import rules

PREVIEW_KEEP_HOURS = rules.register(
    "ledgers.preview_keep_hours",
    24,
    "Hours a previewed ledger file waits for its importer's commit before the daily job removes it",
)
