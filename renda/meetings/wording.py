"""The words a People's Congress office uses for a body's members, said once per kind of body (issue #11 item 10):
代表 and 全体代表 at a congress session, 委员 and 全体组成人员 on the standing committee, 主席团成员 in a
presidium… Pages, results, minutes and refusals take them from here instead of one word for every body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.org.models import Body


@dataclass(frozen=True)
class Words:
    member: str | Promise  # one voting member: 代表, 委员, 主席团成员
    all_members: str | Promise  # the base: 全体代表, 全体组成人员
    present: str | Promise  # "members present": 出席代表
    sitting: str | Promise  # what a sitting of this body is called


CONGRESS = Words(_("deputy"), _("all deputies"), _("deputies present"), _("congress session"))
STANDING = Words(
    pgettext_lazy("standing committee", "member"), _("full membership"), _("members present"), _("standing committee meeting")
)
PRESIDIUM = Words(
    pgettext_lazy("presidium", "member"), _("all presidium members"), _("presidium members present"), _("presidium meeting")
)
DIRECTORS = Words(
    pgettext_lazy("directors' meeting", "member"),
    _("all members of the directors' meeting"),
    _("members present"),
    _("directors' meeting"),
)
COMMITTEE = Words(pgettext_lazy("committee", "member"), _("all committee members"), _("members present"), _("committee meeting"))

BY_KIND: dict[str, Words] = {
    Body.Kind.CONGRESS: CONGRESS,
    Body.Kind.STANDING_COMMITTEE: STANDING,
    Body.Kind.PRESIDIUM: PRESIDIUM,
    Body.Kind.SESSION_PRESIDIUM: PRESIDIUM,
    Body.Kind.DIRECTORS_MEETING: DIRECTORS,
}


def words_for(body_kind: str) -> Words:
    return BY_KIND.get(body_kind, COMMITTEE)


def words(body: Any) -> Words:
    return words_for(body.kind)


def fraction_label(rule: dict[str, Any]) -> str:
    """{"num": 2, "den": 3, "strict": false} → "two thirds or more"; {"num": 1, "den": 2, "strict": true} → "more
    than half"; any other fraction as "more than 3/4" / "3/4 or more"."""
    num, den, strict = int(rule["num"]), int(rule["den"]), bool(rule.get("strict"))
    if (num, den) == (1, 2):
        return str(_("more than half") if strict else _("half or more"))
    if (num, den) == (2, 3):
        return str(_("more than two thirds") if strict else _("two thirds or more"))
    fraction = f"{num}/{den}"
    return str((_("more than %(f)s") if strict else _("%(f)s or more")) % {"f": fraction})
