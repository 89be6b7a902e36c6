from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        from . import jobs, rules  # noqa: F401 - register the rules and the daily job
