import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangxin.core import identifiers as ids

VALID_ID = "11010519491231002X"  # GB 11643 example
TAISHAN_ID = "370902199001011235"


def make_id(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ids._ID_WEIGHTS, strict=True))
    return first17 + ids._ID_CHECK[total % 11]


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
