"""What the suggestions workflow tells deputies by SMS (registered kinds: renda/core/sms, docs/sms.md)."""

from django.utils.translation import gettext_lazy as _

from renda.core import sms

ANSWERED = sms.register(
    "suggestions.answered",
    _("Suggestion %(number)s has been answered by %(unit)s; please give your feedback."),
    ("number", "unit"),
    description="The unit answered a suggestion: to the deputy and every co-signer",
)
