"""Rules of elections, appointments, bills and major-matter decisions, as data (overridable per region).

- `decisions.election.extra.<post kind>`: how many more candidates than places (差额) an election needs:
  {"min_extra": n, "min_share": [num, den] | null, "max_share": [num, den] | null} — at least `min_extra` more, and
  when shares are given, between ⌈places·min⌉ and ⌊places·max⌋ more (the Organic Law's 1/10–1/5 for standing-
  committee members, the Election Law's 1/5–1/2 for deputies to the congress above).
- `decisions.election.poll_kind`: how sessions vote in elections (secret ballots, on paper by default).
- `decisions.bill.min_deputies.<level>`: deputies who must jointly sign a bill (10 at a district congress, 5 at
  a town congress).
- `decisions.number_format`: the number of a decision or resolution ({prefix}, {year}, {n}).
- `decisions.oath_text`: the constitutional oath read at an appointment.
"""

from __future__ import annotations

from typing import Any

from renda.core import rules

POST_KINDS = (
    "presidium_chair",
    "presidium_vice_chair",
    "presidium_member",
    "government_head",
    "government_deputy",
    "sc_director",
    "sc_deputy_director",
    "sc_member",
    "court_president",
    "chief_procurator",
    "supervisory_director",
    "higher_deputy",
    "other",
)
EXTRA_DEFAULTS: dict[str, dict[str, Any]] = {
    # 等额 allowed for the head of a body; one more candidate than places for the deputies (差额)
    "presidium_chair": {"min_extra": 0, "min_share": None, "max_share": None},
    "government_head": {"min_extra": 0, "min_share": None, "max_share": None},
    "sc_director": {"min_extra": 0, "min_share": None, "max_share": None},
    "court_president": {"min_extra": 0, "min_share": None, "max_share": None},
    "chief_procurator": {"min_extra": 0, "min_share": None, "max_share": None},
    "supervisory_director": {"min_extra": 0, "min_share": None, "max_share": None},
    "presidium_vice_chair": {"min_extra": 1, "min_share": None, "max_share": None},
    "government_deputy": {"min_extra": 1, "min_share": None, "max_share": None},
    "sc_deputy_director": {"min_extra": 1, "min_share": None, "max_share": None},
    "presidium_member": {"min_extra": 1, "min_share": None, "max_share": None},
    "sc_member": {"min_extra": 1, "min_share": [1, 10], "max_share": [1, 5]},
    "higher_deputy": {"min_extra": 1, "min_share": [1, 5], "max_share": [1, 2]},
    "other": {"min_extra": 0, "min_share": None, "max_share": None},
}
EXTRA = rules.register_each(
    "decisions.election.extra.{name}",
    {kind: EXTRA_DEFAULTS[kind] for kind in POST_KINDS},
    "More candidates than places (差额) in an election of {name}: "
    '{"min_extra": n, "min_share": [num, den] or null, "max_share": [num, den] or null}',
)
ELECTION_POLL_KIND = rules.register(
    "decisions.election.poll_kind", "paper", "How a session votes in an election (secret electronic or paper ballots)"
)
APPOINTMENT_POLL_KIND = rules.register(
    "decisions.appointment.poll_kind", "secret", "How the standing committee votes on appointments and removals"
)
DECISION_POLL_KIND = rules.register(
    "decisions.decision.poll_kind", "named", "How a major-matter decision or a bill is voted (named, secret, paper, hands)"
)
BILL_MIN_DEPUTIES = rules.register_each(
    "decisions.bill.min_deputies.{name}", {"district": 10, "town": 5}, "Deputies who must jointly sign a bill at a {name} congress"
)
NUMBER_FORMAT = rules.register(
    "decisions.number_format", "{prefix}〔{year}〕{n}号", "Number of a decision or resolution: {prefix}, {year}, {n}"
)
NUMBER_PREFIX = rules.register(
    "decisions.number_prefix", "秀人常决", "The prefix of a decision's number (文号), per deciding body's region"
)
OATH_TEXT = rules.register(
    "decisions.oath_text",
    "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，恪尽职守、廉洁奉公，"
    "接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！",
    "The text of the constitutional oath (宪法宣誓誓词)",
)
MATTER_CATEGORIES = rules.register(
    "decisions.matter_categories",
    [
        ["plan", "国民经济和社会发展计划"],
        ["budget", "预算"],
        ["investment", "政府性投资项目"],
        ["environment", "生态环境保护"],
        ["livelihood", "民生实事"],
        ["governance", "依法治区和自身建设"],
        ["other", "其他重大事项"],
    ],
    "Categories of major matters (重大事项) in the register: [code, label]",
)
REPORT_MONTHS = rules.register(
    "decisions.report_months",
    6,
    "Months after a major-matter decision within which the requesting unit reports how it was carried out",
)


def extra_rule(post_kind: str, region_path: str) -> dict[str, Any]:
    value: dict[str, Any] = rules.value(EXTRA[post_kind if post_kind in EXTRA else "other"].key, region_path=region_path)
    return value


def extra_bounds(rule: dict[str, Any], places: int) -> tuple[int, int | None]:
    """(fewest, most) more candidates than places; None: no upper bound."""
    low = int(rule.get("min_extra") or 0)
    high: int | None = None
    if rule.get("min_share"):
        num, den = rule["min_share"]
        low = max(low, -(-places * int(num) // int(den)))
    if rule.get("max_share"):
        num, den = rule["max_share"]
        high = max(low, places * int(num) // int(den))
    return low, high
