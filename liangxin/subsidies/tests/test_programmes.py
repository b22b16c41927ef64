"""Editing a programme: the permission (its own department's approver), the validation shared with the
programme file, the pages (list, rules in words, the edit form) and the API (GET and PATCH)."""

import json
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.db import connection

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.plans.models import Plan
from liangxin.subsidies import access
from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.errors import ProgrammeInvalid
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.test_applications import ID_B, row
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db
PAGE = "/subsidies/programmes/appliance-2025/"
API = "/api/v1/subsidy/programmes/appliance-2025"


@pytest.fixture
def appliance():
    return load()


@pytest.fixture
def gxj_approver():
    """An approver of another department (工信局), which runs equipment-2025."""
    return User.objects.get(username="gxj_approver")


def demo_entry(code: str) -> dict:
    data = yaml.safe_load(catalogue.DEMO_FILE.read_text(encoding="utf-8"))
    return next(p for p in data["programmes"] if p["code"] == code)


def paths(caught) -> set[str]:
    return {p.path for p in caught.value.problems}


def messages_at(caught, path: str) -> list[str]:
    return [p.message for p in caught.value.problems if p.path == path]


def commit(appliance) -> Application:
    """An approved application: 999.80 元 of the budget committed."""
    app, _ = applications.submit(person("swj_clerk"), appliance, row())
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    return decisions.second_decision(person("swj_approver"), app, "approve", "同意")


# --- the validation, shared by the file, the form and the API ----------------------------------------


def test_a_demo_entry_is_valid_and_its_rules_are_stored_as_given():
    entry = catalogue.validate_entry(demo_entry("appliance-2025"))
    assert entry.rules == demo_entry("appliance-2025")["rules"]
    assert entry.budget == Decimal("30000000.00")


def test_validate_entry_names_every_problem_with_its_path():
    data = demo_entry("appliance-2025") | {
        "name": " ",
        "window": {"start": "2025-06-01", "end": "2025-05-31"},
        "open_until": "2025-05-01",
        "budget": "很多",
    }
    data["rules"] = data["rules"] | {
        "rates": {"1级": 20, "六级": 5},
        "cap_per_item": 0,
        "categories": ["冰箱", "冰箱"],
        "per_person_overrides": {"空调": 3},
    }
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate_entry(data)
    assert paths(caught) == {"name", "window.end", "open_until", "budget", "rules.cap_per_item"}
    assert messages_at(caught, "window.end") == ["交易截止日 2025-05-31 早于开始日 2025-06-01"]
    assert messages_at(caught, "open_until") == ["受理截止日 2025-05-01 早于交易开始日 2025-06-01"]
    assert messages_at(caught, "budget") == ["应为数值"] and messages_at(caught, "name") == ["不能为空"]
    assert messages_at(caught, "rules.cap_per_item") == ["应大于 0"]
    # once the schema holds, the rules' own checks speak, each with its path
    data["rules"]["cap_per_item"] = 2000
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate_entry(data, "programmes[0]")
    assert {
        "programmes[0].rules.rates.六级",
        "programmes[0].rules.categories[1]",
        "programmes[0].rules.per_person_overrides.空调",
    } <= paths(caught)
    assert messages_at(caught, "programmes[0].rules.per_person_overrides.空调") == [
        "品类“空调”不在补贴品类中"
    ]


def test_open_until_may_be_after_the_window_but_not_before_its_start():
    data = demo_entry("car-scrap-2025") | {"open_until": "2026-12-31"}  # late files are still taken in
    assert catalogue.validate_entry(data).open_until.isoformat() == "2026-12-31"
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate_entry(data | {"open_until": "2024-12-31"})
    assert paths(caught) == {"open_until"}


def test_the_formula_must_match_the_kind_and_the_rules_their_formula():
    wrong = demo_entry("car-scrap-2025")
    wrong["rules"] = {"formula": "share_with_cap", "rate": 10, "cap_per_applicant": 500000}
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate_entry(wrong)
    assert messages_at(caught, "rules.formula") == [
        "汽车报废更新项目应使用 fixed_by_type 公式，不能使用 share_with_cap"
    ]
    extra = demo_entry("equipment-2025")
    extra["rules"] = extra["rules"] | {"rates": 5}
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate_entry(extra)
    assert paths(caught) == {"rules.rates"}


