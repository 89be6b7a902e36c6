"""The archive's sources: every app's declared contribution (`archive = "archive"` on its AppConfig, see
`renda.core.archive`), asked in INSTALLED_APPS order. Nothing here knows which apps exist."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from types import ModuleType

from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, entry_of
from renda.core.lifecycle import Label
from renda.core.registry import archive_sources
from renda.org.models import Deputy

#: labels of kinds whose source declares none (a contribution may give entries as plain mappings)
FALLBACK_LABELS: dict[str, Label] = {"supervision": _("Took part in supervision (inspection, research, law check)")}


def modules() -> list[ModuleType]:
    return list(archive_sources())


def kind_labels() -> dict[str, str]:
    labels: dict[str, Label] = dict(FALLBACK_LABELS)
    for module in modules():
        labels.update(getattr(module, "KINDS", {}))
    return {kind: str(label) for kind, label in labels.items()}


def label_of(kind: str, labels: dict[str, str] | None = None) -> str:
    return (labels if labels is not None else kind_labels()).get(kind, kind)


def _sorted(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date, e.kind, e.title))


def entries(deputy: Deputy, year: int) -> list[Entry]:
    """One deputy's (one mandate's) entries of a calendar year, from every source, in date order."""
    return _sorted(entry_of(e) for module in modules() for e in module.entries(deputy, year))


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    """For many deputies at once: each source's grouped counts, or its entries deputy by deputy where it has no
    `counts` (public: only the entries of published records)."""
    out: KindCounts = {d.pk: Counter() for d in deputies}
    for module in modules():
        if hasattr(module, "counts"):
            for deputy_id, counter in module.counts(deputies, year, public=public).items():
                if deputy_id in out:
                    out[deputy_id].update(counter)
            continue
        for deputy in {d.pk: d for d in deputies}.values():
            found = (entry_of(e) for e in module.entries(deputy, year))
            out[deputy.pk].update(e.kind for e in found if e.is_public or not public)
    return out
