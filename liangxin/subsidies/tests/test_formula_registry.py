"""The formula registry walked: each formula has its Chinese name and sentence, serves real programme kinds,
describes its parameters in Chinese, and every programme kind and every shipped programme has a formula."""

import re

import yaml

from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.rules import FORMULAS

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_formula_is_named_in_chinese_and_serves_real_programme_kinds():
    assert len(FORMULAS) >= 4
    for formula in FORMULAS:
        assert CHINESE.search(formula.label) and CHINESE.search(formula.words), formula.code
        assert formula.kinds and set(formula.kinds) <= set(Programme.Kind.values), formula.code
        assert formula.form, f"{formula.code} offers no field on the programme edit form"
        for field in formula.form:
            assert field.key.startswith("rules.") and CHINESE.search(field.label), (formula.code, field)
        for parameter, label in formula.labels.items():
            assert parameter in formula.Rules.model_fields and CHINESE.search(label), (
                formula.code,
                parameter,
            )


def test_every_programme_kind_has_a_formula_and_every_shipped_programme_names_a_registered_one():
    served = {kind for formula in FORMULAS for kind in formula.kinds}
    assert served == set(Programme.Kind.values)
    shipped = yaml.safe_load(catalogue.DEMO_FILE.read_text(encoding="utf-8"))["programmes"]
    assert {p["rules"]["formula"] for p in shipped} <= {f.code for f in FORMULAS}
