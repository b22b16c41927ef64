"""The word index: written when an entry is saved with its text, replaced when the text changes, left
alone by a save of other fields."""

import pytest

from liangxin.lists import entries
from liangxin.lists.matching import index
from liangxin.lists.matching.models import DemandToken, SupplyToken
from liangxin.lists.tests.helpers import demo_units, supply_data  # noqa: F401 - a fixture
from liangxin.lists.tests.matching_world import demand, person, supply, unit

pytestmark = pytest.mark.django_db


def words_of(entry, model=SupplyToken) -> set[str]:
    return set(model.objects.filter(entry=entry).values_list("token", flat=True))


def test_a_supply_entry_s_product_specification_and_certifications_are_indexed_on_save():
    entry = supply(
        unit("泰安电缆"), "交联聚乙烯绝缘电力电缆", specification="YJV22 8.7/15kV", certifications="CCC认证"
    )
    assert {"电力电缆", "电缆", "交联", "聚乙烯", "yjv22", "ccc"} <= words_of(entry)
    assert "认证" not in words_of(entry)


def test_an_edit_replaces_the_words():
    entry = supply(unit("泰安电缆"), "电力电缆")
    entry.product = "油浸式变压器"
    entry.save()
    assert "电缆" not in words_of(entry)
    assert "变压器" in words_of(entry)


def test_a_save_of_other_fields_does_not_segment_again(monkeypatch):
    entry = supply(unit("泰安电缆"), "电力电缆")
    monkeypatch.setattr(index.tokens, "words", lambda *t: pytest.fail("segmented again"))
    entry.status = "submitted"
    entry.save(update_fields=["status"])
    assert "电缆" in words_of(entry)


def test_a_demand_s_subject_and_specification_are_indexed():
    need = demand(unit("泰山区人民医院"), "更新医用直线加速器", specification="六维治疗床")
    assert {"直线", "加速器", "六维", "治疗"} <= words_of(need, DemandToken)
    need.specification = ""
    need.save()
    assert "治疗" not in words_of(need, DemandToken)


def test_index_supply_is_idempotent():
    entry = supply(unit("泰安电缆"), "电力电缆")
    before = list(SupplyToken.objects.filter(entry=entry).values_list("id", flat=True))
    index.index_supply(entry)
    assert list(SupplyToken.objects.filter(entry=entry).values_list("id", flat=True)) == before


@pytest.mark.usefixtures("demo_units")
def test_the_lists_own_create_and_edit_keep_the_index():
    enterprise = person("enterprise")
    entry = entries.create(enterprise, "supply", supply_data())
    assert {"矿用", "变频", "一体机", "ma"} <= words_of(entry)
    entry, changed = entries.update(enterprise, entry, {"product": "矿用带式输送机"})
    assert changed and "输送机" in words_of(entry) and "一体机" not in words_of(entry)
