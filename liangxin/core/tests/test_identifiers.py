import re
from datetime import date, timedelta
from importlib import resources

import pytest
from django.utils import timezone
from hypothesis import event, given, settings
from hypothesis import strategies as st
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from liangxin.core import identifiers as ids

VALID_ID = "11010519491231002X"  # GB 11643 example
TAISHAN_ID = "370902199001011235"


def make_id(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ids._ID_WEIGHTS, strict=True))
    return first17 + ids._ID_CHECK[total % 11]


def make_credit_code(first17: str) -> str:
    total = sum(ids._USCC_CHARS.index(c) * w for c, w in zip(first17, ids._USCC_WEIGHTS, strict=True))
    return first17 + ids._USCC_CHARS[(31 - total % 31) % 31]


def test_id_card_accepts_valid_and_normalises():
    assert ids.id_card(VALID_ID.lower()) == VALID_ID
    assert ids.id_card(f" {TAISHAN_ID} ") == TAISHAN_ID


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11010519491231002", "应为 18 位"),
        ("110105194912310021", "校验位不正确"),
        ("1101051949123100XX", "应为 18 位"),
        (make_id("37090219901301123"), "出生日期无效"),
    ],
)
def test_id_card_refusals(value, message):
    with pytest.raises(ids.IdentifierInvalid, match=message):
        ids.id_card(value)


@pytest.mark.parametrize(
    ("first17", "message"),
    [
        ("11010520991231123", "出生日期 2099-12-31 不可能"),  # born in the future
        ("11010518991231123", "出生日期 1899-12-31 不可能"),  # before 1900
        ("18010519900101123", "前 2 位 18 不是省级行政区划代码"),
        ("99010519900101123", "前 2 位 99 不是省级行政区划代码"),
        ("37099919900101123", "前 6 位 370999 不是县级行政区划代码"),  # 山东 has no county 0999
        ("11010320150101123", "110103 的行政区划在 2010 年已撤销，早于出生年份 2015 年"),  # 崇文区
    ],
)
def test_id_card_refuses_numbers_that_cannot_exist(first17, message):
    with pytest.raises(ids.IdentifierInvalid, match=message):
        ids.id_card(make_id(first17))


def test_full_width_digits_are_made_ascii_and_other_scripts_refused():
    """Digits typed full-width with a Chinese input method are stored, indexed and compared as ASCII, so
    that the same number cannot be stored twice; Arabic-Indic digits are no number here."""
    full_width = str.maketrans("0123456789+X", "０１２３４５６７８９＋Ｘ")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    cases = [
        (ids.id_card, TAISHAN_ID, "应为 18 位"),
        (ids.mobile, "+8613800138000", "11 位数字"),
        (ids.invoice_number, "24372000000123456789", "20 位"),
        (ids.bank_account, "6222020200112233445", "8 至 30 位数字"),
    ]
    for check, ascii_value, refusal in cases:
        assert check(ascii_value.translate(full_width)) == check(ascii_value)
        with pytest.raises(ids.IdentifierInvalid, match=refusal):
            check(ascii_value.translate(arabic))


def test_id_card_refuses_a_birth_after_today_in_the_district():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ids.IdentifierInvalid, match="不可能（应在 1900 年至今天之间）"):
        ids.id_card(make_id(f"110105{tomorrow:%Y%m%d}123"))
    assert ids.id_card(make_id(f"110105{timezone.localdate():%Y%m%d}123"))  # born today


def test_id_card_accepts_a_person_born_before_the_county_code_was_created():
    """泰山区 (370902) was created in 1985, when the first numbers gave every resident, however old, their
    county's code: stdnum refuses such numbers, liangxin must not."""
    born_1938 = make_id("37090219380101123")
    assert ids.id_card(born_1938) == born_1938
    assert not ric.is_valid(born_1938)
    fei_cheng_1950 = make_id("37092219500101123")  # 肥城县 1985–1992: a code no longer given out
    assert ids.id_card(fei_cheng_1950) == fei_cheng_1950
    with pytest.raises(ids.IdentifierInvalid, match="1992 年已撤销"):
        ids.id_card(make_id("37092219950101123"))


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_any_single_digit_change_breaks_the_check(first17):
    valid = make_id(first17)
    for i in range(17):
        changed = valid[:i] + str((int(valid[i]) + 1) % 10) + valid[i + 1 :]
        with pytest.raises(ids.IdentifierInvalid):
            ids.id_card(changed)


def test_credit_code():
    assert ids.credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(ids.IdentifierInvalid, match="校验位不正确"):
        ids.credit_code("91350100M000100Y44")
    with pytest.raises(ids.IdentifierInvalid, match="18 位"):
        ids.credit_code("91350100M000100Y4")
    with pytest.raises(ids.IdentifierInvalid, match="不含 I"):
        ids.credit_code("91350100I000100Y43")


