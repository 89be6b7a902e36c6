"""Every write of the ledgers app: a past years' ledger (Excel file or API batch) checked row by row through the
workflows' own services, with the real times of the events (`at=`), then committed at once or not at all.

- `run`: the import itself (preview = the same run rolled back), its batch, entries and audit event;
- `activities`: a station activity row (the activity, its deputies' sign-ins, its record);
- `opinions`: a voter's opinion row with every step (registered, routed, returned, re-routed, answered, told, the
  voter's word);
- `template`: the Excel templates with their dropdowns;
- `uploads`: the page's preview keeps the checked file for its commit.
"""

from .run import Outcome, RowError, ledger_import, ledger_import_file
from .template import ledger_template
from .uploads import ledger_commit, ledger_preview

__all__ = [
    "Outcome",
    "RowError",
    "ledger_commit",
    "ledger_import",
    "ledger_import_file",
    "ledger_preview",
    "ledger_template",
]
