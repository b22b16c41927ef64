"""国民经济行业分类 (GB/T 4754-2017) codes: a 门类 letter, then 大类 (2 digits), 中类 (3) or 小类 (4), the
digits within the 门类's range of 大类. The whole table of names is not kept here: the unit's record
carries the name its registration gives, and the code is checked for its form and its 门类."""

import re

from liangxin.core.errors import Invalid

# 门类 → (its name, first 大类, last 大类)
SECTIONS = {
    "A": ("农、林、牧、渔业", 1, 5),
    "B": ("采矿业", 6, 12),
    "C": ("制造业", 13, 43),
    "D": ("电力、热力、燃气及水生产和供应业", 44, 46),
    "E": ("建筑业", 47, 50),
    "F": ("批发和零售业", 51, 52),
    "G": ("交通运输、仓储和邮政业", 53, 60),
    "H": ("住宿和餐饮业", 61, 62),
    "I": ("信息传输、软件和信息技术服务业", 63, 65),
    "J": ("金融业", 66, 69),
    "K": ("房地产业", 70, 70),
    "L": ("租赁和商务服务业", 71, 72),
    "M": ("科学研究和技术服务业", 73, 75),
    "N": ("水利、环境和公共设施管理业", 76, 79),
    "O": ("居民服务、修理和其他服务业", 80, 82),
    "P": ("教育", 83, 83),
    "Q": ("卫生和社会工作", 84, 85),
    "R": ("文化、体育和娱乐业", 86, 90),
    "S": ("公共管理、社会保障和社会组织", 91, 97),
    "T": ("国际组织", 98, 98),
}
_FORM = re.compile(r"([A-T])([0-9]{2}(?:[0-9]{1,2})?)?")


class IndustryInvalid(Invalid):
    pass


def industry_code(value) -> str:
    """The code written as C3511 (a 门类 letter and up to four digits); a code given without its letter
    (3511) gets the letter of the 门类 its 大类 lies in."""
    text = "".join(str(value or "").split()).upper()
    if text[:1].isdigit():
        letter = section_of(int(text[:2])) if text[:2].isdigit() else None
        text = f"{letter}{text}" if letter else text
    match = _FORM.fullmatch(text)
    if not match:
        raise IndustryInvalid("行业代码应为门类字母加 2 至 4 位数字，如 C3511（GB/T 4754-2017）")
    if match[2]:
        _, first, last = SECTIONS[match[1]]
        major = int(match[2][:2])
        if not first <= major <= last:
            raise IndustryInvalid(
                f"行业代码 {text}：大类 {match[2][:2]} 不属于门类 {match[1]}（{SECTIONS[match[1]][0]}，"
                f"大类 {first:02d}–{last:02d}）"
            )
    return text


def section_of(major: int) -> str | None:
    return next((letter for letter, (_, first, last) in SECTIONS.items() if first <= major <= last), None)


def section_name(code: str) -> str:
    return SECTIONS[code[0]][0] if code and code[0] in SECTIONS else ""
