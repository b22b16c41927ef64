"""A new subsidy formula is one class. 每件定额 (a fixed sum per item, never above the price) exists only in
this module: registered by a fixture, with nothing else changed it is read from a programme file, refused
there with the path of what is wrong, described on the programme page, edited in the programme form,
offered and computed in the application form and `applications.submit`, and computed in an import."""

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

import pytest
from pydantic import Field

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.intake import applications, fields
from liangxin.subsidies.models import Application, ImportJob, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.errors import ProgrammeInvalid
from liangxin.subsidies.programmes.rules import (
    FORMULAS,
    Amount,
    FormField,
    Formula,
    Grant,
    Label,
    RuleError,
    RulesBlock,
    in_yuan,
    money_in,
)
from liangxin.subsidies.tests.test_applications import ID_A, ID_B, row

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class FixedPerItem(Formula):
    code = "fixed_per_item"
    label = "每件定额"
    words = "每件产品给予定额补贴，不超过成交价格"
    kinds = ("appliance",)
    labels = {"amount_per_item": "每件补贴定额（元）", "categories": "补贴品类"}
    form = (
        FormField("rules.amount_per_item", "每件补贴定额（元）"),
        FormField("rules.categories", "补贴品类", "list", "每行一个品类"),
    )

    class Rules(RulesBlock):
        amount_per_item: Amount
        categories: Annotated[list[Label], Field(min_length=1)]

    amount_per_item: Decimal
    categories: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Mapping) -> "FixedPerItem":
        return cls(money_in(data, "amount_per_item"), tuple(data["categories"]))

    @classmethod
    def problems(cls, parsed) -> list[tuple[str, str]]:
        listed = parsed.categories
        return [(f"categories[{i}]", f"品类“{c}”重复列出") for i, c in enumerate(listed) if c in listed[:i]]

    def amount(self, fields: Mapping) -> Grant:
        if fields["category"] not in self.categories:
            raise RuleError(f"品类“{fields['category']}”不在本项目补贴范围内")
        amount = min(self.amount_per_item, fields["price"])
        capped = "，按成交价封顶" if amount < self.amount_per_item else ""
        return Grant(amount, f"每件定额 {self.amount_per_item} 元{capped}")

    def field_problems(self, fields: Mapping) -> list[tuple[str, str]]:
        if fields["category"] and fields["category"] not in self.categories:
            return [("category", f"“{fields['category']}”不是本项目的补贴品类")]
        return []

    def choices(self) -> dict[str, list[str]]:
        return {"category": list(self.categories)}

    def describe(self) -> list[tuple[str, str]]:
        return [("每件定额", in_yuan(self.amount_per_item)), ("补贴品类", "、".join(self.categories))]


@pytest.fixture
def per_item():
    FORMULAS.add(FixedPerItem)
    yield FixedPerItem
    FORMULAS.remove(FixedPerItem.code)


CODE = "kitchen-2025"
PAGE = f"/subsidies/programmes/{CODE}/"
FILE = """programmes:
  - code: kitchen-2025
    name: 2025年厨房小家电每件定额补贴
    department: swj
    kind: {kind}
    applicant: individual
    funding_source: 区级财政资金
    year: 2025
    window: {{start: 2025-01-01, end: 2025-12-31}}
    open_until: 2027-03-31
    budget: 1000000.00
    rules:
      formula: fixed_per_item
      amount_per_item: {amount}
      categories: [{categories}]
"""


def programme_file(tmp_path, kind="appliance", amount="300", categories="电饭煲, 微波炉"):
    path = tmp_path / "kitchen.yaml"
    path.write_text(FILE.format(kind=kind, amount=amount, categories=categories), encoding="utf-8")
    return path


@pytest.fixture
def kitchen(per_item, tmp_path) -> Programme:
    (programme,) = catalogue.load_file(programme_file(tmp_path))
    return programme


def problems_of(caught) -> dict[str, str]:
    return {p.path: p.message for p in caught.value.problems}


def test_a_programme_file_with_the_new_formula_loads_and_its_rules_are_stored(kitchen):
    saved = Programme.objects.get(code=CODE)
    assert saved.rules == {
        "formula": "fixed_per_item",
        "amount_per_item": 300,
        "categories": ["电饭煲", "微波炉"],
    }
    assert AuditEntry.objects.filter(action="programme.create").latest("seq").after["rules"] == saved.rules


def test_a_bad_file_is_refused_naming_the_path_by_the_formulas_schema_and_its_own_checks(per_item, tmp_path):
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.load_file(programme_file(tmp_path, amount="0"))
    assert problems_of(caught) == {"programmes[0].rules.amount_per_item": "应大于 0"}
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.load_file(programme_file(tmp_path, categories="电饭煲, 微波炉, 电饭煲"))
    assert problems_of(caught) == {"programmes[0].rules.categories[2]": "品类“电饭煲”重复列出"}
    with pytest.raises(ProgrammeInvalid) as caught:  # the kinds it serves are its own to say
        catalogue.load_file(programme_file(tmp_path, kind="car_scrap"))
    assert problems_of(caught) == {
        "programmes[0].rules.formula": "汽车报废更新项目应使用 fixed_by_type 公式，不能使用 fixed_per_item"
    }
    assert not Programme.objects.filter(code=CODE).exists()


