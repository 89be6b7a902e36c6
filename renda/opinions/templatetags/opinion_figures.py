"""The station figures table's body, written in one pass: a province's report has a row per town and per station
(1,300 + 1,300 rows, 8 cells each with their links); the same markup through the template language took about
half a second of the page (a `{% url %}` and a localisation per cell), this about a twentieth of it.

    {% load opinion_figures %}<tbody>{% figures_rows report period opinions_url %}</tbody>
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from renda.stations.figures import Report

register = template.Library()

_BAR = '<span class="cbar" aria-hidden="true"><span style="width:{}%"></span></span>'
_TOWN = (
    '<tr class="group"><th><a href="?{period}&town={key}">{name}</a></th>\n'
    '    <th>{bar_visits}<a href="{activities}?{period}&town={key}">{visits}</a></th>'
    '<th>{bar_voters}<a href="{activities}?{period}&town={key}">{voters}</a></th>\n'
    '    <th>{bar_opinions}<a href="{opinions}?{period}&town={key}">{n_opinions}</a></th>'
    "<th>{on_time}</th><th>{solved}</th><th>{overdue}</th></tr>\n"
)
_STATION = (
    '    <tr><td><a href="{station}{key}/">{name}</a></td>\n'
    '      <td><a href="{activities}?{period}&station={key}">{visits}</a></td><td>{voters}</td>\n'
    '      <td><a href="{opinions}?{period}&station={key}">{n_opinions}</a></td>\n'
    '      <td><a href="{opinions}?{period}&station={key}&answered_on_time=true">{on_time}</a></td>\n'
    '      <td><a href="{opinions}?{period}&station={key}&solved=true">{solved}</a></td>\n'
    '      <td><a href="{opinions}?{period}&station={key}&overdue=on">{overdue}</a></td></tr>'
)


def _bar(value: int, largest: int) -> str:
    """`charts.bar` for integers (the same markup), without its escaping per call."""
    return _BAR.format(round(100 * value / largest) if largest else 0)


@register.simple_tag
def figures_rows(report: Report, period: str, opinions_url: str) -> SafeString:
    """Each town's row (its figures with bars against the total, linked to its records) and its stations' rows. The
    only text from records is the names, escaped; the rest are integers and the URLs' fixed parts (escaped once)."""
    links = {
        "period": escape(period),
        "activities": escape(reverse("stations:activity_list")),
        "opinions": escape(opinions_url),
        "station": escape(reverse("stations:station_detail", args=[0])[: -len("0/")]),
    }
    total = report.total.values
    out = []
    for t in report.towns:
        v = t.values
        bars = {
            "bar_visits": _bar(v["deputy_visits"], total["deputy_visits"]),
            "bar_voters": _bar(v["voters_received"], total["voters_received"]),
            "bar_opinions": _bar(v["opinions"], total["opinions"]),
        }
        out.append(_TOWN.format(key=int(t.key or 0), name=escape(t.name), **links, **bars, **_values(v)))
        out.append("\n".join(_STATION.format(key=int(r.key or 0), name=escape(r.name), **links, **_values(r.values)) for r in t.stations))
    return mark_safe("\n".join(out))  # noqa: S308 - the names and links escaped above, the rest integers


def _values(v: dict[str, int]) -> dict[str, int]:
    return {
        "visits": int(v["deputy_visits"]),
        "voters": int(v["voters_received"]),
        "n_opinions": int(v["opinions"]),
        "on_time": int(v["answered_on_time"]),
        "solved": int(v["solved"]),
        "overdue": int(v["overdue"]),
    }
