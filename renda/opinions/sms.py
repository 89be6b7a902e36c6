"""What the opinions workflow tells a voter by SMS (registered kinds: renda/core/sms, docs/sms.md)."""

from django.utils.translation import gettext_lazy as _

from renda.core import sms

RECEIVED = sms.register(
    "opinions.received",
    _("Your opinion was received. Tracking code: %(code)s"),
    ("code",),
    description="The voter's opinion was registered; the tracking code to follow it",
)
ANSWERED = sms.register(
    "opinions.answered",
    _("Your opinion %(code)s has been answered. Open the tracking page to read it and tell us whether it was solved."),
    ("code",),
    description="The voter's opinion has its answer",
)
SOLVED_QUESTION = sms.register(
    "opinions.solved_question",
    _("Was the problem in your opinion %(code)s solved? Tell us on the tracking page."),
    ("code",),
    description="Four weeks after the answer (a rule): was it solved?",
)
