from django.utils.translation import gettext_lazy as _

from renda.core import registry


class MeetingsConfig(registry.RendaAppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules", "jobs", "choices")
    opendata = "opendata"
    archive = "archive"
    todo = "todo"
