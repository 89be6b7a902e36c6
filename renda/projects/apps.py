from django.utils.translation import gettext_lazy as _

from renda.core import registry


class ProjectsConfig(registry.RendaAppConfig):
    name = "renda.projects"
    label = "projects"
    verbose_name = _("Livelihood projects")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules", "jobs")
    opendata = "opendata"
    archive = "archive"
