"""Identifiers the platform checks before it stores anything: each function returns the normalised
value or raises IdentifierInvalid with a Chinese message naming what is wrong."""

import functools
import operator
import re
import unicodedata
from datetime import date, datetime

from django.utils import timezone
from stdnum import numdb

from liangxin.core.errors import Invalid

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# GB 32100-2015: 统一社会信用代码 alphabet (no I, O, Z, S, V) and weights
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 32100 登记管理部门码 (position 1) and the 机构类别码 (position 2) each of them allows
_USCC_KINDS = {
    "1": "1239",  # 机构编制：机关、事业单位、中央编办直接管理机构编制的群众团体、其他
    "2": "19",  # 外交：外国常住新闻机构、其他
    "3": "123459",  # 司法行政：律师执业机构、公证处、基层法律服务所、司法鉴定机构、仲裁委员会、其他
    "4": "19",  # 文化：外国在华文化中心、其他
    "5": "1239",  # 民政：社会团体、民办非企业单位、基金会、其他
    "6": "129",  # 旅游：外国及港澳台地区旅游部门常驻代表机构、其他
    "7": "129",  # 宗教：宗教活动场所、宗教院校、其他
    "8": "19",  # 工会：基层工会、其他
    "9": "123",  # 工商（市场监管）：企业、个体工商户、农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室：军队事业单位、其他
    "N": "1239",  # 农业：组级、村级、乡镇级集体经济组织、其他
    "Y": "1",  # 其他
}
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


_ID_FORM = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE_FORM = re.compile(r"1[3-9][0-9]{9}")
_INVOICE_FORM = re.compile(r"[0-9]{20}|[0-9]{8}")
_ACCOUNT_FORM = re.compile(r"[0-9]{8,30}")


class IdentifierInvalid(Invalid):
    pass


def _clean(value) -> str:
    """Every kind of space removed (as \\s+ would), and full-width characters typed with a Chinese input
    method made ASCII, so that １３８… is stored, indexed and compared as 138…; other scripts' digits stay
    and are refused."""
    return unicodedata.normalize("NFKC", "".join(str(value or "").split())).upper()


_EARLIEST_BIRTH = date(1900, 1, 1)
# 港澳台居民居住证 (2018) numbers begin with these: residents from Taiwan (830000) live and buy here too,
# though 83 is no province of GB/T 2260 and python-stdnum refuses it
_RESIDENCE_PERMITS = frozenset({"810000", "820000", "830000"})
_COUNTY_YEARS = re.compile(r"\[\d*-(\d*)\]")


@functools.lru_cache(maxsize=8192)
def _region(code: str) -> tuple[bool, bool, int | None]:
    """For a 6-digit 行政区划代码 (GB/T 2260, as python-stdnum's table gives it with each county's years):
    whether it lies in a province, whether it names a county, and the last year it was in use (None while
    it still is). The year a county was created does not count: a code is given to everyone living there
    when it is created, however old."""
    found = {key: text for _, props in numdb.get("cn/loc").info(code) for key, text in props.items()}
    counties = found["county"].split(",") if "county" in found else []
    years = (_COUNTY_YEARS.match(county) for county in counties)  # "[1985-1999]郊区" or "泰山区"
    ends = [int(match[1]) if match and match[1] else None for match in years]
    return "province" in found, bool(ends), None if not ends or None in ends else max(ends)


def id_card(value) -> str:
    """居民身份证号 (GB 11643): 18 characters, the check digit, a date of birth from 1900 to today, and a
    行政区划代码 of a province and of a county still in use in the year of birth (a county created after
    the birth is accepted: the 1985 numbers gave older residents their county's new code)."""
    text = _clean(value)
    if not _ID_FORM.fullmatch(text):
        raise IdentifierInvalid("身份证号应为 18 位（前 17 位为数字，最后一位为数字或 X）")
    total = sum(map(operator.mul, map(int, text[:17]), _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != text[17]:
        raise IdentifierInvalid("身份证号校验位不正确")
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError as exc:
        raise IdentifierInvalid("身份证号中的出生日期无效") from exc
    # the district's today; timezone.localdate() would cost five times the whole check
    if born < _EARLIEST_BIRTH or born > datetime.now(timezone.get_default_timezone()).date():
        raise IdentifierInvalid(f"身份证号中的出生日期 {born:%Y-%m-%d} 不可能（应在 1900 年至今天之间）")
    if text[:6] in _RESIDENCE_PERMITS:
        return text
    in_province, is_county, last_year = _region(text[:6])
    if not in_province:
        raise IdentifierInvalid(f"身份证号前 2 位 {text[:2]} 不是省级行政区划代码")
    if not is_county:
        raise IdentifierInvalid(f"身份证号前 6 位 {text[:6]} 不是县级行政区划代码")
    if last_year is not None and last_year < born.year:
        raise IdentifierInvalid(
            f"身份证号前 6 位 {text[:6]} 的行政区划在 {last_year} 年已撤销，早于出生年份 {born.year} 年"
        )
    return text


def credit_code(value) -> str:
    """统一社会信用代码 (GB 32100): 18 characters, a 登记管理部门 and 机构类别 the standard has, six digits of
    行政区划码 in positions 3–8, and the check character."""
    text = _clean(value)
    if len(text) != 18 or any(c not in _USCC_CHARS for c in text):
        raise IdentifierInvalid("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）")
    if text[1] not in _USCC_KINDS.get(text[0], ""):
        raise IdentifierInvalid(
            f"统一社会信用代码前 2 位 {text[:2]} 不是 GB 32100 规定的登记管理部门码和机构类别码"
        )
    if not text[2:8].isdigit():
        raise IdentifierInvalid(f"统一社会信用代码第 3–8 位 {text[2:8]} 应为数字（登记管理机关行政区划码）")
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