@pytest.mark.parametrize(
    ("first17", "message"),
    [
        ("9137A900MA3C12345", "第 3–8 位 37A900 应为数字"),
        ("91AB0900MA3C12345", "第 3–8 位 AB0900 应为数字"),
        ("01370900MA3C12345", "前 2 位 01 不是 GB 32100 规定的登记管理部门码和机构类别码"),
        ("94370900MA3C12345", "前 2 位 94 不是"),  # 工商 has 企业、个体工商户、农民专业合作社 only
        ("B1370900MA3C12345", "前 2 位 B1 不是"),
        ("Y2370900MA3C12345", "前 2 位 Y2 不是"),
    ],
)
def test_credit_code_refuses_codes_that_cannot_exist(first17, message):
    with pytest.raises(ids.IdentifierInvalid, match=message):
        ids.credit_code(make_credit_code(first17))


@pytest.mark.parametrize("first17", ["12370900MB2857392", "N2370902MF0123456", "Y1370900MA3C12345"])
def test_credit_code_accepts_each_kind_of_registration(first17):
    """Public institutions (12…), a village collective registered by 农业 (N2…), 其他 (Y1…)."""
    code = make_credit_code(first17)
    assert ids.credit_code(code) == code


def test_vin():
    assert ids.vin("1m8gdm9axkp042788") == "1M8GDM9AXKP042788"
    with pytest.raises(ids.IdentifierInvalid, match="第 9 位"):
        ids.vin("1M8GDM9A1KP042788")
    with pytest.raises(ids.IdentifierInvalid, match="不含 I、O、Q"):
        ids.vin("1M8GDM9AXKPO42788")


def test_mobile_and_invoice():
    assert ids.mobile("+86 138 0013 8000") == "13800138000"
    with pytest.raises(ids.IdentifierInvalid):
        ids.mobile("12800138000")
    assert ids.invoice_number("24372000000123456789") == "24372000000123456789"
    assert ids.invoice_number("01234567") == "01234567"
    with pytest.raises(ids.IdentifierInvalid, match="20 位"):
        ids.invoice_number("123456789")


def test_masks():
    assert ids.mask_id_card(TAISHAN_ID) == "3709**********1235"
    assert ids.mask_mobile("13800138000") == "138****8000"
    assert ids.mask_account("6222021234567890123") == "622202*********0123"
    assert ids.mask_account("123456789012") == "********9012"  # a short account shows its last four only
    assert ids.mask_account("1234") == "****"
    assert ids.mask_name("张三丰") == "张**"


# ---- liangxin against python-stdnum (stdnum.cn.ric, stdnum.cn.uscc) on random inputs -----------------
#
# Every disagreement must be one of these, in the direction given (True: liangxin accepts and stdnum
# refuses); any other is a failure that names the number.
INTENDED = {
    "出生早于其县级行政区划代码设立": True,  # the 1985 numbers gave older residents the county's new code
    "出生日期早于 1900 年或晚于今天": False,  # stdnum checks only that the date exists
    "登记管理部门码和机构类别码不在 GB 32100 中": False,  # stdnum reads neither
    "登记管理部门码为字母（A、N、Y）": True,  # GB 32100's 军队、农业、其他 registrations; stdnum wants digits
    "台湾居民居住证号码（830000）": True,  # 83 is no province of GB/T 2260, but the 2018 permits use it
}
# GB 32100's pairs of 登记管理部门码 and 机构类别码, written out again here to check the module's table
GB_32100_KINDS = {
    *("11", "12", "13", "19"),  # 机构编制
    *("21", "29"),  # 外交
    *("31", "32", "33", "34", "35", "39"),  # 司法行政
    *("41", "49"),  # 文化
    *("51", "52", "53", "59"),  # 民政
    *("61", "62", "69"),  # 旅游
    *("71", "72", "79"),  # 宗教
    *("81", "89"),  # 工会
    *("91", "92", "93"),  # 工商（市场监管）
    *("A1", "A9"),  # 中央军委改革和编制办公室
    *("N1", "N2", "N3", "N9"),  # 农业
    "Y1",  # 其他
}


def _counties() -> dict[str, list[tuple[int | None, int | None]]]:
    """stdnum's county table: each 6-digit code with the (first, last) years of the counties it named."""
    counties, province = {}, ""
    for line in (resources.files("stdnum.cn") / "loc.dat").read_text(encoding="utf-8").splitlines():
        if line[:1].isdigit():
            province = line[:2]
        elif line.startswith("  "):
            code, names = line.split(maxsplit=1)
            spans = re.findall(r"\[(\d*)-(\d*)\]", names) or [("", "")]
            counties[province + code] = [(int(a) if a else None, int(b) if b else None) for a, b in spans]
    return counties


COUNTIES = _counties()


def stdnum_accepts(module, number: str) -> bool:
    try:
        module.validate(number)
    except stdnum_errors.ValidationError:
        return False
    except KeyError:  # stdnum 2.2's ric.get_birth_place on a province's unknown county (370999): a refusal
        return False
    return True