def test_the_budget_may_not_go_below_what_is_committed(appliance):
    commit(appliance)
    data = catalogue.entry_data(Programme.objects.get(pk=appliance.pk)) | {"budget": Decimal("500")}
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.validate_entry(data)
    (message,) = messages_at(caught, "budget")
    assert "500" in message and "999.80" in message
    assert catalogue.validate_entry(data | {"budget": Decimal("999.80")}).budget == Decimal("999.80")


def test_the_file_and_the_edit_refuse_alike(appliance, tmp_path):
    """One validation: the same value refused with the same message by the file loader and the edit."""
    commit(appliance)
    data = yaml.safe_load(catalogue.DEMO_FILE.read_text(encoding="utf-8"))
    data["programmes"][0]["budget"] = 100
    data["programmes"][0]["window"]["end"] = "2024-12-31"
    data["programmes"][0]["rules"]["cap_per_item"] = "两千"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProgrammeInvalid) as from_file:
        catalogue.load_file(bad)
    with pytest.raises(ProgrammeInvalid) as from_edit:
        catalogue.update(
            appliance, {"budget": 100, "window_end": "2024-12-31", "rules": {"cap_per_item": "两千"}}
        )
    by_file = {p.path.removeprefix("programmes[0]."): p.message for p in from_file.value.problems}
    by_edit = {p.path: p.message for p in from_edit.value.problems}
    assert by_file == {"budget": by_edit["budget"], "window.end": by_edit["window_end"]} | {
        "rules.cap_per_item": by_edit["rules.cap_per_item"]
    }
    assert Programme.objects.get(pk=appliance.pk).budget == Decimal("30000000.00")


def test_a_file_with_a_fractional_rate_loads_and_duplicate_codes_are_refused(tmp_path):
    text = catalogue.DEMO_FILE.read_text(encoding="utf-8").replace("rate: 10\n", "rate: 12.5\n")
    good = tmp_path / "good.yaml"
    good.write_text(text, encoding="utf-8")
    catalogue.load_file(good)
    equipment = Programme.objects.get(code="equipment-2025")
    assert equipment.rules["rate"] == 12.5
    assert "12.5%" in dict(catalogue.describe_rules(equipment.rules))["补贴比例"]
    twice = tmp_path / "twice.yaml"
    data = yaml.safe_load(text)
    data["programmes"].append(data["programmes"][0])
    twice.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.load_file(twice)
    assert paths(caught) == {"programmes[5].code"}


def test_update_changes_only_what_is_given_and_is_audited(appliance):
    before = AuditEntry.objects.filter(action="programme.update").count()
    changed, did = catalogue.update(
        appliance, {"funding_source": "区级配套资金", "rules": {"cap_per_item": 1500, "price_ceiling": None}}
    )
    assert did and changed.funding_source == "区级配套资金" and changed.name == "2025年家电以旧换新补贴"
    assert changed.rules["cap_per_item"] == 1500 and "price_ceiling" not in changed.rules
    assert changed.rules["rates"] == {"1级": 20, "2级": 15}
    entry = AuditEntry.objects.filter(action="programme.update").latest("seq")
    assert entry.before["funding_source"] != entry.after["funding_source"] == "区级配套资金"
    assert entry.before["rules"]["cap_per_item"] == 2000 and entry.after["rules"]["cap_per_item"] == 1500
    _, again = catalogue.update(changed, {"funding_source": "区级配套资金"})
    assert not again and AuditEntry.objects.filter(action="programme.update").count() == before + 1
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.update(changed, {"code": "x", "colour": "red"})
    assert paths(caught) == {"code", "colour"}


# --- the permission ----------------------------------------------------------------------------------


def test_only_the_programme_departments_approver_may_edit(appliance, gxj_approver):
    equipment = Programme.objects.get(code="equipment-2025")
    assert access.may_edit_programme(person("swj_approver"), appliance)
    access.require_programme_edit(person("swj_approver"), appliance)
    assert not access.may_edit_programme(person("swj_approver"), equipment)
    assert not access.may_edit_programme(gxj_approver, appliance)
    assert access.may_edit_programme(gxj_approver, equipment)
    with pytest.raises(PermissionDenied, match="只能修改本部门主管的补贴项目"):
        access.require_programme_edit(gxj_approver, appliance)
    for name in ["swj_caseworker", "leader", "czj_finance", "fgj_coordinator", "enterprise", "auditor"]:
        assert not access.may_edit_programme(person(name), appliance), name
        with pytest.raises(PermissionDenied, match="只有补贴项目主管部门的复审人员可以修改补贴项目"):
            access.require_programme_edit(person(name), appliance)


