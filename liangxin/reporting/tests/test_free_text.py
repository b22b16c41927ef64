"""Free text in a submission (narratives, notes): control characters and overlong text are refused by name,
on the API and the page, and nothing of the submission is saved; text saved before this rule still
downloads as Excel."""

import io

import pytest
from openpyxl import load_workbook

from liangxin.accounts.models import Department
from liangxin.reporting import assignments
from liangxin.reporting.models import Narrative, Period
from liangxin.reporting.tests.test_api import BASE, SUB, call
from liangxin.reporting.workflow import NARRATIVE_LIMIT

pytestmark = pytest.mark.django_db
WJJ = f"{SUB}/wjj"


@pytest.fixture
def reporter(client, api_token):
    coordinator, reporter = api_token("fgj_coordinator"), api_token("wjj_reporter")
    client.logout()
    opened = call(
        client, "post", f"{BASE}/periods", coordinator, {"period": "2026-11", "deadline": "2026-12-05"}
    )
    assert opened.status_code == 201, opened.content
    return reporter


@pytest.mark.parametrize(
    ("text", "says"),
    [("a\u0000b\u0001c", "控制字符"), ("问" * (NARRATIVE_LIMIT + 1), f"最多 {NARRATIVE_LIMIT} 字")],
)
def test_the_api_refuses_a_narrative_by_task_and_field_and_saves_nothing(client, reporter, text, says):
    body = {"values": {}, "narratives": {"8": {"progress": "完成CT更新", "problems": text, "next_steps": ""}}}
    response = call(client, "put", WJJ, reporter, body)
    assert response.status_code == 422
    messages = [e["message"] for e in response.json()["errors"]]
    assert any("任务 8 存在问题" in m and says in m for m in messages), messages
    assert not Narrative.objects.filter(task__number=8).exists()


def test_a_note_with_a_control_character_is_refused(client, reporter):
    body = {"values": {}, "notes": {"t08-medical-equipment-renewal": "说明\u0007"}}
    response = call(client, "put", WJJ, reporter, body)
    assert response.status_code == 422
    assert any("说明含有不可见的控制字符" in e["message"] for e in response.json()["errors"])


def test_the_form_offers_the_limit_and_a_counter(reporter, login):
    page = login("wjj_reporter").get("/plans/taishan-2024/periods/2026-11/submissions/wjj/").content.decode()
    assert f'maxlength="{NARRATIVE_LIMIT}" data-counter' in page and "liangxin/counter.js" in page


def test_text_saved_before_the_rule_still_downloads_as_excel(reporter, login):
    key = Period.objects.get(key="2026-11")
    submission = assignments.submission_for(key, Department.objects.get(code="wjj"))
    Narrative.objects.create(
        submission=submission, task=key.plan.tasks.get(number=8), problems="a\u0001b\u0002c"
    )
    response = login("fgj_coordinator").get("/plans/taishan-2024/periods/2026-11/submissions/wjj/form.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert "abc" in cells
