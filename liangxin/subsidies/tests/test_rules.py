from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangxin.subsidies.programmes import rules

APPLIANCES_2025 = rules.from_data(
    {
        "formula": "share_by_grade",
        "rates": {"1级": 20, "2级": 15},
        "cap_per_item": 2000,
        "categories": [
            "冰箱",
            "洗衣机",
            "电视",
            "空调",
            "电脑",
            "热水器",
            "家用灶具",
            "吸油烟机",
            "微波炉",
            "净水器",
            "洗碗机",
            "电饭煲",
        ],
        "per_person_overrides": {"空调": 3},
    }
)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@pytest.mark.parametrize(
    ("grade", "price", "amount"),
    [
        ("1级", Decimal("4999.00"), Decimal("999.80")),
        ("一级", Decimal("10000"), Decimal("2000.00")),
        (1, Decimal("12000"), Decimal("2000.00")),
        ("2", Decimal("3333.33"), Decimal("500.00")),
        ("二级", Decimal("3333.35"), Decimal("500.00")),
        ("2级", Decimal("3333.37"), Decimal("500.01")),
    ],
)
def test_appliance_amounts(grade, price, amount):
    assert APPLIANCES_2025.grant(category="冰箱", grade_value=grade, price=price).amount == amount


def test_grade_3_and_unknown_category_are_not_eligible():
    with pytest.raises(rules.RuleError, match="3级能效"):
        APPLIANCES_2025.grant(category="冰箱", grade_value="三级", price=Decimal(3000))
    with pytest.raises(rules.RuleError, match="品类“手机”"):
        APPLIANCES_2025.grant(category="手机", grade_value=1, price=Decimal(3000))
    with pytest.raises(rules.RuleError, match="无法识别"):
        APPLIANCES_2025.grant(category="冰箱", grade_value="A+", price=Decimal(3000))


def test_per_person_limits():
    assert APPLIANCES_2025.limit_for("空调") == 3
    assert APPLIANCES_2025.limit_for("冰箱") == 1


@given(price=prices, grade=st.sampled_from(["1", "2", "1级", "二级"]))
def test_amount_never_above_cap_never_negative_and_in_cents(price, grade):
    amount = APPLIANCES_2025.grant(category="电视", grade_value=grade, price=price).amount
    assert Decimal(0) <= amount <= Decimal(2000)
    assert amount == amount.quantize(Decimal("0.01"))
    assert amount <= price


@given(a=prices, b=prices)
def test_a_higher_price_never_gets_less(a, b):
    low, high = sorted([a, b])
    grant = APPLIANCES_2025.grant
    assert (
        grant(category="空调", grade_value=1, price=low).amount
        <= grant(category="空调", grade_value=1, price=high).amount
    )


def test_cars_fixed_by_type():
    scrap = rules.from_data(
        {"formula": "fixed_by_type", "amounts": {"新能源乘用车": 20000, "2.0升及以下燃油乘用车": 15000}}
    )
    assert scrap.grant(vehicle_type="新能源乘用车").amount == Decimal("20000.00")
    with pytest.raises(rules.RuleError, match="可选"):
        scrap.grant(vehicle_type="摩托车")


@given(cost=prices, granted=st.decimals(min_value=0, max_value=Decimal("600000"), places=2))
def test_enterprise_share_respects_the_cap_per_enterprise(cost, granted):
    rule = rules.from_data({"formula": "share_with_cap", "rate": 10, "cap_per_applicant": 500000})
    amount = rule.grant(cost=cost, already_granted=granted).amount
    assert Decimal(0) <= amount <= max(Decimal(500000) - granted, Decimal(0))
    assert amount == amount.quantize(Decimal("0.01"))


def test_farm_machinery_caps_by_type():
    rule = rules.from_data(
        {"formula": "capped_by_type", "rate": 30, "caps": {"拖拉机": 20000, "采棉机": 60000}}
    )
    assert rule.grant(machine_type="拖拉机", base=Decimal(100000)).amount == Decimal("20000.00")
    assert rule.grant(machine_type="拖拉机", base=Decimal(10000)).amount == Decimal("3000.00")
    assert rule.grant(machine_type="采棉机", base=Decimal(100000)).amount == Decimal("30000.00")


def test_unknown_formula():
    with pytest.raises(rules.RuleError, match="未知的补贴公式"):
        rules.from_data({"formula": "magic"})