EDIT_STATUS = {"swj_approver": 200, "gxj_approver": 404}
VIEWERS = [
    "leader",
    "fgj_coordinator",
    "czj_finance",
    "auditor",
    "swj_caseworker",
    "swj_approver",
    "enterprise",
]


@pytest.mark.parametrize(
    "username",
    [*VIEWERS, "gxj_approver", "wjj_reporter", "admin", "security"],
)
def test_who_may_see_and_edit_on_the_pages(login, appliance, gxj_approver, username):
    client = login(username)
    seen = client.get(PAGE).status_code
    assert seen == (200 if username in VIEWERS else 404 if username == "gxj_approver" else 403)
    assert client.get(f"{PAGE}edit/").status_code == EDIT_STATUS.get(username, 403)
    if username != "swj_approver":
        assert client.post(
            f"{PAGE}edit/", form_values(appliance, name="改名")
        ).status_code == EDIT_STATUS.get(username, 403)
        assert Programme.objects.get(pk=appliance.pk).name == "2025年家电以旧换新补贴"


# --- the pages ---------------------------------------------------------------------------------------


def form_values(programme: Programme, **changes) -> dict:
    values = {
        "name": programme.name,
        "funding_source": programme.funding_source,
        "window_start": "2025-01-01",
        "window_end": "2025-12-31",
        "open_until": "2027-03-31",
        "budget": "30000000",
        "rules.rates.1级": "20",
        "rules.rates.2级": "15",
        "rules.cap_per_item": "2000",
        "rules.categories": "冰箱\n洗衣机\n电视\n空调\n电脑\n热水器\n家用灶具\n吸油烟机\n微波炉\n净水器\n洗碗机\n电饭煲",
        "rules.per_person_per_category": "1",
        "rules.per_person_overrides": "空调：3",
        "rules.price_ceiling": "50000",
    }
    return values | {k.replace("__", "."): v for k, v in changes.items()}


def test_the_list_shows_the_budget_and_the_window_and_links_from_the_nav(login, appliance):
    commit(appliance)
    page = login("swj_caseworker").get("/subsidies/programmes/").content.decode()
    assert "2025年家电以旧换新补贴" in page and "2025年汽车报废更新补贴" in page
    assert "2025年农业机械报废更新补贴" not in page  # another department's programme
    assert "30,000,000" in page and "999.8" in page and "29,999,000.2" in page
    assert "2025-01-01 至 2025-12-31" in page and "2027-03-31" in page
    assert f'href="{PAGE}edit/"' not in page and 'href="/subsidies/programmes/"' in page
    approver = login("swj_approver").get("/subsidies/programmes/").content.decode()
    assert f'href="{PAGE}edit/"' in approver
    assert f'href="{PAGE}"' in login("swj_approver").get("/subsidies/applications/").content.decode()


def test_the_detail_page_shows_the_rules_in_chinese(login, appliance):
    page = login("leader").get(PAGE).content.decode()
    for words in [
        "1级产品按成交价格的 20%",
        "2级产品按成交价格的 15%",
        "2,000 元",
        "冰箱、洗衣机、电视",
        "每人每个品类 1 件；空调 3 件",
        "50,000 元",
        "超长期特别国债",
    ]:
        assert words in page, words
    assert f"{PAGE}edit/" not in page
    farm = login("leader").get("/subsidies/programmes/farm-machinery-2025/").content.decode()
    assert "原购置补贴额的 30%" in farm and "采棉机 60,000 元" in farm
    cars = login("leader").get("/subsidies/programmes/car-scrap-2025/").content.decode()
    assert "新能源乘用车 20,000 元" in cars
    equipment = login("leader").get("/subsidies/programmes/equipment-2025/").content.decode()
    assert "设备购置金额的 10%" in equipment and "500,000 元" in equipment


