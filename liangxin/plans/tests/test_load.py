"""Loading a plan file into the database, updating it in place, exporting it back, and the CLI."""

import copy
import json
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from liangxin.audit.models import AuditEntry
from liangxin.demo.accounts import DEFAULT_PLAN_FILE
from liangxin.plans import planfile
from liangxin.plans.loader import export_plan, load_plan
from liangxin.plans.models import Indicator, Plan, Target, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def taishan():
    return Plan.objects.get(code="taishan-2024")


@pytest.fixture
def source():
    return planfile.read_file(DEFAULT_PLAN_FILE)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_loaded_plan_has_everything(taishan):
    assert taishan.sections.count() == 7
    assert taishan.tasks.count() == 25
    assert taishan.indicators.count() == 28
    assert taishan.indicators.filter(task__isnull=True).count() == 11
    assert Target.objects.filter(indicator__plan=taishan).count() == 50
    assert taishan.policies.count() == 9
    task3 = taishan.tasks.get(number=3)
    assert [d.name for d in task3.ordered_leads()] == [
        "区发展和改革局",
        "区工业和信息化局",
        "市生态环境局泰山分局",
        "区应急管理局",
        "区市场监管局",
    ]
    assert task3.responsibility == "shared"
    rate = Target.objects.get(indicator__code="t04-farm-mechanization-rate", year=2025)
    assert rate.value == Decimal("92.95")


def test_export_equals_the_file_and_round_trips_exactly(taishan, source):
    exported = export_plan(taishan).canonical()
    assert exported == planfile.validate(source).canonical()
    for fmt in ("yaml", "json"):
        text = planfile.dump(exported, fmt)
        plan, created = load_plan(planfile.validate(planfile.parse_text(text, fmt)))
        assert not created
        assert export_plan(plan).canonical() == exported


def test_reloading_the_same_file_changes_nothing_and_writes_no_audit_entry(taishan, source):
    ids = set(Indicator.objects.values_list("pk", flat=True))
    count = AuditEntry.objects.count()
    load_plan(planfile.validate(source))
    assert set(Indicator.objects.values_list("pk", flat=True)) == ids
    assert AuditEntry.objects.count() == count


def test_update_keeps_rows_and_writes_one_audit_entry_with_before_and_after(taishan, source):
    data = copy.deepcopy(source)
    data["sections"][1]["tasks"][0]["indicators"][1]["targets"][1]["value"] = 320
    data["sections"][0]["tasks"][0]["indicators"].pop()
    indicator = Indicator.objects.get(code="t04-farm-machinery-scrapped-renewed")
    count = AuditEntry.objects.count()
    load_plan(planfile.validate(data))
    assert Indicator.objects.get(code="t04-farm-machinery-scrapped-renewed").pk == indicator.pk
    assert indicator.targets.get(year=2027).value == 320
    assert not Indicator.objects.filter(code="t01-tech-renovation-projects").exists()
    entries = AuditEntry.objects.filter(seq__gt=AuditEntry.objects.order_by("seq")[count - 1].seq)
    assert [e.action for e in entries] == ["plan.update"]
    entry = entries.get()
    assert entry.before["sections"][1]["tasks"][0]["indicators"][1]["targets"][1]["value"] == 300
    assert entry.after["sections"][1]["tasks"][0]["indicators"][1]["targets"][1]["value"] == 320


def test_a_bad_file_changes_nothing(tmp_path, taishan, source):
    data = copy.deepcopy(source)
    data["title"] = "改过的标题"
    data["sections"][0]["tasks"][0]["lead_departments"] = ["区宇宙局"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(planfile.dump(data, "yaml"), encoding="utf-8")
    before = export_plan(taishan).canonical()
    count = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="有 1 个问题，未作任何更改"):
        run("plan", "load", str(bad))
    assert export_plan(taishan).canonical() == before
    assert AuditEntry.objects.count() == count


