from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "renda.projects"
    label = "projects"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from . import jobs, rules  # noqa: F401 - register rules and daily jobs
