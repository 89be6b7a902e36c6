"""The page's two steps: a file checked in a preview is kept (for the hours of the rule `ledgers.preview_keep_hours`) for its importer, who then commits it
without choosing it again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from renda.core.errors import NotPermitted
from renda.core.models import User
from renda.org.scoping import Scope

from .. import permissions
from ..models import Kind, Upload
from ..selectors import kept
from .run import Outcome, ledger_import_file


def ledger_preview(*, actor: User, scope: Scope, kind: str, data: bytes, file_name: str) -> tuple[Outcome, Upload | None]:
    """The file checked (nothing kept); when every row passes, it is kept for the commit."""
    if not permissions.can_import(scope):
        raise NotPermitted()
    outcome = ledger_import_file(actor=actor, scope=scope, kind=kind, data=data, file_name=file_name, commit=False)
    if not outcome.ok or not outcome.created:
        return outcome, None
    with transaction.atomic():
        Upload.objects.filter(at__lt=timezone.now() - kept()).delete()
        upload = Upload.objects.create(kind=Kind(kind), by=actor, file_name=file_name[:200], data=data)
    return outcome, upload


def ledger_commit(*, actor: User, scope: Scope, upload: Upload) -> Outcome:
    """The previewed file imported (checked again, in the same transaction); the kept copy dropped once it is in."""
    if upload.by_id != actor.pk:
        raise NotPermitted(hide=True)
    with transaction.atomic():
        outcome = ledger_import_file(
            actor=actor, scope=scope, kind=upload.kind, data=bytes(upload.data), file_name=upload.file_name, commit=True
        )
        if outcome.committed:
            upload.delete()
    return outcome
