from django.utils.translation import gettext_lazy as _

from renda.core import registry


class DecisionsConfig(registry.RendaAppConfig):
    name = "renda.decisions"
    label = "decisions"
    verbose_name = _("Elections, appointments, bills and decisions")
    nav = "permissions.nav"
    nav_group = "meetings"
    demo = "demo.build"
    registers = ("rules",)
