"""Free text a person types (a narrative, a note, a comment): what may be kept. Line breaks and tabs are
allowed; other control characters are not (PostgreSQL cannot keep a NUL, and Excel refuses the rest), and
each field has a length a person would write."""

import re

UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(text: str, limit: int) -> str | None:
    """What is wrong with the text, in Chinese, or None."""
    if UNPRINTABLE.search(text):
        return "含有不可见的控制字符，请删去后再保存"
    if len(text) > limit:
        return f"最多 {limit} 字，现有 {len(text)} 字"
    return None
