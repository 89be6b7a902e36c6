from django.utils.translation import gettext_lazy as _

from renda.core import registry


class SuggestionsConfig(registry.RendaAppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")
    nav = "permissions.nav"
    headline = "headline"
    demo = "demo.build"
    registers = ("rules", "jobs", "sms", "kept")
    opendata = "opendata"
    archive = "archive"
    todo = "todo"
