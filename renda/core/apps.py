from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import auth, exports, housekeeping, kept, lookups, rules, sms  # noqa: F401 - the user-cache signal, core's daily jobs and rules, SMS, exports, kept figures

        lookups.register()  # many ids in one array parameter on PostgreSQL