def test_the_form_round_trip_is_audited_and_new_rules_apply_only_afterwards(login, appliance):
    earlier, _ = applications.submit(person("swj_clerk"), appliance, row())
    client = login("swj_approver")
    form = client.get(f"{PAGE}edit/").content.decode()
    assert 'name="rules.cap_per_item" value="2000"' in form and 'name="budget" value="30000000"' in form
    assert "修改补贴规则只影响此后提交的申请" in form
    sent = form_values(
        appliance,
        budget="28000000.50",
        window_end="2025-11-30",
        rules__rates__1级="10",
        rules__per_person_overrides="空调：2\n电视：2",
        rules__price_ceiling="",
    )
    done = client.post(f"{PAGE}edit/", sent)
    assert done.status_code == 302 and done["Location"] == PAGE
    saved = Programme.objects.get(pk=appliance.pk)
    assert saved.budget == Decimal("28000000.50") and saved.window_end.isoformat() == "2025-11-30"
    assert saved.rules["rates"] == {"1级": 10, "2级": 15} and "price_ceiling" not in saved.rules
    assert saved.rules["per_person_overrides"] == {"空调": 2, "电视": 2}
    entry = AuditEntry.objects.filter(action="programme.update").latest("seq")
    assert entry.via == "web" and entry.actor_name == "swj_approver"
    assert entry.before["budget"] == "30000000.00" and entry.after["budget"] == "28000000.50"
    assert entry.before["rules"]["rates"]["1级"] == 20 and entry.after["rules"]["rates"]["1级"] == 10
    assert entry.before["window"][1] == "2025-12-31" and entry.after["window"][1] == "2025-11-30"
    assert Application.objects.get(pk=earlier.pk).amount == Decimal("999.80")  # at 20%, unchanged
    later, _ = applications.submit(
        person("swj_clerk"),
        saved,
        row(
            id_number=ID_B,
            phone="13900139000",
            serial_number="SN0002",
            invoice_number="24372000000000000002",
            voucher_number="HS0002",
        ),
    )
    assert later.amount == Decimal("499.90")  # at the new 10%
    unchanged = client.post(f"{PAGE}edit/", client_values(client))
    assert unchanged.status_code == 302
    assert AuditEntry.objects.filter(action="programme.update").count() == 1


def client_values(client) -> dict:
    """The edit form's values as the page shows them (a save without a change)."""
    import re

    page = client.get(f"{PAGE}edit/").content.decode()
    values = dict(re.findall(r'name="([^"]+)" value="([^"]*)" type', page))
    values |= dict(re.findall(r'name="([^"]+)" rows="\d+"[^>]*>([^<]*)</textarea>', page))
    return values


def test_a_refused_form_keeps_what_was_typed_and_shows_each_problem_beside_its_field(login, appliance):
    commit(appliance)
    client = login("swj_approver")
    sent = form_values(
        appliance,
        name="新名称",
        budget="500",
        window_start="2025-03-01",
        window_end="2025-02-01",
        open_until="2025-01-15",
        rules__cap_per_item="两千",
        rules__per_person_overrides="空调：3\n空调：4",
    )
    refused = client.post(f"{PAGE}edit/", sent)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'name="name" value="新名称"' in page and 'name="budget" value="500"' in page
    assert 'name="rules.cap_per_item" value="两千"' in page and "空调：3\n空调：4</textarea>" in page

    def beside(key: str) -> list[str]:
        import re

        return re.findall(rf'<div class="invalid-feedback" data-field="{re.escape(key)}">([^<]*)</div>', page)

    assert beside("budget") == ["预算 500 元低于已承诺（已批准）的 999.80 元，不能调减到已承诺金额以下"]
    assert beside("window_end") == ["交易截止日 2025-02-01 早于开始日 2025-03-01"]
    assert beside("open_until") == ["受理截止日 2025-01-15 早于交易开始日 2025-03-01"]
    assert beside("rules.cap_per_item") == ["应为数值"]
    assert beside("rules.per_person_overrides") == ["“空调”重复列出"]
    assert beside("name") == []
    saved = Programme.objects.get(pk=appliance.pk)
    assert saved.name == "2025年家电以旧换新补贴" and saved.budget == Decimal("30000000.00")
    assert not AuditEntry.objects.filter(action="programme.update").exists()


# --- the API -------------------------------------------------------------------------------------------


def patch(client, headers, body, url=API):
    return client.patch(
        url, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **headers
    )


@pytest.fixture
def tokens(api_token, client, appliance, gxj_approver):
    names = [
        "swj_approver",
        "swj_caseworker",
        "leader",
        "czj_finance",
        "enterprise",
        "gxj_approver",
        "wjj_reporter",
    ]
    found = {n: api_token(n) for n in names}
    client.logout()
    return found


def test_api_detail_shows_the_rules_and_scope(client, tokens):
    data = client.get(API, **tokens["leader"]).json()
    assert data["rules"]["cap_per_item"] == 2000 and data["funding_source"].startswith("超长期特别国债")
    assert {"label": "每件补贴上限", "text": "2,000 元"} in data["rules_text"] and data["can_edit"] is False
    assert client.get(API, **tokens["swj_approver"]).json()["can_edit"] is True
    assert client.get(API, **tokens["gxj_approver"]).status_code == 404
    assert client.get(API, **tokens["wjj_reporter"]).status_code == 403
    assert client.get(f"{API}-nope", **tokens["leader"]).status_code == 404


