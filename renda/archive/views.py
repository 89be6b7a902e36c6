"""Thin views of the duty archive: read through selectors, write through services, rules from permissions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core import listing
from renda.core.errors import DomainError, NotPermitted
from renda.core.pages import download
from renda.core.requests import AuthedRequest
from renda.org.scoping import record_found, scope_allowed, scope_for

from . import card, permissions, selectors, services, sources
from .lifecycles import SCHEME
from .scoring import GRADES


def _year(request: HttpRequest, default: int) -> int:
    return listing.year_param(request.GET.get("year")) or default


def _congress(request: HttpRequest) -> int | None:
    return listing.int_param(request.GET.get("congress"))


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """A deputy's own archive: their serving mandate (the district one first)."""
    scope = scope_for(request.user)
    mandates = selectors.own_mandates(scope=scope)
    if not mandates:
        raise NotPermitted()
    query = f"?{urlencode({'year': request.GET['year']})}" if listing.year_param(request.GET.get("year")) else ""
    return redirect(f"{_archive_url(mandates[0].pk)}{query}")


def _archive_url(pk: int) -> str:
    return reverse("archive:deputy", args=[pk])


@login_required
def deputy(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, target = record_found(request.user, selectors.deputy_get, pk)
    years = selectors.mandate_years(target)
    year = _year(request, years[-1])
    archive = selectors.archive_of(target, year)
    own = scope.person_id is not None and target.person_id == scope.person_id
    others = [m for m in selectors.own_mandates(scope=scope) if m.pk != target.pk] if own else []
    return render(
        request,
        "archive/deputy.html",
        {"archive": archive, "deputy": target, "year": year, "years": years, "own": own, "other_mandates": others,
         "current_year": timezone.localdate().year},
    )  # fmt: skip


def _card(request: AuthedRequest, pk: int) -> selectors.Archive:
    scope, target = record_found(request.user, selectors.deputy_get, pk)
    return selectors.archive_of(target, _year(request, selectors.default_year(target)))


def _filename(archive: selectors.Archive, ext: str) -> str:
    return f"履职档案-{archive.deputy.person.name}-{archive.year}.{ext}"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = download(data, filename, content_type)
    response["Cache-Control"] = "private, no-store"  # a deputy's personal card
    return response


@login_required
def card_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    archive = _card(request, pk)
    return _download(card.docx_bytes(archive), card.DOCX_TYPE, _filename(archive, "docx"))


@login_required
def card_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    archive = _card(request, pk)
    return _download(card.pdf_bytes(archive), card.PDF_TYPE, _filename(archive, "pdf"))


def public(request: HttpRequest, pk: int) -> HttpResponse:
    """The public report card: published records only, each figure beside the congress's median (no login)."""
    target = selectors.public_deputy_get(pk=pk)
    years = selectors.mandate_years(target)
    year = _year(request, years[-1])
    return render(request, "archive/public.html", {"card": selectors.public_card(pk=pk, year=year), "years": years, "year": year})


# --- staff lists --------------------------------------------------------------------------------------------------
def _lists(request: AuthedRequest) -> tuple[Any, dict[str, Any]]:
    """The caller's scope and the filters of a staff list (congress, year), for those who may see the lists (403)."""
    scope = scope_allowed(request.user, permissions.can_view_lists)
    return scope, _list_context(request, scope)


def _list_context(request: HttpRequest, scope: Any, default_year: int | None = None) -> dict[str, Any]:
    congress = selectors.congress_get(scope=scope, pk=_congress(request))
    year = _year(request, default_year or timezone.localdate().year)
    return {"congress": congress, "year": year, "congresses": selectors.congresses_for(scope=scope), "grades": GRADES}


SCORE_HEADERS = ["姓名", "所属人大", "所在区域", "年度", "履职积分", "等次", "状态"]


def _score_rows(year: int) -> Callable[[Any], Iterator[tuple[Any, ...]]]:
    def rows(items: Any) -> Iterator[tuple[Any, ...]]:
        for r in items:
            yield (r.deputy.person.name, r.deputy.congress.name, r.deputy.region.name, year, r.score, r.grade_label,
                   r.deputy.get_status_display())  # fmt: skip

    return rows


@login_required
def scores(request: AuthedRequest) -> HttpResponse:
    scope, context = _lists(request)
    scheme, rows = selectors.year_scores(scope=scope, congress=context["congress"], year=context["year"])
    grade = request.GET.get("grade") or ""
    if grade in GRADES:
        rows = [r for r in rows if r.grade == grade]
    for r in rows:
        r.deputy.congress = context["congress"]  # the list's congress (no query per row)
    return listing.list_or_export(
        request,
        rows,
        template="archive/scores.html",
        context={**context, "scheme": scheme, "grade": grade, "scheme_row": scheme.row},
        export=listing.Export(_("duty scores"), SCORE_HEADERS, _score_rows(context["year"])),
        per_page=100,
    )


@login_required
def excellent(request: AuthedRequest) -> HttpResponse:
    scope, context = _lists(request)
    scheme, rows, places = selectors.excellent(scope=scope, congress=context["congress"], year=context["year"])
    return render(request, "archive/excellent.html", {**context, "scheme": scheme, "rows": rows, "places": places})


@login_required
def reelection(request: AuthedRequest) -> HttpResponse:
    scope, context = _lists(request)
    term, years, rows = selectors.reelection(scope=scope, congress=context["congress"], year=context["year"])
    for row in rows:
        row.cells = [(y, row.grades.get(y), row.scores.get(y)) for y in years]  # type: ignore[attr-defined]
    return render(request, "archive/reelection.html", {**context, "term": term, "years": years, "rows": rows})


# --- scoring schemes ----------------------------------------------------------------------------------------------
@login_required
def schemes(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    error = ""
    if request.method == "POST":
        if not permissions.can_manage_schemes(scope):
            raise NotPermitted()
        congress = selectors.congress_get(scope=scope, pk=listing.int_param(request.POST.get("congress")))
        year = listing.year_param(request.POST.get("year"))
        try:
            if year is None:
                raise DomainError(_("Choose a year between %(low)d and %(high)d.") % {"low": listing.MIN_YEAR, "high": listing.MAX_YEAR})
            row = services.scheme_open(actor=request.user, scope=scope, congress=congress, year=year)
        except DomainError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("archive:scheme_detail", pk=row.pk)
    rows = selectors.scheme_list(scope=scope, congress=_congress(request))
    return render(
        request,
        "archive/schemes.html",
        {"rows": rows, "congresses": selectors.congresses_for(scope=scope), "error": error,
         "can_manage": permissions.can_manage_schemes(scope), "this_year": timezone.localdate().year},
        status=400 if error else 200,
    )  # fmt: skip


def _scheme_page(request: AuthedRequest, scope: Any, row: Any, error: str = "", status: int = 200) -> HttpResponse:
    labels = sources.kind_labels()
    kinds = sorted(set(labels) | set(row.points) | set(row.caps), key=lambda k: labels.get(k, k))
    table = [(k, labels.get(k, k), row.points.get(k, 0), row.caps.get(k, "")) for k in kinds]
    return render(
        request,
        "archive/scheme_detail.html",
        {"row": row, "table": table, "actions": {a.action: a for a in SCHEME.available(row, scope)},
         "editable": SCHEME.in_group(row, "editable") and permissions.can_manage_scheme(scope, row), "error": error},
        status=status,
    )  # fmt: skip


@login_required
def scheme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, row = record_found(request.user, selectors.scheme_get, pk)
    if request.method != "POST":
        return _scheme_page(request, scope, row)
    if not permissions.can_manage_scheme(scope, row):
        raise NotPermitted()
    post = request.POST
    try:
        kinds = post.getlist("kind")
        points = {k: post.get(f"points_{k}") or 0 for k in kinds}
        caps = {k: post.get(f"cap_{k}") for k in kinds if (post.get(f"cap_{k}") or "").strip()}
        numbers = {}
        for name in ("base", "maximum", "good_from", "fair_from"):
            value = listing.int_param(post.get(name), low=0, high=services.MAX_POINTS)
            if value is None:
                raise DomainError(_("Give whole numbers for the base, the full score and the bands."))
            numbers[name] = value
        services.scheme_update(actor=request.user, scope=scope, scheme=row, points=points, caps=caps, **numbers)
    except DomainError as exc:
        return _scheme_page(request, scope, row, " ".join(exc.messages), status=400)
    messages.success(request, _("Saved."))
    return redirect("archive:scheme_detail", pk=row.pk)


@login_required
@require_POST
def scheme_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    scope, row = record_found(request.user, selectors.scheme_get, pk)
    if action != "freeze":
        raise NotPermitted(hide=True)
    try:
        services.scheme_freeze(actor=request.user, scope=scope, scheme=row)
    except DomainError as exc:
        return _scheme_page(request, scope, row, " ".join(exc.messages), status=400)
    messages.success(request, _("Saved."))
    return redirect("archive:scheme_detail", pk=row.pk)

