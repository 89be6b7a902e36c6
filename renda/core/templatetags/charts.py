"""Charts inside tables (issue #14): a figure's cell carries a bar scaled to its column's largest value, so the
table a screen reader reads is the chart a sighted reader looks at (the bar is aria-hidden), and every number
keeps its link to the records it counts. Server-rendered: no script, no CDN.

    {% load charts %}{% with top=fig.categories|top:"submitted" %}… {% bar c.submitted top %}{{ c.submitted }}"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


def _get(row: Any, key: str) -> Any:
    if isinstance(row, dict):
        return row.get(key)
    if isinstance(row, (list, tuple)) and key.isdigit():
        return row[int(key)]
    return getattr(row, key, None)


@register.filter
def top(rows: Iterable[Any], key: str) -> int:
    """The largest value of `key` (a dict key, an attribute, or a tuple index) over the rows."""
    values = [v for row in rows if isinstance(v := _get(row, str(key)), int | float)]
    return int(max(values, default=0))


@register.simple_tag
def bar(value: Any, largest: Any, css: str = "") -> str:
    """A bar for `value` out of `largest` (decorative: the number beside it is what is read)."""
    try:
        share = 100 * float(value or 0) / float(largest) if largest else 0.0
    except (TypeError, ValueError):
        share = 0.0
    return format_html(
        '<span class="cbar{}" aria-hidden="true"><span style="width:{}%"></span></span>', f" {css}" if css else "", round(share)
    )
