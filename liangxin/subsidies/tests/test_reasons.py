"""A reason for an audited action is words a person would write: at least 2 Chinese characters or 4
letters, not only spaces, punctuation or digits. Review decisions, reveals and whole exports all ask
reasons.problem, so a one-letter reason is refused everywhere and nothing is recorded."""

import json

import pytest

from liangxin.audit.models import AuditEntry
from liangxin.core import reasons
from liangxin.subsidies.intake import applications, fields
from liangxin.subsidies.models import Decision
from liangxin.subsidies.review import decisions
from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_review import load, person

TOO_SHORT = ["x", "ok", "同", "。", "……", "!!!!", "1234", " x ", "-- --", "１２３４"]
ENOUGH = [
    "同意",
    "核对",
    "okay",
    "Okay.",
    " 同 意 ",
    "材料齐全，同意",
    "核对 2025 批次",
    "ok同",
    "材料齐全\n价格核实无误",
]


@pytest.mark.parametrize("reason", TOO_SHORT)
def test_a_reason_shorter_than_two_chinese_characters_or_four_letters_is_refused(reason):
    assert reasons.problem(reason) == "理由过于简短，请写明具体理由（至少 2 个汉字或 4 个字母）"


@pytest.mark.parametrize("reason", ENOUGH)
def test_a_reason_a_person_would_write_is_taken(reason):
    assert reasons.problem(reason) is None


def test_empty_and_control_characters_keep_their_own_messages():
    assert reasons.problem("  ") == "须填写理由"
    assert "控制字符" in reasons.problem("核对\x00名单")


@pytest.mark.django_db
def test_a_one_letter_reason_is_refused_for_decisions_reveals_and_whole_exports(client, api_token):
    programme = load()
    app, _ = applications.submit(person("swj_clerk"), programme, row())
    with pytest.raises(decisions.ReviewError, match="审核理由过于简短"):
        decisions.first_decision(person("swj_caseworker"), app, "approve", "x")
    assert not Decision.objects.filter(application=app).exists()
    with pytest.raises(fields.ApplicationInvalid, match="查看完整信息理由过于简短"):
        applications.reveal(person("swj_caseworker"), app, "id_number", "x")
    assert not AuditEntry.objects.filter(action="pii.reveal").exists()

    headers = api_token("swj_caseworker")
    exports_before = AuditEntry.objects.filter(action="export").count()
    for url in ("/api/v1/subsidy/applications/export", "/api/v1/subsidy/imports/1/result"):
        refused = client.post(url, json.dumps({"reason": "x"}), content_type="application/json", **headers)
        assert refused.status_code == 422 and "理由过于简短" in refused.json()["detail"], url
    assert AuditEntry.objects.filter(action="export").count() == exports_before
    decided = client.post(
        f"/api/v1/subsidy/applications/{app.public_id}/first-decision",
        json.dumps({"outcome": "approve", "reason": "同意"}),
        content_type="application/json",
        **headers,
    )
    assert decided.status_code == 200 and Decision.objects.get(application=app).reason == "同意"
