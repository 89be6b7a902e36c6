"""Paging over big lists (300,000 suggestions, 1,000,000 opinions) without counting the whole table on every page view.

`LargePaginator`:
- **count**: exact up to `exact_limit` rows, from a capped `SELECT COUNT(*) FROM (… LIMIT exact_limit + 1)`, so
  a narrow filter costs what it matches and a wide one stops early. Above the cap, on PostgreSQL, the planner's
  estimate of the filtered query (one `EXPLAIN`) is used and the page says "about N" (`is_estimate`); on other
  databases (SQLite: development and tests, small) the exact count is taken.
- **deep pages** (offset ≥ `deferred_offset`, default 1,000; pass 0 to always do it): the page's ids are read
  first (the scan skips the offset on the base table only — an index-only scan when a covering index holds the
  filtered columns), then the rows with their joins (`select_related`) for those ids alone — a deferred join
  instead of joining every skipped row.
- with an estimate, the real end of the list is where a page comes back short: `has_next` follows the rows.
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


def planner_estimate(qs: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of the rows the queryset returns (None on other databases)."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class LargePage(Page):
    def has_next(self) -> bool:
        paginator = cast(LargePaginator, self.paginator)
        if paginator.is_estimate and len(self.object_list) < paginator.per_page:
            return False
        return super().has_next()


class LargePaginator(Paginator):
    exact_limit = 10_000
    deferred_offset = 1_000

    def __init__(self, object_list: Any, per_page: int, *, deferred_offset: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._is_estimate = False
        if deferred_offset is not None:
            self.deferred_offset = deferred_offset

    @property
    def is_estimate(self) -> bool:
        """Whether `count` is PostgreSQL's estimate (shown as "about N")."""
        self.count  # noqa: B018 - counting decides it
        return self._is_estimate

    @cached_property
    def count(self) -> int:
        qs: Any = self.object_list
        capped: int = qs.order_by().values("pk")[: self.exact_limit + 1].count()
        if capped <= self.exact_limit:
            return capped
        estimate = planner_estimate(qs)
        if estimate is None:
            return int(qs.count())
        self._is_estimate = True
        return max(estimate, capped)

    @cached_property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    def page(self, number: Any) -> LargePage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        qs: Any = self.object_list
        if self.count == 0:
            rows = []  # as Django's paginator: an empty list needs no query for its rows
        elif bottom >= self.deferred_offset:
            ids = list(qs.values_list("pk", flat=True)[bottom:top])
            by_id = {obj.pk: obj for obj in qs.filter(pk__in=ids)} if ids else {}
            rows = [by_id[pk] for pk in ids if pk in by_id]
        else:
            rows = list(qs[bottom:top])
        return LargePage(rows, number, self)

    def get_page(self, number: Any) -> LargePage:
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = self.num_pages
        return self.page(number)
