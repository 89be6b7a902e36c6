from django.utils.translation import gettext_lazy as _

from renda.core import registry


class ArchiveConfig(registry.RendaAppConfig):
    name = "renda.archive"
    label = "archive"
    verbose_name = _("Duty archive")
    nav = "permissions.nav"
    nav_group = "duty"
    demo = "demo.build"
    registers = ("rules", "jobs")
    todo = "todo"
