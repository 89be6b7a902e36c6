"""Each app's declared contributions (navigation, headline, demo …) are found once per process: a dotted path to a
function is first tried as a module, and that failed import searched the file system on every page."""

from __future__ import annotations

from django.apps import apps

from renda.core import registry


def test_an_apps_contribution_is_found_once(monkeypatch):
    config = apps.get_app_config("stations")
    assert isinstance(config, registry.RendaAppConfig)
    nav = config.contribution("nav")
    assert callable(nav) and config.contribution("headline") is not None
    groups = list(registry.nav_groups())

    def refuse(name: str) -> None:
        raise AssertionError(f"imported {name} again")

    monkeypatch.setattr(registry, "import_module", refuse)
    monkeypatch.setattr(registry, "import_string", refuse)
    assert config.contribution("nav") is nav
    assert list(registry.nav_groups()) == groups
