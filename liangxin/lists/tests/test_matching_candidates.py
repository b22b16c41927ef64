"""The candidate query: published entries only, found by category or word, ranked with their reasons,
local ones first; and the reverse, the demands a supply entry could serve."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangxin.enterprises.models import Honour, HonourKind
from liangxin.lists.matching import candidates, scoring
from liangxin.lists.models import DemandEntry, SupplyEntry
from liangxin.lists.tests.matching_world import demand, person, supply, town, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def need():
    hospital = unit("泰山区人民医院", street=town(0), department="wjj")
    return demand(hospital, "更新高压电力电缆", specification="交联聚乙烯 10kV", amount=Decimal("60"))


def ranked(found):
    return [c.entry.product for c in found]


def test_same_category_and_matching_words_rank_above_category_alone(need):
    supply(unit("甲电缆"), "架空绝缘导线")  # the category only
    supply(unit("乙电缆"), "交联聚乙烯电力电缆")  # the category and words
    supply(unit("丙机械"), "电缆桥架", code="other")  # a word only
    supply(unit("丁机械"), "液压挖掘机", code="construction-machinery")  # nothing in common
    assert ranked(candidates.for_demand(need)) == ["交联聚乙烯电力电缆", "架空绝缘导线", "电缆桥架"]


def test_only_published_entries_are_candidates(need):
    for status in ("draft", "submitted", "returned", "withdrawn"):
        supply(unit(f"{status}电缆"), "电力电缆", status=status)
    assert candidates.for_demand(need) == []


def test_reasons_name_the_category_words_certifications_honours_town_and_price(need):
    maker = unit("泰安电缆", street=town(0))
    kind = HonourKind.objects.create(code="green-test", name="测试绿色工厂")
    honour = Honour.objects.create(
        unit=maker,
        kind=kind,
        level="provincial",
        year=2024,
        document_number="鲁工信〔2024〕1号",
        department=person("gxj_reporter").department,
        entered_by=person("gxj_reporter"),
    )
    entry = supply(
        maker,
        "交联聚乙烯电力电缆",
        certifications="CCC认证、ISO9001",
        price_min=Decimal("20"),
        price_max=Decimal("30"),
    )
    entry.honours.add(honour)
    [found] = candidates.for_demand(need)
    assert found.fit.reasons == [
        "同属类别“输变电及电线电缆”（加 40 分）",
        f"规格相符的词：{'、'.join(found.fit.matched)}（加 {min(30, 6 * len(found.fit.matched))} 分）",
        "已获认证：CCC认证、ISO9001（加 10 分）",
        "企业荣誉：省级测试绿色工厂（加 5 分）",
        f"同在{town(0).name}（加 15 分）",
        "参考价 20–30 万元，在预算每件约 30 万元以内（加 10 分）",
    ]
    assert {"电力电缆", "交联", "聚乙烯"} <= set(found.fit.matched)


def test_a_withdrawn_honour_does_not_count(need):
    maker = unit("泰安电缆")
    honour = Honour.objects.create(
        unit=maker,
        kind=HonourKind.objects.create(code="g2", name="测试智能工厂"),
        level="city",
        year=2023,
        document_number="泰工信〔2023〕2号",
        department=person("gxj_reporter").department,
        entered_by=person("gxj_reporter"),
        withdrawn_reason="复核不合格",
    )
    Honour.objects.filter(pk=honour.pk).update(withdrawn_at="2024-01-01T00:00:00Z")
    entry = supply(maker, "电力电缆")
    entry.honours.add(honour)
    [found] = candidates.for_demand(need)
    assert not any(r.startswith("企业荣誉") for r in found.fit.reasons)


def test_local_first_among_equal_offers(need):
    supply(unit("外地电缆"), "电力电缆")
    supply(unit("邻街电缆", street=town(1)), "电力电缆")
    supply(unit("本街电缆", street=town(0)), "电力电缆")
    assert [c.entry.unit.name for c in candidates.for_demand(need)] == ["本街电缆", "邻街电缆", "外地电缆"]


def test_the_limit_and_the_ranks(need):
    for n in range(5):
        supply(unit(f"电缆{n}"), "电力电缆")
    found = candidates.for_demand(need, limit=3)
    assert [c.rank for c in found] == [1, 2, 3]
    assert len(candidates.for_demand(need, limit=10_000)) == 5


def test_the_query_count_does_not_grow_with_the_candidates(need):
    supply(unit("电缆0"), "电力电缆")
    with CaptureQueriesContext(connection) as few:
        candidates.for_demand(need)
    for n in range(1, 8):
        supply(unit(f"电缆{n}"), "电力电缆", certifications="CCC")
    with CaptureQueriesContext(connection) as many:
        candidates.for_demand(need, limit=1)
    assert len(many) <= len(few)


def test_a_demand_without_category_finds_by_words_only():
    need = demand(unit("泰山区人民医院"), "电力电缆", code=None)
    supply(unit("甲"), "电力电缆")
    supply(unit("乙"), "架空导线")
    assert ranked(candidates.for_demand(need)) == ["电力电缆"]


def test_the_demands_a_supply_entry_could_serve():
    entry = supply(unit("泰安电缆", street=town(0)), "交联聚乙烯电力电缆")
    near = demand(unit("医院", street=town(0)), "更新电力电缆")
    far = demand(unit("学校", street=town(1)), "更新电力电缆")
    demand(unit("学校二"), "更新电力电缆", status="submitted")
    by_word = demand(unit("景区"), "电缆沟改造", code="other")
    demand(unit("农场"), "拖拉机", code="agricultural-machinery")
    found = candidates.for_supply(entry)
    assert [c.entry for c in found] == [near, far, by_word]
    assert found[0].fit.reasons[0] == "同属类别“输变电及电线电缆”（加 40 分）"
    assert found[2].fit.matched == ["电缆"]


def test_the_database_s_points_equal_the_pure_score_on_every_candidate():
    """The ranking is made in the database (candidates.supply_points, demand_points, and the words and
    honours counted apart): on a mix of categories, words, certifications, honours, towns, prices and
    budgets, every candidate's points equal scoring.score."""
    rng = random.Random(12)
    kind = HonourKind.objects.create(code="mix", name="混合测试荣誉")
    makers = [unit(f"厂{i}", street=rng.choice([None, town(0), town(1)])) for i in range(6)]
    honours = [
        Honour.objects.create(
            unit=m,
            kind=kind,
            level="city",
            year=2020 + i,
            document_number=f"文{i}",
            department=person("gxj_reporter").department,
            entered_by=person("gxj_reporter"),
        )
        for i, m in enumerate(makers)
    ]
    offers = []
    for _ in range(24):
        low = rng.choice([None, Decimal("10"), Decimal("33.3333"), Decimal("50")])
        high = rng.choice([None, low * 2 if low else Decimal("40")])
        entry = supply(
            rng.choice(makers),
            rng.choice(["电力电缆", "变压器", "挖掘机", "电缆桥架"]),
            code=rng.choice(["power-cable", "construction-machinery"]),
            certifications=rng.choice(["", "CCC", "CCC、CE"]),
            price_min=low,
            price_max=high,
        )
        entry.honours.add(*rng.sample(honours, rng.randint(0, 3)))
        offers.append(entry)
    needs = [
        demand(
            unit(f"需{i}", street=rng.choice([None, town(0), town(1)])),
            rng.choice(["更新电力电缆", "更新变压器 电缆", "挖掘机"]),
            code=rng.choice(["power-cable", None]),
            amount=rng.choice([Decimal("100"), Decimal("66.6666"), Decimal("20")]),
            quantity=rng.choice([Decimal("1"), Decimal("2"), Decimal("3")]),
            town=town(1),
        )
        for i in range(8)
    ]
    checked = 0
    for need in needs:
        pure, words, ranked = candidates.supply_ranking(need)
        for pk, points in ranked:
            entry = SupplyEntry.objects.get(pk=pk)
            offer = candidates._offer(
                entry,
                set(entry.tokens.values_list("token", flat=True)),
                candidates._honour_names([entry.pk]).get(entry.pk, ()),
            )
            assert points == scoring.score(pure, offer).score, (need.subject, entry.product)
            checked += 1
    for entry in offers:
        offer, words, ranked = candidates.demand_ranking(entry)
        for pk, points in ranked:
            need = DemandEntry.objects.get(pk=pk)
            need_words = set(need.tokens.values_list("token", flat=True)) & set(words)
            pure = candidates._need(need, need.category.code if need.category_id else "", need_words)
            assert points == scoring.score(pure, offer).score, (entry.product, need.subject)
            checked += 1
    assert checked > 100


def test_a_word_common_in_the_list_neither_finds_nor_scores(need, monkeypatch):
    monkeypatch.setattr(candidates, "COMMON", 2)  # a word in more than 2 entries is common
    for n in range(3):
        supply(unit(f"机械{n}"), "电缆挖掘机", code="construction-machinery")
    supply(unit("电缆厂"), "交联聚乙烯导线", code="construction-machinery")
    found = candidates.for_demand(need)
    assert [c.entry.product for c in found] == ["交联聚乙烯导线"]
    assert found[0].fit.matched == ["交联", "乙烯", "聚乙烯"]