def test_api_patch_changes_only_what_is_given_and_is_audited(client, tokens):
    done = patch(
        client, tokens["swj_approver"], {"open_until": "2027-06-30", "rules": {"cap_per_item": 1800}}
    )
    assert done.status_code == 200, done.content
    data = done.json()
    assert data["open_until"] == "2027-06-30" and data["rules"]["cap_per_item"] == 1800
    assert data["rules"]["rates"] == {"1级": 20, "2级": 15} and data["budget"] == 30000000
    saved = Programme.objects.get(code="appliance-2025")
    assert saved.open_until.isoformat() == "2027-06-30" and saved.rules["price_ceiling"] == 50000
    entry = AuditEntry.objects.filter(action="programme.update").latest("seq")
    assert entry.via == "api" and entry.before["open_until"] == "2027-03-31"
    assert entry.after["open_until"] == "2027-06-30" and entry.after["rules"]["cap_per_item"] == 1800


def test_api_patch_refuses_with_each_field_named_in_chinese(client, tokens):
    commit(Programme.objects.get(code="appliance-2025"))
    refused = patch(
        client,
        tokens["swj_approver"],
        {"budget": 100, "window_end": "2024-01-01", "rules": {"rates": {"1级": 120}}, "code": "new"},
    )
    assert refused.status_code == 422
    errors = {e["field"]: e for e in refused.json()["errors"]}
    assert set(errors) == {"budget", "window_end", "rules.rates.1级", "code"}
    assert errors["budget"]["label"] == "预算（元）" and "999.80" in errors["budget"]["message"]
    assert errors["window_end"]["label"] == "交易截止日"
    assert errors["rules.rates.1级"]["label"] == "补贴比例（%）·1级"
    assert errors["rules.rates.1级"]["message"] == "应不大于 100"
    assert errors["code"]["label"] == "代码" and errors["code"]["message"].startswith("不能修改")
    assert Programme.objects.get(code="appliance-2025").budget == Decimal("30000000.00")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("swj_caseworker", 403),
        ("leader", 403),
        ("czj_finance", 403),
        ("enterprise", 403),
        ("wjj_reporter", 403),
        ("gxj_approver", 404),
    ],
)
def test_api_patch_is_only_for_the_departments_approver(client, tokens, username, status):
    response = patch(client, tokens[username], {"name": "改名"})
    assert response.status_code == status and "detail" in response.json()
    assert Programme.objects.get(code="appliance-2025").name == "2025年家电以旧换新补贴"


def test_programme_endpoints_are_in_the_openapi_schema(client):
    spec = client.get("/api/v1/openapi.json").json()
    operations = spec["paths"]["/api/v1/subsidy/programmes/{code}"]
    assert {"get", "patch"} <= set(operations)
    body = operations["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"budget", "window_start", "window_end", "open_until", "rules", "name", "funding_source"} <= set(
        body["properties"]
    )
    assert {"200", "403", "404", "422"} <= set(operations["patch"]["responses"])


