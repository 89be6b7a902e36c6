"""What each app contributes to the platform, declared in one place: its AppConfig.

    class MeetingsConfig(RendaAppConfig):
        name = "renda.meetings"
        nav = "permissions.nav"            # (scope) -> [(key, label, url)], the module's navigation
        headline = "headline"              # module with figures(scope, period) and optionally latest(scope)
        demo = "demo.build"                # (context) -> None, the app's part of the demo district
        registers = ("rules", "jobs")      # modules whose import registers rules and daily jobs

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

    def ready(self) -> None:
        for module in self.registers:
            import_module(f"{self.name}.{module}")

    def contribution(self, kind: str) -> Any:
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


def nav_entries(scope: S, table: Iterable[tuple[Callable[[S], bool], str, L, str]]) -> list[tuple[str, L, str]]:
    """An app's navigation (its `nav(scope)`) from its table of (rule, key, label, URL name): the (key, label, URL) of
    each entry whose rule lets the scope open it, in the table's order."""
    return [(key, label, reverse(url_name)) for may, key, label, url_name in table if may(scope)]


def headline_modules() -> Iterator[ModuleType]:
    return contributions("headline")


def demo_builders() -> Iterator[Callable[[Any], None]]:
    return contributions("demo")
