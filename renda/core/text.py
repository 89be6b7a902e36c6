"""Chinese text helpers: pinyin keys for search and sort, ID-number checks, masking of personal data."""

import datetime
import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def pinyin_initials(text: str) -> str:
    """张三丰 → zsf (letters and digits kept as they are, lower case)."""
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()


def pinyin_full(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


def id_number_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_valid(value: str) -> bool:
    """A mainland resident ID number (GB 11643-1999): 18 characters, a real birth date, the right check digit."""
    value = (value or "").strip().upper()
    if not _ID_RE.match(value):
        return False
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return id_number_check_digit(value[:17]) == value[17]


def id_number_birth_date(value: str) -> datetime.date:
    return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def mask_phone(value: str) -> str:
    value = value or ""
    return value[:3] + "****" + value[-4:] if len(value) >= 11 else ("*" * len(value))


def mask_id_number(value: str) -> str:
    value = value or ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


_MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")


def normalise_phone(value: str) -> str | None:
    """A mainland mobile number as 11 ASCII digits, or None when it is not one.

    Full-width digits (１３８…) and other compatibility forms are folded to ASCII first (NFKC); spaces, hyphens and a
    +86 / 0086 prefix are dropped. Any other character, and digits of other scripts (Arabic-Indic ٣, Devanagari …),
    make the number invalid: they would otherwise pass as "digits" and give one phone several rate-limit counters."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    text = re.sub(r"[\s\-()]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not text.isascii() or not _MOBILE_RE.match(text):
        return None
    return text
