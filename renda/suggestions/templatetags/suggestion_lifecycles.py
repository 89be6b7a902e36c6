"""Named groups of the suggestions workflow's lifecycles in templates, so no template spells a state out:

    {% load suggestion_lifecycles %}
    {% if s|in_group:"rehandling" %}…{% endif %}
"""

from __future__ import annotations

from typing import Any

from django import template

from ..lifecycles import ASSIGNMENT, COSIGNER, SUGGESTION
from ..models import Assignment, CoSigner, Suggestion

register = template.Library()

LIFECYCLES: dict[type, Any] = {Suggestion: SUGGESTION, Assignment: ASSIGNMENT, CoSigner: COSIGNER}


@register.filter
def in_group(obj: Any, group: str) -> bool:
    """Whether a suggestion, an assignment or a co-signer is in one of its lifecycle's named groups."""
    return bool(LIFECYCLES[type(obj)].in_group(obj, group))
