"""Template helpers shared by every app."""

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def fast_select(field: BoundField) -> SafeString:
    """A <select> for a choice field, rendered in Python in one pass (Django's widget renders each <option>
    through its own template, which dominates a filter form with a few hundred options)."""
    current = field.value()
    current = {str(v) for v in current} if isinstance(current, list | tuple) else {"" if current is None else str(current)}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) in current else "", label) for value, label in getattr(field.field, "choices", ())),
    )
    return format_html('<select name="{}" id="{}">{}</select>', field.html_name, field.auto_id, options)
