"""The suggestions' items on a deputy's to-do list: co-sign requests waiting for their answer, and answers waiting
for the deputy's feedback (satisfied or not)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.todo import Item
from renda.org.models import Role
from renda.org.scoping import Scope

from .lifecycles import COSIGNER, SUGGESTION
from .models import CoSigner, Suggestion


def items(scope: Scope) -> list[Item]:
    if Role.DEPUTY not in scope.roles or scope.person_id is None:
        return []
    out = []
    requests = (
        CoSigner.objects.filter(
            person_id=scope.person_id,
            status__in=COSIGNER.group("invited"),
            suggestion__state__in=SUGGESTION.group("cosignable"),
        )
        .select_related("suggestion", "suggestion__author_person")
        .order_by("suggestion_id")
    )
    for c in requests:
        s = c.suggestion
        title = _("%(name)s asks you to co-sign: %(title)s") % {"name": s.author_person.name, "title": s.title}
        out.append(Item("suggestions.cosign", title, reverse("suggestions:detail", args=[s.pk])))
    awaiting = Suggestion.objects.filter(
        author_person_id=scope.person_id, state__in=SUGGESTION.transition("close").sources
    ).order_by("answer_due", "pk")
    for s in awaiting:
        out.append(Item("suggestions.feedback", _("Answered, waiting for your feedback: %(title)s") % {"title": s.title},
                        reverse("suggestions:detail", args=[s.pk]), severity="warning"))  # fmt: skip
    return out
