from django.utils.translation import gettext_lazy as _

from renda.core import registry


class SetupConfig(registry.RendaAppConfig):
    name = "renda.setup"
    label = "setup"
    verbose_name = _("Set-up")
    nav = "permissions.nav"
    registers = ("rules", "jobs")
    nav_group = "org"  # with the district's deputies, units, bodies and regions (the bar keeps ten modules)
    demo = "demo.build"
