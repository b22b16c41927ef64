"""A computed indicator in its department's report: shown read-only with its figure for the period and
the records behind it, in the form and the API; never typed, never in the Excel form; a value sent for it
is refused naming it; an unfilled computed figure is not missing."""

from datetime import date

import pytest

from liangxin.accounts.models import Department, User
from liangxin.enterprises import honours, units
from liangxin.enterprises.tests.test_units import enterprise, person
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, queries, spreadsheet, workflow
from liangxin.reporting.tests.test_spreadsheet import edit, rows_of
from liangxin.reporting.values import ValuesInvalid
from liangxin.reporting.workflow import SubmissionInput

pytestmark = pytest.mark.django_db
SMART = "t02-provincial-smart-manufacturing-projects"
TYPED = "t12-equipment-manufacturing-revenue"
FORM = "/plans/taishan-2024/periods/2025-11/submissions/gxj/"
API = "/api/v1/plans/taishan-2024/periods/2025-11/submissions/gxj"
REFUSAL = "省级智能制造项目：由系统根据记录计算（在有效期内的荣誉数），不需填报"


@pytest.fixture
def submission(settings, tmp_path):
    settings.EVIDENCE_DIR = tmp_path
    unit = units.create(person("fgj_coordinator"), enterprise())
    honours.record(
        person("gxj_reporter"),
        unit,
        {
            "kind": "smart-manufacturing-project",
            "level": "provincial",
            "year": 2025,
            "document_number": "鲁工信〔2025〕3号",
        },
    )
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"),
        Plan.objects.get(code="taishan-2024"),
        "2025-11",
        date(2025, 12, 5),
    )
    return assignments.submission_for(period, Department.objects.get(code="gxj"))


def test_the_form_rows_carry_the_figure_and_its_records(submission):
    rows = {row.indicator.code: row for row in queries.form_rows(submission)[0]}
    figure = rows[SMART].computed
    assert figure.value == 1 and figure.source == "在有效期内的荣誉数"
    assert [r.label for r in figure.records] == [
        "泰安示范电缆有限公司 · 2025年省级智能制造项目 · 鲁工信〔2025〕3号"
    ]
    assert figure.records_url.startswith(
        "/enterprises/?honour=smart-manufacturing-project&honour_level=provincial"
    )
    assert rows[TYPED].computed is None


def test_the_page_shows_it_read_only_and_refuses_a_value_for_it(login, submission):
    client = login("gxj_reporter")
    page = client.get(FORM).content.decode()
    assert (
        f'data-testid="computed-{SMART}"' in page and "泰安示范电缆有限公司 · 2025年省级智能制造项目" in page
    )
    assert f'name="value-{SMART}"' not in page and f'name="value-{TYPED}"' in page
    refused = client.post(
        FORM, {"action": "save", "version": "0", f"value-{SMART}": "7", f"value-{TYPED}": "5"}
    )
    assert refused.status_code == 422 and REFUSAL in refused.content.decode()
    assert not submission.values.exists()
    client.post(FORM, {"action": "save", "version": "0", f"value-{TYPED}": "5"})
    assert list(submission.values.values_list("indicator__code", flat=True)) == [TYPED]


def test_the_api_lists_it_and_refuses_a_value_for_it(client, api_token, submission):
    headers = api_token("gxj_reporter")
    body = client.get(API, **headers).json()
    computed = {c["indicator"]: c for c in body["computed"]}
    assert computed[SMART]["value"] == 1 and computed[SMART]["records"][0]["url"].startswith("/enterprises/")
    assert SMART not in body["values"]
    refused = client.put(API, {"values": {SMART: 3}}, content_type="application/json", **headers)
    assert refused.status_code == 422 and REFUSAL in refused.content.decode()


def test_submitting_without_it_is_complete(submission):
    with pytest.raises(ValuesInvalid, match=REFUSAL):
        workflow.save_draft(person("gxj_reporter"), submission, SubmissionInput(notes={SMART: "说明"}))
    workflow.save_draft(person("gxj_reporter"), submission, SubmissionInput(values={TYPED: 5}))
    sent = workflow.submit(person("gxj_reporter"), submission)  # nothing asked for the computed one
    assert sent.status == "submitted"


def test_the_excel_form_leaves_it_out_and_refuses_it_on_upload(submission):
    data = spreadsheet.form_workbook(submission)
    codes = [row[0] for row in rows_of(data, spreadsheet.VALUES_SHEET)[1:]]
    assert SMART not in codes and TYPED in codes
    last = len(codes) + 2
    changed = edit(
        data, {(spreadsheet.VALUES_SHEET, f"A{last}"): SMART, (spreadsheet.VALUES_SHEET, f"G{last}"): 9}
    )
    upload = spreadsheet.read_form(submission, changed)
    assert [str(p) for p in upload.problems] == [f"“指标数值”表第 {last} 行 A 列：{REFUSAL}"]
