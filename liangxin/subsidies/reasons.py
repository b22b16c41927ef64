"""The reason a person gives for an audited action: a review decision, a reveal of personal data, an
export with whole personal data."""

import re

# line breaks are allowed in a reason; other control characters are not, and PostgreSQL cannot keep a
# NUL in text or JSON at all (it refused the write with an error page)
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def problem(reason: str | None) -> str | None:
    """What is wrong with the reason, in Chinese, or None."""
    text = (reason or "").strip()
    if not text:
        return "须填写理由"
    if UNPRINTABLE.search(text):
        return "理由含有不可见的控制字符，请重新输入"
    return None
