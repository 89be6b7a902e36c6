from django.utils.translation import gettext_lazy as _

from renda.core import registry


class OrgConfig(registry.RendaAppConfig):
    name = "renda.org"
    label = "org"
    verbose_name = _("Organisation")
    nav = "permissions.nav"
    registers = ("rules", "choices")
