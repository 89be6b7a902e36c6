from django.utils.translation import gettext_lazy as _

from renda.core import registry


class SearchConfig(registry.RendaAppConfig):
    name = "renda.search"
    label = "search"
    verbose_name = _("Search")
