from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import auth  # noqa: F401 - connects the signal that drops a saved user's cache entry
