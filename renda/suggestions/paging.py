"""Moved to `renda.core.paging` (shared by every large list); kept so existing imports keep working."""

from renda.core.paging import LargePage, LargePaginator, planner_estimate

__all__ = ["LargePage", "LargePaginator", "planner_estimate"]
