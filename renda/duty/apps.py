from django.utils.translation import gettext_lazy as _

from renda.core import registry


class DutyConfig(registry.RendaAppConfig):
    name = "renda.duty"
    label = "duty"
    verbose_name = _("Deputies' duty")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules",)
    archive = "archive"
    todo = "todo"