def liangxin_accepts(check, number: str) -> bool:
    try:
        check(number)
    except ids.IdentifierInvalid:
        return False
    return True


def id_difference(number: str) -> str | None:
    """Which intended difference a 身份证号 that stdnum and liangxin judge differently falls under."""
    if number.startswith("830000"):
        return "台湾居民居住证号码（830000）"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if not date(1900, 1, 1) <= born <= timezone.localdate():
        return "出生日期早于 1900 年或晚于今天"
    spans = COUNTIES.get(number[:6], [])
    if any(first and born.year < first and (last is None or born.year <= last) for first, last in spans):
        return "出生早于其县级行政区划代码设立"
    return None


def credit_code_difference(code: str) -> str | None:
    if code[:2] not in GB_32100_KINDS:
        return "登记管理部门码和机构类别码不在 GB 32100 中"
    if code[0] in "ANY":
        return "登记管理部门码为字母（A、N、Y）"
    return None


def assert_agrees(number: str, ours: bool, theirs: bool, difference) -> None:
    if ours == theirs:
        event("都接受" if ours else "都拒绝")
        return
    who = (
        f"{number}: liangxin {'accepts' if ours else 'refuses'}, stdnum {'accepts' if theirs else 'refuses'}"
    )
    name = difference(number)
    assert name in INTENDED, f"{who}, and no intended difference explains it"
    assert INTENDED[name] == ours, f"{who}: the intended difference {name} goes the other way"
    event(name)


def with_check_digit(first17: str, right: bool) -> str:
    number = make_id(first17)
    return number if right else number[:17] + "10X98765432"[("10X98765432".index(number[17]) + 1) % 11]


six_digits = st.integers(0, 999_999).map("{:06d}".format)
mostly_right = st.sampled_from([True, True, True, False])  # whether the check character is the right one
id_numbers = st.one_of(
    st.text(alphabet="0123456789X", min_size=17, max_size=19),
    st.builds(
        lambda region, born, sequence, right: with_check_digit(f"{region}{born:%Y%m%d}{sequence:03d}", right),
        st.one_of(st.sampled_from(sorted(COUNTIES)), six_digits),
        st.one_of(st.dates(date(1900, 1, 1), date.today()), st.dates(date(1850, 1, 1), date(2100, 12, 31))),  # noqa: DTZ011 - a range
        st.integers(0, 999),
        mostly_right,
    ),
)
credit_codes = st.builds(
    lambda kind, region, rest, right: (
        make_credit_code(kind + region + rest) if right else kind + region + rest + "0"
    ),
    st.one_of(
        st.sampled_from(sorted(GB_32100_KINDS)), st.text(alphabet=ids._USCC_CHARS, min_size=2, max_size=2)
    ),
    st.one_of(six_digits, st.text(alphabet=ids._USCC_CHARS, min_size=6, max_size=6)),
    st.text(alphabet=ids._USCC_CHARS, min_size=9, max_size=9),
    mostly_right,
)


@settings(max_examples=2000, deadline=None)
@given(id_numbers)
def test_id_card_agrees_with_stdnum_but_for_the_intended_differences(number):
    assert_agrees(number, liangxin_accepts(ids.id_card, number), stdnum_accepts(ric, number), id_difference)


@settings(max_examples=2000, deadline=None)
@given(credit_codes)
def test_credit_code_agrees_with_stdnum_but_for_the_intended_differences(code):
    ours, theirs = liangxin_accepts(ids.credit_code, code), stdnum_accepts(uscc, code)
    assert_agrees(code, ours, theirs, credit_code_difference)


@pytest.mark.parametrize(
    ("number", "check", "module", "difference"),
    [
        (make_id("37090219380101123"), ids.id_card, ric, "出生早于其县级行政区划代码设立"),
        (make_id("11010518800101123"), ids.id_card, ric, "出生日期早于 1900 年或晚于今天"),
        (make_id("11010520990101123"), ids.id_card, ric, "出生日期早于 1900 年或晚于今天"),
        (make_id("83000019900101123"), ids.id_card, ric, "台湾居民居住证号码（830000）"),
        (
            make_credit_code("04370900MA3C12345"),
            ids.credit_code,
            uscc,
            "登记管理部门码和机构类别码不在 GB 32100 中",
        ),
        (make_credit_code("N2370902MF0123456"), ids.credit_code, uscc, "登记管理部门码为字母（A、N、Y）"),
    ],
)
def test_each_intended_difference_is_real(number, check, module, difference):
    """Each named difference happens, in its direction: the list above names no disagreement that is not."""
    assert liangxin_accepts(check, number) == INTENDED[difference]
    assert stdnum_accepts(module, number) != INTENDED[difference]
    assert (id_difference if module is ric else credit_code_difference)(number) == difference
