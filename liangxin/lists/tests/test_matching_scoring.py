"""The score of a pairing and its reasons: each rule alone, then together."""

from decimal import Decimal

from liangxin.lists.matching import scoring
from liangxin.lists.matching.scoring import Need, Offer, score


def need(**changes) -> Need:
    base = {
        "category": "machine-tools",
        "words": ("数控机床", "五轴"),
        "town_id": 1,
        "budget": None,
        "quantity": None,
    }
    return Need(**(base | changes))


def offer(**changes) -> Offer:
    base = {"category": "robots", "words": frozenset(), "town_id": None}
    return Offer(**(base | changes))


def test_nothing_in_common_is_no_candidate():
    fit = score(need(), offer())
    assert (fit.score, fit.reasons, fit.is_candidate) == (0, [], False)


def test_the_same_category_is_the_strongest_reason():
    fit = score(need(), offer(category="machine-tools"), "数控机床及功能部件")
    assert fit.score == scoring.CATEGORY_POINTS
    assert fit.reasons == ["同属类别“数控机床及功能部件”（加 40 分）"]
    assert fit.is_candidate


def test_a_need_without_category_shares_none():
    assert not score(need(category=""), offer(category="")).same_category


def test_the_words_found_are_listed_in_the_demand_s_order():
    fit = score(
        need(words=("五轴", "数控机床", "刀库")), offer(words=frozenset({"数控机床", "五轴", "车床"}))
    )
    assert fit.matched == ["五轴", "数控机床"]
    assert fit.reasons == ["规格相符的词：五轴、数控机床（加 12 分）"]
    assert fit.is_candidate


def test_words_earn_at_most_thirty_points():
    many = tuple(f"词{i}" for i in range(8))
    assert score(need(words=many), offer(words=frozenset(many))).score == scoring.WORDS_MAX


def test_certifications_and_honours():
    fit = score(
        need(), offer(certifications=("CCC", "ISO9001"), honours=("省级绿色工厂", "市级智能工厂", "好品山东"))
    )
    assert fit.score == scoring.CERTIFIED_POINTS + scoring.HONOURS_MAX
    assert fit.reasons == [
        "已获认证：CCC、ISO9001（加 10 分）",
        "企业荣誉：省级绿色工厂、市级智能工厂、好品山东（加 10 分）",
    ]


def test_the_same_town_before_the_rest_of_the_district():
    same = score(need(town_id=7), offer(town_id=7, town_name="邱家店镇"))
    other = score(need(town_id=7), offer(town_id=8, town_name="省庄镇"))
    outside = score(need(town_id=7), offer(town_id=None))
    assert (same.score, other.score, outside.score) == (15, 8, 0)
    assert same.reasons == ["同在邱家店镇（加 15 分）"]
    assert other.reasons == ["本区企业（省庄镇）（加 8 分）"]
    assert outside.reasons == []


def test_a_demand_without_town_still_prefers_the_district():
    assert score(need(town_id=None), offer(town_id=3)).score == scoring.DISTRICT_POINTS


def test_price_within_partly_within_and_above_the_budget_per_piece():
    wanted = need(budget=Decimal("100"), quantity=4)  # 25 万元 a piece
    within = score(wanted, offer(price_low=Decimal("18"), price_high=Decimal("25")))
    partly = score(wanted, offer(price_low=Decimal("20"), price_high=Decimal("30")))
    above = score(wanted, offer(price_low=Decimal("26.5"), price_high=Decimal("40")))
    assert (within.score, partly.score, above.score) == (10, 5, 0)
    assert within.reasons == ["参考价 18–25 万元，在预算每件约 25 万元以内（加 10 分）"]
    assert partly.reasons == ["参考价 20–30 万元，部分在预算每件约 25 万元以内（加 5 分）"]
    assert above.reasons == ["参考价 26.5–40 万元，高于预算每件约 25 万元"]


def test_price_with_one_bound_or_no_quantity():
    fit = score(need(budget=Decimal("50")), offer(price_high=Decimal("50")))
    assert fit.reasons == ["参考价 50 万元，在预算 50 万元以内（加 10 分）"]


def test_no_budget_or_no_price_says_nothing_about_price():
    assert score(need(), offer(price_low=Decimal("1"))).reasons == []
    assert score(need(budget=Decimal("10")), offer()).reasons == []


def test_all_reasons_add_up():
    fit = score(
        need(words=("变压器",), budget=Decimal("300"), quantity=2),
        offer(
            category="machine-tools",
            words=frozenset({"变压器"}),
            town_id=1,
            town_name="岱庙街道",
            certifications=("CCC",),
            honours=("国家级绿色工厂",),
            price_low=Decimal("100"),
            price_high=Decimal("150"),
        ),
        "数控机床",
    )
    assert fit.score == 40 + 6 + 10 + 5 + 15 + 10
    assert len(fit.reasons) == 6
