"""The reason a person gives for an audited action: a review decision, a reveal of personal data, an
export with whole personal data.

A reason is words a person would write: at least 2 Chinese characters ("同意", "核对") or 4 letters
("okay"), counting a Han character as two letters and nothing else (spaces, punctuation, digits,
symbols) at all. "x", "。。。" or "1111" is no reason.
"""

import re
import unicodedata

from liangxin.core.text import UNPRINTABLE

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
MIN_WEIGHT = 4  # 2 Chinese characters or 4 letters
TOO_SHORT = "过于简短，请写明具体理由（至少 2 个汉字或 4 个字母）"


def _weight(text: str) -> int:
    """A Han character counts two, another letter one, anything else nothing."""
    return sum(2 if HAN.match(c) else 1 for c in text if unicodedata.category(c).startswith("L"))


def problem(reason: str | None) -> str | None:
    """What is wrong with the reason, in Chinese (to follow "理由" or the action's name), or None."""
    text = (reason or "").strip()
    if not text:
        return "须填写理由"
    if UNPRINTABLE.search(text):
        return "理由含有不可见的控制字符，请重新输入"
    if _weight(text) < MIN_WEIGHT:
        return f"理由{TOO_SHORT}"
    return None
