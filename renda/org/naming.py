"""Names a People's Congress office writes: numbers in Chinese (第九届, 第二次), the label of a term
("秀洲区第九届人民代表大会") and the titles of seats per kind of body (主任/副主任/委员, 主席/副主席, 主任委员…).

Term labels and meeting titles are proper names, written in Chinese whatever the interface language (as the
bodies' own names are); seat titles are translated labels, one per body kind.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (term and sitting numbers); 100 and above as digits."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def term_ordinal(number: int) -> str:
    """9 → 第九届: the term as a user reads it on every page, table and export (never "9" or "第9届")."""
    return f"第{chinese_number(number)}届"


def parse_term_number(text: str) -> int | None:
    """How a sheet may write a term: "9", "9届", "第9届", "九", "第九届", "第十二届" → its number; None if unreadable."""
    value = text.strip().removeprefix("第").removesuffix("届").strip()
    if value.isdigit():
        return int(value)
    if not value or any(c not in CN_DIGITS[1:] + "十" for c in value) or value.count("十") > 1:
        return None
    if "十" not in value:
        return CN_DIGITS.index(value) if len(value) == 1 else None
    tens, _sep, ones = value.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)


def term_label(congress_name: str, number: int) -> str:
    """秀洲区人民代表大会, 9 → 秀洲区第九届人民代表大会 (the term's number goes before "人民代表大会")."""
    ordinal = term_ordinal(number)
    if "人民代表大会" in congress_name:
        return congress_name.replace("人民代表大会", f"{ordinal}人民代表大会", 1)
    return f"{congress_name}{ordinal}"


# Seat titles by kind of body (the Organic Law of Local People's Congresses): a county-level standing committee
# is 主任, 副主任 and 委员 (a 秘书长 only from the prefecture level up); its directors' meeting the 主任 and
# 副主任; a town presidium 主席, 副主席 and members; a special committee 主任委员, 副主任委员 and 委员; a working
# committee 主任, 副主任 and 委员; a session presidium its members (and, at a district congress, the session's
# 秘书长). The keys are the org.Membership.Role values; a role missing from a body's table is refused there.
SEAT_TITLES: dict[str, dict[str, str | Promise]] = {
    "standing_committee": {
        "director": _("director"),
        "deputy_director": _("deputy director"),
        "member": pgettext_lazy("standing committee", "member"),
    },
    "directors_meeting": {"director": _("director"), "deputy_director": _("deputy director")},
    "presidium": {
        "chair": pgettext_lazy("presidium", "chair"),
        "vice_chair": pgettext_lazy("presidium", "vice chair"),
        "member": pgettext_lazy("presidium", "member"),
    },
    "session_presidium": {
        "member": pgettext_lazy("presidium", "member"),
        "secretary_general": pgettext_lazy("congress session", "secretary-general"),
    },
    "special_committee": {
        "chair": _("chair"),
        "vice_chair": _("vice chair"),
        "member": pgettext_lazy("committee", "member"),
    },
    "working_committee": {
        "director": pgettext_lazy("working committee", "director"),
        "deputy_director": pgettext_lazy("working committee", "deputy director"),
        "member": pgettext_lazy("committee", "member"),
    },
    "subdistrict_committee": {
        "director": pgettext_lazy("working committee", "director"),
        "deputy_director": pgettext_lazy("working committee", "deputy director"),
        "member": pgettext_lazy("committee", "member"),
    },
}
