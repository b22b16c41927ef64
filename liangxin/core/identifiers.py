"""Identifiers the platform checks before it stores anything: each function returns the normalised
value or raises IdentifierInvalid with a Chinese message naming what is wrong."""

import operator
import re
from datetime import date

from liangxin.core.errors import Invalid

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# GB 32100-2015: 统一社会信用代码 alphabet (no I, O, Z, S, V) and weights
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# ISO 3779 / GB 16735 VIN transliteration and position weights
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


_ID_FORM = re.compile(r"\d{17}[\dX]")
_MOBILE_FORM = re.compile(r"1[3-9]\d{9}")
_INVOICE_FORM = re.compile(r"\d{20}|\d{8}")
_ACCOUNT_FORM = re.compile(r"\d{8,30}")


class IdentifierInvalid(Invalid):
    pass


def _clean(value) -> str:
    return "".join(str(value or "").split()).upper()  # every kind of space removed, as \s+ would


def id_card(value) -> str:
    """居民身份证号: 18 characters, GB 11643 check digit, a real date of birth."""
    text = _clean(value)
    if not _ID_FORM.fullmatch(text):
        raise IdentifierInvalid("身份证号应为 18 位（前 17 位为数字，最后一位为数字或 X）")
    total = sum(map(operator.mul, map(int, text[:17]), _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != text[17]:
        raise IdentifierInvalid("身份证号校验位不正确")
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError as exc:
        raise IdentifierInvalid("身份证号中的出生日期无效") from exc
    return text


def credit_code(value) -> str:
    """统一社会信用代码: 18 characters, GB 32100 check character."""
    text = _clean(value)
    if len(text) != 18 or any(c not in _USCC_CHARS for c in text):
        raise IdentifierInvalid("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）")
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(text[:17], _USCC_WEIGHTS, strict=True))
    expected = _USCC_CHARS[(31 - total % 31) % 31]
    if text[17] != expected:
        raise IdentifierInvalid("统一社会信用代码校验位不正确")
    return text


def vin(value) -> str:
    """车辆识别代号: 17 characters without I, O, Q; position 9 is the check digit."""
    text = _clean(value)
    if len(text) != 17 or any(c not in _VIN_VALUES for c in text):
        raise IdentifierInvalid("车辆识别代号（VIN）应为 17 位字母或数字，且不含 I、O、Q")
    total = sum(_VIN_VALUES[c] * w for c, w in zip(text, _VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    if text[8] != check:
        raise IdentifierInvalid("车辆识别代号（VIN）第 9 位校验位不正确")
    return text


def mobile(value) -> str:
    text = _clean(value)
    if text.startswith("+86"):
        text = text[3:]
    if not _MOBILE_FORM.fullmatch(text):
        raise IdentifierInvalid("手机号应为 11 位数字，以 1 开头")
    return text


def invoice_number(value) -> str:
    """数电发票 20 digits; older paper or electronic invoices 8 digits (with a separate code)."""
    text = _clean(value)
    if not _INVOICE_FORM.fullmatch(text):
        raise IdentifierInvalid("发票号码应为 20 位（数电发票）或 8 位数字")
    return text


def mask_id_card(text: str) -> str:
    return f"{text[:4]}{'*' * 10}{text[-4:]}" if len(text) == 18 else "*" * len(text)


def mask_mobile(text: str) -> str:
    return f"{text[:3]}****{text[-4:]}" if len(text) == 11 else "*" * len(text)


def mask_account(text: str) -> str:
    """A card number (16 digits or more) keeps its bank's first six and its last four; a shorter account
    only its last four."""
    if len(text) >= 16:
        return f"{text[:6]}{'*' * (len(text) - 10)}{text[-4:]}"
    return f"{'*' * max(len(text) - 4, 0)}{text[-4:]}" if len(text) > 4 else "*" * len(text)


def mask_name(text: str) -> str:
    return text[:1] + "*" * (len(text) - 1) if text else ""


def bank_account(value) -> str:
    """收款账号: a bank card (16–19 digits) or an enterprise's settlement account (up to 30 digits)."""
    text = _clean(value).replace("-", "")
    if not _ACCOUNT_FORM.fullmatch(text):
        raise IdentifierInvalid("收款账号应为 8 至 30 位数字")
    return text
