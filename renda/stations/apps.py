from django.utils.translation import gettext_lazy as _

from renda.core import registry


class StationsConfig(registry.RendaAppConfig):
    name = "renda.stations"
    label = "stations"
    verbose_name = _("Liaison stations")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules", "jobs", "choices", "kept", "visits")
    opendata = "opendata"
    archive = "archive"
    todo = "todo"
