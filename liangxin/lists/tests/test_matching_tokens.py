"""The words of an entry as matching compares them."""

from liangxin.lists.matching import tokens


def test_search_mode_gives_the_compound_and_its_parts():
    found = tokens.words("数控机床")
    assert {"数控机床", "数控", "机床"} <= set(found)


def test_stop_words_numbers_punctuation_and_single_characters_are_dropped():
    found = tokens.words("我们公司需要采购一批设备：5台，用于生产；型号 SZ11-50000/110")
    assert "公司" not in found and "设备" not in found and "需要" not in found
    assert "5" not in found and "50000" not in found and "，" not in found
    assert all(len(w) > 1 for w in found)
    assert "sz11" in found  # a model name, lower-cased


def test_single_characters_naming_equipment_are_kept():
    assert {"泵", "阀"} <= set(tokens.words("泵 阀 的 台"))


def test_distinct_in_order_of_appearance_across_texts():
    assert tokens.words("变压器 电缆", "变压器", "") == ["变压", "变压器", "电缆"]


def test_empty_text_has_no_words():
    assert tokens.words("", "  ") == []


def test_keep_refuses_overlong_tokens():
    assert not tokens.keep("x" * (tokens.MAX_LENGTH + 1))
    assert tokens.keep("iso9001")
