from django.utils.translation import gettext_lazy as _

from renda.core import registry


class SupervisionConfig(registry.RendaAppConfig):
    name = "renda.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules", "jobs")
    archive = "archive"
