"""What each app contributes to the platform, declared in one place: its AppConfig.

    class MeetingsConfig(RendaAppConfig):
        name = "renda.meetings"
        nav = "permissions.nav"            # (scope) -> [(key, label, url)], the module's navigation
        headline = "headline"              # module with figures(scope, period) and optionally latest(scope)
        demo = "demo.build"                # (context) -> None, the app's part of the demo district
        registers = ("rules", "jobs")      # modules whose import registers rules and daily jobs
        opendata = "opendata"              # module with DATASETS, the app's public records (core/opendata.py)
        archive = "archive"                # module with entries(deputy, year): its part of a deputy's duty archive
        todo = "todo"                      # module with items(scope): what its user has to do (the home page)

Navigation, the work overview, `renda daily` and the demo read these declarations in INSTALLED_APPS order;
nothing is found by importing module names on speculation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from types import ModuleType
from typing import Any, TypeVar

from django.apps import AppConfig, apps
from django.urls import reverse
from django.utils.module_loading import import_string

S = TypeVar("S")
L = TypeVar("L")


class RendaAppConfig(AppConfig):
    # Apps subclass it as `registry.RendaAppConfig` (the module, not the class, imported into apps.py), so that
    # their apps.py holds one AppConfig class and Django picks it without `default = True`.
    nav: str | None = None
    headline: str | None = None
    demo: str | None = None
    registers: tuple[str, ...] = ()
    opendata: str | None = None
    archive: str | None = None
    todo: str | None = None
    # the label of the app whose bar entry this app's pages join (decisions under meetings, the archive under
    # duty): the bar stays one line of modules however many apps there are
    nav_group: str | None = None

    def ready(self) -> None:
        for module in self.registers:
            import_module(f"{self.name}.{module}")

    def contribution(self, kind: str) -> Any:
        """The module or callable this app declares for `kind`, found once: a dotted path to a function
        ("permissions.nav") is first tried as a module, and that failed import searches the file system, which
        cost every page about 1 ms per app (the navigation asks each app on every request)."""
        found = self.__dict__.setdefault("_contributions", {})
        if kind not in found:
            found[kind] = self._find_contribution(kind)
        return found[kind]

    def _find_contribution(self, kind: str) -> Any:
        path = getattr(self, kind, None)
        if not path:
            return None
        target = f"{self.name}.{path}"
        try:
            return import_module(target)
        except ModuleNotFoundError:
            return import_string(target)


def renda_apps() -> Iterator[RendaAppConfig]:
    for config in apps.get_app_configs():
        if isinstance(config, RendaAppConfig):
            yield config


def contributions(kind: str) -> Iterator[Any]:
    """Each app's declared contribution of this kind (a callable or a module), in INSTALLED_APPS order."""
    for config in renda_apps():
        item = config.contribution(kind)
        if item is not None:
            yield item


def nav_functions() -> Iterator[Callable[[Any], Any]]:
    return contributions("nav")


def nav_groups() -> Iterator[tuple[str, Callable[[Any], Any]]]:
    """(bar group, nav function) of each app, in INSTALLED_APPS order: the group is the app's label, or the label of
    the app it joins (`nav_group`)."""
    for config in renda_apps():
        item = config.contribution("nav")
        if item is not None:
            yield config.nav_group or config.label, item


def nav_entries(scope: S, table: Iterable[tuple[Callable[[S], bool], str, L, str]]) -> list[tuple[str, L, str]]:
    """An app's navigation (its `nav(scope)`) from its table of (rule, key, label, URL name): the (key, label, URL) of
    each entry whose rule lets the scope open it, in the table's order."""
    return [(key, label, reverse(url_name)) for may, key, label, url_name in table if may(scope)]


def headline_modules() -> Iterator[ModuleType]:
    return contributions("headline")


def demo_builders() -> Iterator[Callable[[Any], None]]:
    return contributions("demo")


def archive_sources() -> Iterator[ModuleType]:
    """Each app's part of a deputy's duty archive (`renda.core.archive`): modules with `entries(deputy, year)`,
    optionally `counts(deputies, year, public=False)` and `KINDS` (entry kinds and their labels)."""
    return contributions("archive")


def todo_sources() -> Iterator[ModuleType]:
    """Each app's to-do items (`renda.core.todo`): modules with `items(scope) -> list[Item]`."""
    return contributions("todo")
