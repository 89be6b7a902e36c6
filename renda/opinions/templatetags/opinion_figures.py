"""The station figures table's body, written in one pass: a province's report has a row per town and per station
(1,300 + 1,300 rows, 8 cells each with their links); the same markup through the template language took about
half a second of the page (a `{% url %}` and a localisation per cell), this about a twentieth of it.

    {% load opinion_figures %}<tbody>{% figures_rows report period opinions_url %}</tbody>
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from renda.core.templatetags.charts import bar
from renda.stations.figures import Report

register = template.Library()

_TOWN = (
    '<tr class="group"><th><a href="?{period}&town={key}">{name}</a></th>\n'
    '    <th>{bar_visits}<a href="{activities}?{period}&town={key}">{visits}</a></th>'
    '<th>{bar_voters}<a href="{activities}?{period}&town={key}">{voters}</a></th>\n'
    '    <th>{bar_opinions}<a href="{opinions}?{period}&town={key}">{n_opinions}</a></th>'
    "<th>{on_time}</th><th>{solved}</th><th>{overdue}</th></tr>\n"
)
_STATION = (
    '    <tr><td><a href="{station}">{name}</a></td>\n'
    '      <td><a href="{activities}?{period}&station={key}">{visits}</a></td><td>{voters}</td>\n'
    '      <td><a href="{opinions}?{period}&station={key}">{n_opinions}</a></td>\n'
    '      <td><a href="{opinions}?{period}&station={key}&answered_on_time=true">{on_time}</a></td>\n'
    '      <td><a href="{opinions}?{period}&station={key}&solved=true">{solved}</a></td>\n'
    '      <td><a href="{opinions}?{period}&station={key}&overdue=on">{overdue}</a></td></tr>'
)


@register.simple_tag
def figures_rows(report: Report, period: str, opinions_url: str) -> SafeString:
    """Each town's row (its figures with bars against the total, linked to its records) and its stations' rows."""
    activities = reverse("stations:activity_list")
    station_url = reverse("stations:station_detail", args=[0])[: -len("0/")]
    total = report.total.values
    out = []
    for t in report.towns:
        v = t.values
        out.append(
            format_html(
                _TOWN,
                period=period,
                key=t.key,
                name=t.name,
                activities=activities,
                opinions=opinions_url,
                bar_visits=bar(v["deputy_visits"], total["deputy_visits"]),
                bar_voters=bar(v["voters_received"], total["voters_received"]),
                bar_opinions=bar(v["opinions"], total["opinions"]),
                visits=v["deputy_visits"],
                voters=v["voters_received"],
                n_opinions=v["opinions"],
                on_time=v["answered_on_time"],
                solved=v["solved"],
                overdue=v["overdue"],
            )
        )
        out.append(
            format_html_join(
                "",
                _STATION,
                (
                    {
                        "station": f"{station_url}{r.key}/",
                        "period": period,
                        "key": r.key,
                        "name": r.name,
                        "activities": activities,
                        "opinions": opinions_url,
                        "visits": r.values["deputy_visits"],
                        "voters": r.values["voters_received"],
                        "n_opinions": r.values["opinions"],
                        "on_time": r.values["answered_on_time"],
                        "solved": r.values["solved"],
                        "overdue": r.values["overdue"],
                    }
                    for r in t.stations
                ),
            )
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every part above is format_html's escaped output
