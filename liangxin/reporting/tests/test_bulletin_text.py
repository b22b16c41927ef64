"""The 通报's 五、存在问题 and 六、下步工作 (issue 11 D.10): grouped by area with the department named,
boilerplate left out, and the office's own wording kept with the period, editable until issued."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from liangxin.accounts.models import Department, User
from liangxin.audit.models import AuditEntry
from liangxin.monitoring.bulletin.data import bulletin_data
from liangxin.monitoring.bulletin.docx import bulletin_docx
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, bulletin_text, workflow
from liangxin.reporting.models import BulletinDraft

pytestmark = pytest.mark.django_db

PERIOD_URL = "/plans/taishan-2024/periods/2026-11/"


def user(name):
    return User.objects.get(username=name)


@pytest.fixture
def period():
    return workflow.open_period(
        user("fgj_coordinator"), Plan.objects.get(code="taishan-2024"), "2026-11", date(2026, 12, 5)
    )


def report(period, code, narratives):
    """The department's reporter saves the narratives {task number: (problems, next steps)} and submits."""
    department = Department.objects.get(code=code)
    reporter = User.objects.filter(department=department, username__endswith="_reporter").first()
    submission = assignments.submission_for(period, department)
    data = workflow.SubmissionInput()
    for number, (problems, steps) in narratives.items():
        data.narratives[str(number)] = {"progress": "按计划推进", "problems": problems, "next_steps": steps}
    workflow.save_draft(reporter, submission, data)
    workflow.submit(reporter, submission)
    return submission


def tasks_of(code):
    plan = Plan.objects.get(code="taishan-2024")
    return [t.number for t in assignments.tasks_narrated_by(plan, Department.objects.get(code=code))]


@pytest.mark.parametrize(
    "text",
    ["", "  ", "无", "无。", "暂无", "继续推进", "继续推进。", "无问题", "—", "--", "/", "N/A", "同上；"],
)
def test_boilerplate_is_recognised(text):
    assert bulletin_text.is_boilerplate(text)


@pytest.mark.parametrize(
    "text", ["无人机巡查设备到货延迟", "继续推进老旧电梯更新，12月底前完成招标", "暂无资金缺口但审批慢"]
)
def test_real_text_is_kept(text):
    assert not bulletin_text.is_boilerplate(text)


@pytest.fixture
def reported(period):
    wjj, swj = tasks_of("wjj")[0], tasks_of("swj")[0]
    report(period, "wjj", {wjj: ("继续推进", "继续推进")})  # nothing to say: no item at all
    report(period, "swj", {swj: ("以旧换新补贴资金拨付偏慢。", "无")})
    return period


def test_prefill_groups_by_area_names_the_department_and_drops_boilerplate(reported):
    draft = bulletin_text.draft_for(reported)
    assert draft.pk is None
    problems = bulletin_text.items(draft.problems)
    swj_task = Plan.objects.get(code="taishan-2024").tasks.get(number=tasks_of("swj")[0])
    assert problems == [
        f"{swj_task.section.title}方面：商务局（任务{swj_task.number}）以旧换新补贴资金拨付偏慢。"
    ]
    steps = bulletin_text.items(draft.next_steps)
    assert steps == [bulletin_text.CLOSING]  # 继续推进 and 无 are not the office's item 1
    assert draft.copy_to == "泰山区委办公室，泰山区人民政府办公室"


def test_the_office_wording_is_used_by_the_word_file_and_kept_until_issued(reported):
    coordinator = user("fgj_coordinator")
    bulletin_text.save(
        coordinator, reported, "1．资金拨付偏慢\n\n2．部分企业观望", "加快拨付", "区政府办公室"
    )
    assert AuditEntry.objects.filter(action="bulletin.save").exists()
    b = bulletin_data(reported.plan, reported, date(2026, 12, 8))
    assert b.problems == ["资金拨付偏慢", "部分企业观望"] and b.next_steps == ["加快拨付"]
    texts = [p.text for p in Document(io.BytesIO(bulletin_docx(reported.plan, reported, data=b))).paragraphs]
    assert "1．资金拨付偏慢" in texts and "2．部分企业观望" in texts and "1．加快拨付" in texts
    assert "抄送：区政府办公室。" in texts

    bulletin_text.issue(coordinator, reported)
    assert AuditEntry.objects.filter(action="bulletin.issue").exists()
    with pytest.raises(workflow.WorkflowError, match="已印发"):
        bulletin_text.save(coordinator, reported, "改", "改", "")
    assert BulletinDraft.objects.get(period=reported).problems.startswith("1．资金拨付偏慢")