def test_reloading_the_file_from_the_command_line_keeps_the_indicator_links():
    from io import StringIO

    from django.core.management import call_command

    from liangxin.audit.models import AuditEntry

    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    before = AuditEntry.objects.count()
    out = StringIO()
    call_command("subsidy", "programmes", str(catalogue.DEMO_FILE), stdout=out)
    assert "已载入 5 个补贴项目" in out.getvalue()
    farm = Programme.objects.get(code="farm-machinery-2025")
    assert farm.indicator.code == "t04-farm-machinery-scrapped-renewed"
    assert AuditEntry.objects.count() == before  # nothing changed, nothing recorded


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so a race there proves nothing; CI runs this on PostgreSQL",
)
def test_an_approval_arriving_while_a_file_lowers_the_budget_waits_and_meets_the_new_budget(
    tmp_path, monkeypatch
):
    import threading
    import time

    from liangxin.demo.accounts import install_demo

    install_demo()
    appliance = load()
    app, _ = applications.submit(person("swj_clerk"), appliance, row())
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    data = yaml.safe_load(catalogue.DEMO_FILE.read_text(encoding="utf-8"))
    data["programmes"] = [
        p | {"budget": "500.00"} for p in data["programmes"] if p["code"] == "appliance-2025"
    ]
    path = tmp_path / "lower.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    locked, results = threading.Event(), {}
    real_validate = catalogue.validate

    def slow_validate(found):
        locked.set()  # the file's programmes are locked by now: an approval must wait for the load
        time.sleep(1)
        return real_validate(found)

    monkeypatch.setattr(catalogue, "validate", slow_validate)

    def load_lower():
        try:
            catalogue.load_file(path, Plan.objects.get(code="taishan-2024"))
            results["load"] = "ok"
        except Exception as exc:  # noqa: BLE001 - reported below
            results["load"] = exc
        finally:
            connection.close()

    def approve():
        try:
            decisions.second_decision(
                person("swj_approver"), Application.objects.get(pk=app.pk), "approve", "同意"
            )
            results["approve"] = "ok"
        except decisions.ReviewError as exc:
            results["approve"] = str(exc)
        finally:
            connection.close()

    loader = threading.Thread(target=load_lower)
    loader.start()
    assert locked.wait(10)
    approver = threading.Thread(target=approve)
    approver.start()
    loader.join()
    approver.join()
    programme = Programme.objects.get(pk=appliance.pk)
    assert results["load"] == "ok" and programme.budget == Decimal("500.00")
    assert results["approve"] != "ok" and programme.committed == Decimal("0.00")


def test_guide_prices_are_edited_on_the_form_checked_and_audited(login, appliance):
    client = login("swj_approver")
    sent = form_values(appliance, reference_prices="KFR-35GW：4300\nBCD-520：3999.50")
    assert client.post(f"{PAGE}edit/", sent).status_code == 302
    saved = Programme.objects.get(pk=appliance.pk)
    assert saved.reference_prices == {"KFR-35GW": "4300.00", "BCD-520": "3999.50"}
    entry = AuditEntry.objects.filter(action="programme.update").latest("seq")
    assert entry.before["reference_prices"] == {} and entry.after["reference_prices"]["BCD-520"] == "3999.50"
    form = client.get(f"{PAGE}edit/").content.decode()
    assert "BCD-520：3999.5\nKFR-35GW：4300</textarea>" in form
    assert "KFR-35GW 4,300.00 元" in client.get(PAGE).content.decode()

    refused = client.post(
        f"{PAGE}edit/", form_values(appliance, reference_prices="KFR-35GW：零\nKFR-35GW：1")
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'data-field="reference_prices">“KFR-35GW”重复列出' in page
    assert Programme.objects.get(pk=appliance.pk).reference_prices["KFR-35GW"] == "4300.00"

    cleared = client.post(f"{PAGE}edit/", form_values(appliance, reference_prices=""))
    assert cleared.status_code == 302 and Programme.objects.get(pk=appliance.pk).reference_prices == {}


def test_api_patch_sets_and_clears_guide_prices(client, tokens):
    done = patch(
        client, tokens["swj_approver"], {"reference_prices": {"KFR-35GW": "4300", "BCD-520": 3999.5}}
    )
    assert done.status_code == 200, done.content
    assert Programme.objects.get(code="appliance-2025").reference_prices == {
        "KFR-35GW": "4300.00",
        "BCD-520": "3999.50",
    }
    assert set(done.json()["reference_prices"]) == {"KFR-35GW", "BCD-520"}
    refused = patch(client, tokens["swj_approver"], {"reference_prices": {"KFR-35GW": "-1"}})
    assert refused.status_code == 422
    assert any(e["field"].startswith("reference_prices") for e in refused.json()["errors"])
    cleared = patch(client, tokens["swj_approver"], {"reference_prices": None})
    assert cleared.status_code == 200 and Programme.objects.get(code="appliance-2025").reference_prices == {}


def test_an_edit_with_an_absurd_budget_or_date_is_refused_by_field(appliance):
    with pytest.raises(ProgrammeInvalid) as caught:
        catalogue.update(
            appliance, {"budget": "1e30", "open_until": "0001-01-01", "window_end": "9999-12-31"}
        )
    fields = {}
    for problem in caught.value.problems:
        fields.setdefault(problem.field, []).append(problem.message)
    assert "budget" in fields
    assert "应在 2024-01-01 至 2099-12-31 之间" in fields["open_until"]
    assert fields["window_end"] == ["应在 2024-01-01 至 2099-12-31 之间"]
    assert Programme.objects.get(pk=appliance.pk).budget == appliance.budget