def test_a_failure_midway_rolls_back_the_whole_load(monkeypatch, taishan, source):
    from liangxin.plans import loader

    data = copy.deepcopy(source)
    data["title"] = "改过的标题"
    monkeypatch.setattr(loader, "_sync_leads", lambda *a: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        load_plan(planfile.validate(data))
    assert Plan.objects.get(code="taishan-2024").title != "改过的标题"


def test_another_district_loads_its_own_plan(source):
    data = copy.deepcopy(source)
    data.update(code="daiyue-2024", title="岱岳区工作方案", document_number="岱政发〔2024〕2号")
    for goal in data["goals"]:
        goal["code"] = "dy-" + goal["code"]
    plan, created = load_plan(planfile.validate(data))
    assert created and Plan.objects.count() == 2
    assert plan.tasks.count() == 25
    assert Task.objects.filter(plan__code="taishan-2024").count() == 25


def test_cli_validate_reports_counts_and_problems_with_paths(tmp_path, source, capsys):
    assert "25 项任务、28 个指标、50 个年度目标" in run("plan", "validate", str(DEFAULT_PLAN_FILE))
    data = copy.deepcopy(source)
    data["sections"][1]["tasks"][0]["indicators"][1]["targets"][0]["year"] = 2031
    data["goals"][0]["kind"] = "wish"
    bad = tmp_path / "bad.json"
    bad.write_text(planfile.dump(data, "json"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="有 3 个问题"):
        call_command("plan", "validate", str(bad), stdout=out, stderr=out)
    assert "goals[0].kind: 取值应为" in out.getvalue()
    assert "sections[1].tasks[0].indicators[1].targets[0].year: 年份 2031 不在方案期限" in out.getvalue()
    assert "sections[1].tasks[0].indicators[1].targets[1].year: 目标应按年份从早到晚排列" in out.getvalue()


def test_cli_export_prints_yaml_and_json(capsys):
    run("plan", "export", "taishan-2024", "--format", "json")
    exported = json.loads(capsys.readouterr().out)
    assert exported["document_number"] == "泰山政发〔2024〕1号"
    assert exported["sections"][1]["tasks"][0]["indicators"][0]["targets"][0]["value"] == 92.95
    run("plan", "export", "taishan-2024")
    assert yaml.safe_load(capsys.readouterr().out)["code"] == "taishan-2024"
    with pytest.raises(CommandError, match="方案 nowhere 不存在"):
        run("plan", "export", "nowhere")


def test_cli_load_writes_an_audit_entry_as_cli(tmp_path, source):
    data = copy.deepcopy(source)
    data["basis"] = "测试依据"
    changed = tmp_path / "plan.yaml"
    changed.write_text(planfile.dump(data, "yaml"), encoding="utf-8")
    assert "已更新方案 taishan-2024" in run("plan", "load", str(changed))
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "plan.update" and entry.via == "cli" and entry.actor_name.startswith("cli:")


def test_api_plan_detail_is_the_export(client, api_token, capsys):
    headers = api_token("leader")
    body = client.get("/api/v1/plans/taishan-2024", **headers).content.decode()
    run("plan", "export", "taishan-2024", "--format", "json")
    assert json.loads(body) == json.loads(capsys.readouterr().out)
    listing = client.get("/api/v1/plans", **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["code"] == "taishan-2024"
    assert client.get("/api/v1/plans/nowhere", **headers).status_code == 404


def test_text_longer_than_the_database_holds_is_a_validation_problem(source):
    data = copy.deepcopy(source)
    data["goals"][0]["targets"][0]["note"] = "很" * 301
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        planfile.validate(data)
    assert str(caught.value) == "goals[0].targets[0].note: 文本过长（最多 300 个字）"


def test_department_name_under_another_code_is_refused_in_chinese(tmp_path, source):
    data = copy.deepcopy(source)
    data["code"] = "other-2024"
    data["departments"][1]["code"] = "fgj2"
    for goal in data["goals"]:
        goal["code"] = "o-" + goal["code"]
    path = tmp_path / "other.yaml"
    path.write_text(planfile.dump(data, "yaml"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="与现有数据冲突"):
        call_command("plan", "load", str(path), stdout=out, stderr=out)
    assert "departments[1].code: 部门“区发展和改革局”已以代码 fgj 存在，不能改用 fgj2" in out.getvalue()
    assert not Plan.objects.filter(code="other-2024").exists()


def test_an_indicator_with_reported_values_cannot_be_dropped(source):
    from datetime import date

    from liangxin.accounts.models import User
    from liangxin.reporting import assignments, workflow

    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    sub = assignments.submission_for(period, User.objects.get(username="wjj_reporter").department)
    workflow.save_draft(
        User.objects.get(username="wjj_reporter"),
        sub,
        workflow.SubmissionInput(values={"t08-ward-renovation-projects": 1}),
    )
    data = copy.deepcopy(source)
    task8 = data["sections"][1]["tasks"][4]
    assert task8["number"] == 8
    task8["indicators"] = [i for i in task8["indicators"] if i["code"] != "t08-ward-renovation-projects"]
    with pytest.raises(
        planfile.PlanFileInvalid, match="t08-ward-renovation-projects（医疗机构病房改造提升项目）已有填报数据"
    ):
        load_plan(planfile.validate(data))
    assert Indicator.objects.filter(code="t08-ward-renovation-projects").exists()


def test_dropping_what_was_reported_on_is_refused_with_where_it_was(source):
    from datetime import date

    from liangxin.accounts.models import User
    from liangxin.reporting import assignments, workflow

    reporter = User.objects.get(username="wjj_reporter")
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2026-11",
        date(2026, 12, 5),
    )
    sub = assignments.submission_for(period, reporter.department)
    workflow.save_draft(
        reporter,
        sub,
        workflow.SubmissionInput(
            values={"t08-ward-renovation-projects": 1}, narratives={"8": {"progress": "已改造病房两处"}}
        ),
    )
    data = copy.deepcopy(source)
    assert data["sections"][1]["tasks"][4]["number"] == 8
    kept = copy.deepcopy(data)
    kept["sections"][1]["tasks"][4]["indicators"] = []
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        load_plan(planfile.validate(kept))
    assert [p.path for p in caught.value.problems] == ["sections[1].tasks[4].indicators"]
    del data["sections"][1]["tasks"][4]
    with pytest.raises(planfile.PlanFileInvalid) as caught:
        load_plan(planfile.validate(data))
    assert {p.path: p.message for p in caught.value.problems} == {
        "sections": "指标 t08-ward-renovation-projects（医疗机构病房改造提升项目）已有填报数据，不能从方案中删除",
        "sections[1].tasks": "任务 8（提升医疗卫生服务能力）已有填报内容，不能从方案中删除",
    }


def test_cli_load_names_the_file_faults_and_the_database_conflicts_together(tmp_path, source):
    data = copy.deepcopy(source)
    data["code"] = "other-2024"
    data["departments"][1]["code"] = "fgj2"  # a name the database holds under fgj
    data["issued_on"] = "昨天"  # a fault of the file itself
    del data["sections"][0]["tasks"][0]["title"]
    for goal in data["goals"]:
        goal["code"] = "o-" + goal["code"]
    path = tmp_path / "other.yaml"
    path.write_text(planfile.dump(data, "yaml"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="3 个问题（其中 1 处与现有数据冲突）"):
        call_command("plan", "load", str(path), stdout=out, stderr=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("issued_on:") for line in lines)
    assert any(line.startswith("sections[0].tasks[0].title:") for line in lines)
    assert "departments[1].code: 部门“区发展和改革局”已以代码 fgj 存在，不能改用 fgj2" in lines
    assert not Plan.objects.filter(code="other-2024").exists()


def test_a_broken_task_list_is_not_taken_for_dropped_indicators(tmp_path, source):
    """A salvaged file whose task is broken cannot say which indicators were dropped: only its own fault."""
    data = copy.deepcopy(source)
    data["sections"][0]["tasks"][0] = "不是任务"
    path = tmp_path / "taishan.yaml"
    path.write_text(planfile.dump(data, "yaml"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="有 1 个问题，"):
        call_command("plan", "load", str(path), stdout=out, stderr=out)
    assert out.getvalue().splitlines()[0].startswith("sections[0].tasks[0]")
