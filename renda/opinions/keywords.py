"""Keywords of an opinion's text (jieba with a small domain dictionary), for finding look-alike opinions."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

STOPWORDS = frozenset(
    [
        "我们",
        "你们",
        "他们",
        "这个",
        "那个",
        "希望",
        "建议",
        "问题",
        "反映",
        "要求",
        "能够",
        "可以",
        "没有",
        "一个",
        "现在",
        "目前",
        "情况",
        "进行",
        "相关",
        "希望政府",
        "尽快",
        "解决",
        "已经",
        "还是",
        "因为",
        "所以",
    ]
)


@functools.cache
def _jieba():
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    jieba.load_userdict(str(Path(__file__).with_name("userdict.txt")))
    return jieba.analyse


def keywords(text: str, top: int = 6) -> list[str]:
    analyse = _jieba()
    words = analyse.extract_tags(text or "", topK=top * 2)
    return [w for w in words if len(w) > 1 and w not in STOPWORDS and not w.isdigit()][:top]
