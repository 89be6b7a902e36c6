from django.utils.translation import gettext_lazy as _

from renda.core import registry


class OpinionsConfig(registry.RendaAppConfig):
    name = "renda.opinions"
    label = "opinions"
    verbose_name = _("Voter opinions")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules", "jobs", "sms", "kept")
    opendata = "opendata"
    archive = "archive"
    todo = "todo"
