"""The pages of the user's own exports: "my exports" (what was asked, its state, the file while it lasts) and the
download. The exports themselves are asked for on each list page (`core.listing.list_or_export`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from . import exports
from .errors import DomainError
from .lifecycles import EXPORT
from .listing import list_or_export
from .pages import download
from .requests import AuthedRequest
from .xlsx import XLSX_TYPE


@login_required
def export_list(request: AuthedRequest) -> HttpResponse:
    """The user's exports, newest first: queued, being written, ready (with its link until it expires), failed."""
    return list_or_export(
        request,
        exports.export_list(user=request.user),
        template="core/export_list.html",
        context={"groups": {name: EXPORT.group(name) for name in ("pending", "ready", "over")}, "now": timezone.now()},
        per_page=30,
    )


@login_required
def export_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """The file of one of the user's own exports (anyone else's is not found)."""
    try:
        export, data = exports.export_file(user=request.user, pk=pk)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:export_list")
    return download(data, exports.file_name(export), XLSX_TYPE)