def test_without_its_class_the_formula_is_unknown(tmp_path):
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.load_file(programme_file(tmp_path))
    (message,) = problems_of(caught).values()
    assert message.startswith("未知的补贴公式：fixed_per_item（可选 share_by_grade、")


def test_the_programme_page_and_the_api_describe_it_in_chinese(kitchen, login, client, api_token):
    page = login("leader").get(PAGE).content.decode()
    for words in ["每件产品给予定额补贴，不超过成交价格", "每件定额", "300 元", "电饭煲、微波炉"]:
        assert words in page, words
    data = client.get(f"/api/v1/subsidy/programmes/{CODE}", **api_token("leader")).json()
    assert {"label": "每件定额", "text": "300 元"} in data["rules_text"]


def form_values(**changes) -> dict:
    return {
        "name": "2025年厨房小家电每件定额补贴",
        "funding_source": "区级财政资金",
        "window_start": "2025-01-01",
        "window_end": "2025-12-31",
        "open_until": "2027-03-31",
        "budget": "1000000",
        "rules.amount_per_item": "300",
        "rules.categories": "电饭煲\n微波炉",
    } | changes


def test_the_edit_form_offers_its_fields_and_saves_them(kitchen, login):
    client = login("swj_approver")
    form = client.get(f"{PAGE}edit/").content.decode()
    assert 'name="rules.amount_per_item" value="300"' in form and "每件补贴定额（元）" in form
    assert re.search(r'name="rules.categories" rows="\d+"[^>]*>电饭煲\n微波炉</textarea>', form)
    refused = client.post(f"{PAGE}edit/", form_values(**{"rules.amount_per_item": "三百"}))
    assert refused.status_code == 422
    assert '<div class="invalid-feedback" data-field="rules.amount_per_item">应为数值</div>' in (
        refused.content.decode()
    )
    done = client.post(
        f"{PAGE}edit/",
        form_values(**{"rules.amount_per_item": "250", "rules.categories": "电饭煲\n微波炉\n电水壶"}),
    )
    assert done.status_code == 302 and done["Location"] == PAGE
    saved = Programme.objects.get(code=CODE)
    assert saved.rules == {
        "formula": "fixed_per_item",
        "amount_per_item": 250,
        "categories": ["电饭煲", "微波炉", "电水壶"],
    }
    entry = AuditEntry.objects.filter(action="programme.update").latest("seq")
    assert entry.before["rules"]["amount_per_item"] == 300 and entry.after["rules"]["amount_per_item"] == 250


def test_the_api_names_its_parameters_in_chinese(kitchen, client, api_token):
    refused = client.patch(
        f"/api/v1/subsidy/programmes/{CODE}",
        data={"rules": {"amount_per_item": -1}},
        content_type="application/json",
        **api_token("swj_approver"),
    )
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "补贴项目未修改：内容有误",
        "errors": [{"field": "rules.amount_per_item", "label": "每件补贴定额（元）", "message": "应大于 0"}],
    }


def test_the_application_form_offers_its_choices_and_gets_its_amount(kitchen, login):
    client = login("swj_caseworker")
    form = client.get(f"/subsidies/applications/new/{CODE}/").content.decode()
    assert re.search(
        r'name="category"><option value="">请选择</option><option>电饭煲</option><option>微波炉</option>',
        form,
    )
    done = client.post(f"/subsidies/applications/new/{CODE}/", row(category="电饭煲", price="199.00"))
    assert done.status_code == 302
    cheap = Application.objects.get(programme=kitchen)
    assert cheap.amount == Decimal("199.00") and cheap.explanation == "每件定额 300.00 元，按成交价封顶"


def test_submit_gets_the_fixed_amount_and_refuses_a_category_outside_the_rules(kitchen):
    caseworker = User.objects.get(username="swj_caseworker")
    app, _ = applications.submit(caseworker, kitchen, row(category="微波炉", price="899.00"))
    assert app.amount == Decimal("300.00") and app.status == "pending"
    with pytest.raises(fields.ApplicationInvalid) as caught:
        applications.submit(caseworker, kitchen, row(id_number=ID_B, category="冰箱"))
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("category", "“冰箱”不是本项目的补贴品类")
    ]


def test_an_import_gets_each_rows_amount(kitchen, tmp_path):
    sales = [
        row(category="电饭煲", price="199.00"),
        row(
            id_number=ID_B,
            phone="13900139000",
            category="微波炉",
            price="899.00",
            serial_number="SN0002",
            invoice_number="24372000000000000002",
            voucher_number="HS0002",
        ),
        row(
            id_number=ID_A,
            category="冰箱",
            price="3999.00",
            serial_number="SN0003",
            invoice_number="24372000000000000003",
            voucher_number="HS0003",
        ),
    ]
    path = tmp_path / "kitchen.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(pipeline.HEADERS)
        writer.writerows([sale[column] for column in pipeline.HEADERS.values()] for sale in sales)
    user = User.objects.get(username="swj_caseworker")
    job = pipeline.run(user, pipeline.start(user, kitchen, path), path)
    assert (job.accepted, job.flagged, job.refused) == (2, 0, 1)
    results = {r.number: r for r in ImportJob.objects.get(pk=job.pk).rows.all()}
    assert results[2].amount == Decimal("199.00") and results[3].amount == Decimal("300.00")
    assert results[4].result == "拒绝" and "“冰箱”不是本项目的补贴品类" in results[4].reason
