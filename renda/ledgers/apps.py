from django.utils.translation import gettext_lazy as _

from renda.core import registry


class LedgersConfig(registry.RendaAppConfig):
    name = "renda.ledgers"
    label = "ledgers"
    verbose_name = _("Past years' ledgers")
    nav = "permissions.nav"
    registers = ("rules", "jobs")
    nav_group = "org"  # with the district's set-up pages (deputies, units, bodies, regions): moving in
