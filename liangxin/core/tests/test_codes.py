from dataclasses import dataclass

import pytest

from liangxin.core.codes import Registry, UnknownCode


@dataclass(frozen=True)
class Colour:
    code: str
    label: str


def test_a_registry_gives_each_code_its_label_and_refuses_a_code_twice_or_without_a_label():
    colours = Registry[Colour]("颜色")
    colours.add(Colour("red", "红色"))
    assert colours.label("red") == "红色"
    assert colours.choices() == [("red", "红色")]
    with pytest.raises(ValueError, match="登记了两次"):
        colours.add(Colour("red", "赤"))
    with pytest.raises(ValueError, match="没有中文名称"):
        colours.add(Colour("blue", ""))


def test_an_unknown_code_is_refused_by_name_but_shown_as_it_is():
    colours = Registry[Colour]("颜色")
    with pytest.raises(UnknownCode, match="颜色中没有代码 green"):
        colours["green"]
    assert colours.label("green") == "green"


def test_an_entry_taken_out_is_gone_and_may_be_added_again():
    colours = Registry[Colour]("颜色")
    red = colours.add(Colour("red", "红色"))
    assert colours.remove("red") is red
    assert "red" not in colours and len(colours) == 0
    colours.add(Colour("red", "赤"))
    assert colours.label("red") == "赤"
    with pytest.raises(UnknownCode, match="颜色中没有代码 green"):
        colours.remove("green")
