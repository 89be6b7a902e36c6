"""The shell every list page shares: read the filters from the query string, show a refused action, and answer
either one page of rows or the whole filtered list as Excel.

    def opinion_list(request):
        scope = scope_for(request.user)
        rows = selectors.opinion_list(scope=scope, filters=…)
        return list_or_export(
            request, rows, template="opinions/list.html", context={…},
            export=Export(_("opinions"), EXPORT_HEADERS, export_rows), large=True,
        )
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import exports
from .errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .pages import download
from .paging import LargePaginator
from .xlsx import XLSX_TYPE
from .xlsx_stream import write_xlsx

# The largest id or page number a filter accepts: beyond a signed 64-bit integer every database refuses it.
MAX_ID = 2**63 - 1
# The last page number an API list accepts and the most rows a page gives: far beyond any real list, and the
# offset they make stays a small number for every database.
MAX_PAGE, MAX_PAGE_SIZE = 1_000_000, 200
MIN_YEAR, MAX_YEAR = 1949, 2200


def query_params(request: HttpRequest, drop: Iterable[str] = ("page", "export")) -> dict[str, str]:
    """The list's filters as given (without the page and the export switch), for links that keep them."""
    dropped = set(drop)
    return {k: str(v) for k, v in request.GET.items() if k not in dropped and v}


def fail(request: HttpRequest, exc: ValidationError) -> None:
    """Show why an action was refused, on the page the user returns to."""
    messages.error(request, " ".join(exc.messages))


def int_param(value: object, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """An integer filter, or None when it is absent, not a number or out of range (never a database error)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None


# The largest count a paper tally accepts (votes, ballots, a rank): more than any congress has members.
MAX_COUNT = 100_000
MAX_SMALL_COUNT = 32_767  # a small-integer column's largest value


def count_param(value: object) -> int:
    """A count typed into a tally form: 0 when empty, DomainError unless 0 … MAX_COUNT in ASCII digits."""
    number = int_param(str(value if value is not None else "").strip() or "0", high=MAX_COUNT)
    if number is None:
        raise DomainError(_("Counts must be whole numbers."), code="invalid_count")
    return number


def year_param(value: object) -> int | None:
    return int_param(value, low=MIN_YEAR, high=MAX_YEAR)


def date_param(value: object) -> datetime.date | None:
    """A date filter (YYYY-MM-DD) within the years the platform knows, or None."""
    try:
        day = datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


@dataclass(frozen=True)
class Export:
    """The Excel form of a list: file name (without .xlsx), header row, and a function from rows to cells."""

    name: str
    headers: Sequence[StrOrPromise]
    rows: Callable[[Any], Iterable[Sequence[Any]]]


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def paginate(
    request: HttpRequest, rows: Any, *, per_page: int | None = None, large: bool = False, count: int | None = None, **kwargs: Any
) -> Page:
    """One page of rows; `large` lists (hundreds of thousands of rows) use capped counts and ids first. `count`: the
    rows' number when the page has already counted them (its totals row), so the paginator does not count again."""
    size = per_page or settings.RENDA_PAGE_SIZE
    paginator = LargePaginator(rows, size, **kwargs) if large else Paginator(rows, size)
    if count is not None:
        paginator.__dict__["count"] = count  # the cached property's value
    return paginator.get_page(request.GET.get("page"))


def list_or_export(
    request: HttpRequest,
    rows: Any,
    *,
    template: str,
    context: dict[str, Any] | None = None,
    export: Export | None = None,
    per_page: int | None = None,
    large: bool = False,
    status: int = 200,
    count: int | None = None,
    **paginator_kwargs: Any,
) -> HttpResponse:
    """The whole filtered list as Excel when asked (`?export=xlsx`), otherwise the page with `page` and `query`.

    An export of more rows than the rule `core.export_inline_rows` is queued for the task worker (`core.exports`):
    the page answers at once and the requester is told when the file is ready; a replay of this view in the worker
    (or the API's probe) hands the rows to the request's sink."""
    sink = exports.sink_of(request)
    if sink is not None and export is not None:
        return sink.take(export.name, export.headers, export.rows(rows), rows)
    if export is not None and wants_export(request):
        return _export(request, rows, export)
    page = paginate(request, rows, per_page=per_page, large=large, count=count, **paginator_kwargs)
    query = query_params(request)
    data = {
        "page": page,
        "query": urlencode(query),  # the filters, for the pager's links
        "export_query": urlencode({**query, "export": "xlsx"}),  # the same list as Excel
        **(context or {}),
    }
    return render(request, template, data, status=status)


def _export(request: HttpRequest, rows: Any, export: Export) -> HttpResponse:
    """The list as Excel now, or queued for the worker when it is longer than the rule allows in a request."""
    limit = exports.inline_rows()
    count = exports.capped_count(rows, limit + 1)
    if count <= limit or not request.user.is_authenticated:  # a public list has nobody to tell: written now
        buffer = io.BytesIO()
        write_xlsx(buffer, export.headers, export.rows(rows), sheet_title=export.name)
        return download(buffer.getvalue(), export.name + ".xlsx", XLSX_TYPE)
    try:
        exports.export_queue(actor=request.user, path=request.path, filters=query_params(request), name=export.name, rows=count)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, _("The file is being written; you will be notified when it is ready."))
    return redirect("core:export_list")
