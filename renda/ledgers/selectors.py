"""Reads of the ledgers app: the imports a scope may see, one import with its rows, a waiting file."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from renda.core import rules
from renda.core.errors import NotPermitted
from renda.core.models import User
from renda.org.scoping import Scope

from . import permissions
from .models import Batch, Entry, Upload
from .rules import PREVIEW_KEEP_HOURS


def kept() -> datetime.timedelta:
    """How long a previewed file waits for its commit (the rule `ledgers.preview_keep_hours`)."""
    return datetime.timedelta(hours=float(rules.value(PREVIEW_KEEP_HOURS.key)))


def batch_list(*, scope: Scope) -> QuerySet[Batch]:
    q = permissions.batch_q(scope)
    if q is None or not permissions.can_import(scope):
        raise NotPermitted()
    return Batch.objects.filter(q).select_related("by", "region").order_by("-at", "-pk")


def batch_get(*, scope: Scope, pk: int) -> Batch:
    batch = batch_list(scope=scope).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_entries(*, batch: Batch) -> QuerySet[Entry]:
    return batch.entries.select_related("region").order_by("row")


def upload_get(*, user: User, pk: int) -> Upload:
    """The user's own waiting file, while it is kept (another user's, or an older one, is answered as missing)."""
    upload = Upload.objects.filter(pk=pk, by=user, at__gte=timezone.now() - kept()).first()
    if upload is None:
        raise Http404
    return upload