def test_only_the_coordinator_edits_and_length_is_limited(reported):
    with pytest.raises(PermissionDenied):
        bulletin_text.save(user("swj_reporter"), reported, "x", "y", "")
    with pytest.raises(bulletin_text.BulletinTextInvalid, match="存在问题：最多 3000 字"):
        bulletin_text.save(user("fgj_coordinator"), reported, "问" * 3001, "", "")
    with pytest.raises(bulletin_text.BulletinTextInvalid, match="控制字符"):
        bulletin_text.save(user("fgj_coordinator"), reported, "a\x00b", "", "")


def test_period_page_edits_the_draft_with_counters(reported, login):
    coordinator = login("fgj_coordinator")
    page = coordinator.get(PERIOD_URL).content.decode()
    assert 'name="problems"' in page and 'maxlength="3000"' in page and "data-counter" in page
    assert "counter.js" in page and "商务局（任务" in page
    answer = coordinator.post(
        f"{PERIOD_URL}bulletin/", {"problems": "问" * 3001, "next_steps": "", "copy_to": ""}
    )
    assert answer.status_code == 422 and "最多 3000 字" in answer.content.decode()
    assert "问" * 3001 in answer.content.decode()  # what was typed comes back
    coordinator.post(f"{PERIOD_URL}bulletin/", {"problems": "资金偏慢", "next_steps": "加快", "copy_to": ""})
    assert BulletinDraft.objects.get(period=reported).problems == "资金偏慢"
    coordinator.post(f"{PERIOD_URL}bulletin/issue/")
    page = coordinator.get(PERIOD_URL).content.decode()
    assert "已印发" in page and 'name="problems"' not in page
    assert "bulletin-draft" not in login("swj_reporter").get(PERIOD_URL).content.decode()
    leader = login("leader").get(PERIOD_URL).content.decode()
    assert "资金偏慢" in leader and 'name="problems"' not in leader  # issued: read, not edited


def test_an_issued_bulletin_is_dated_the_day_it_was_issued(reported):
    draft = bulletin_text.issue(user("fgj_coordinator"), reported)
    assert bulletin_data(reported.plan, reported).issued_on == timezone.localdate(draft.issued_at)


def test_record_without_copy_to_has_the_issuing_line_between_thick_rules(reported):
    bulletin_text.save(user("fgj_coordinator"), reported, "资金偏慢", "加快", "")
    last = Document(io.BytesIO(bulletin_docx(reported.plan, reported, date(2026, 12, 8)))).paragraphs[-1]
    assert last.text.endswith("\t2026年12月8日印发") and not any(p.text.startswith("抄送") for p in [last])
    border = last._p.pPr.find(qn("w:pBdr"))
    assert [border.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom")] == ["8", "8"]


def test_api_reads_saves_and_issues_the_draft(reported, client, api_token):
    api = "/api/v1/plans/taishan-2024/periods/2026-11/bulletin"
    coordinator = api_token("fgj_coordinator")
    first = client.get(api, **coordinator).json()
    assert first["saved"] is False and "商务局（任务" in first["problems"]
    body = {"problems": "资金偏慢", "next_steps": "加快", "copy_to": "区政府办公室"}
    saved = client.put(api, body, content_type="application/json", **coordinator).json()
    assert saved["saved"] and saved["problems"] == "资金偏慢"
    too_long = client.put(api, body | {"copy_to": "办" * 201}, content_type="application/json", **coordinator)
    assert too_long.status_code == 422 and "抄送：最多 200 字" in too_long.content.decode()
    assert client.post(f"{api}/issue", **coordinator).json()["issued_at"]
    assert client.put(api, body, content_type="application/json", **coordinator).status_code == 409
    reporter = api_token("swj_reporter")
    assert client.get(api, **reporter).status_code == 403
