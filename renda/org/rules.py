"""Rules of the deputies' register as data (overridable per region): the legal grounds on which a deputy's duties
are suspended (Deputies Law Art. 49) or the mandate ends (Art. 50), in the words of the law; the office picks one
and may add a note."""

from __future__ import annotations

from renda.core import rules

SUSPENSION_GROUNDS = rules.register(
    "org.deputy.suspension_grounds",
    [
        "因刑事案件被羁押正在受侦查、起诉、审判的",
        "被依法判处管制、拘役或者有期徒刑而没有附加剥夺政治权利，正在服刑的",
    ],
    "Legal grounds for suspending a deputy's duties (暂停执行代表职务), one text each",
)
TERMINATION_GROUNDS = rules.register(
    "org.deputy.termination_grounds",
    [
        "迁出或者调离本行政区域的",
        "辞职被接受的",
        "未经批准两次不出席本级人民代表大会会议的",
        "被罢免的",
        "丧失中华人民共和国国籍的",
        "依照法律被剥夺政治权利的",
        "丧失行为能力的",
    ],
    "Legal grounds on which a deputy's mandate ends (代表资格终止), one text each",
)


def grounds(key: str, region_path: str = "") -> list[str]:
    return [str(g) for g in rules.value(key, region_path=region_path)]
