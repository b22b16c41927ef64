"""Subsidy pages: masked lists, the review screens, and the audited reveal."""

import pytest

from liangxin.audit.models import AuditEntry
from liangxin.subsidies import applications
from liangxin.subsidies.models import Application
from liangxin.subsidies.tests.test_applications import ID_A, row
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    created, _ = applications.submit(person("swj_caseworker"), load(), row())
    return created


def test_list_is_masked_and_scoped(login, app):
    page = login("swj_caseworker").get("/subsidies/applications/").content.decode()
    assert "3709**********1235" in page and ID_A not in page and "张*" in page
    assert "2025年家电以旧换新补贴" in page
    assert login("gxj_reporter").get("/subsidies/applications/").status_code == 403
    assert "没有符合条件的申请" in login("enterprise").get("/subsidies/applications/").content.decode()


def test_review_through_the_pages(login, app):
    url = f"/subsidies/applications/{app.public_id}/"
    login("swj_caseworker").post(f"{url}decide/first/", {"outcome": "approve", "reason": "材料齐全"})
    assert Application.objects.get(pk=app.pk).status == "first_approved"
    denied = login("swj_caseworker").post(f"{url}decide/second/", {"outcome": "approve", "reason": "同意"})
    assert denied.status_code == 403 and Application.objects.get(pk=app.pk).status == "first_approved"
    login("swj_approver").post(f"{url}decide/second/", {"outcome": "approve", "reason": "同意"})
    assert Application.objects.get(pk=app.pk).status == "approved"


def test_reveal_shows_once_and_is_audited(login, app):
    url = f"/subsidies/applications/{app.public_id}/"
    client = login("swj_approver")
    refused = client.post(f"{url}reveal/", {"field": "id_number", "reason": ""}).content.decode()
    assert ID_A not in refused and "须填写理由" in refused
    shown = client.post(f"{url}reveal/", {"field": "id_number", "reason": "核对身份"})
    assert ID_A in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert ID_A not in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="pii.reveal").count() == 1
    assert login("leader").post(f"{url}reveal/", {"field": "id_number", "reason": "x"}).status_code == 403
