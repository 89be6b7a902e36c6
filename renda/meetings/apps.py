from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import jobs, rules  # noqa: F401 - register rules and daily jobs
