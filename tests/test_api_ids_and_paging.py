"""Malformed ids and absurd paging, on every endpoint the OpenAPI schema lists, for every demo role.

An id that names nothing, however it is written ("0" for an application's UUID, 2^63 for a number), is
answered exactly as a well-formed id that names nothing: 404, or the 403 a role gets before any lookup.
Every list refuses an offset past core.schemas.MAX_OFFSET with a 422 naming `offset`. Both once answered
500: the lookups and the paging are made in the access getters and core.schemas.page, where every
endpoint passes, so these walk the schema rather than name endpoints.
"""

import json
import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liangxin.accounts.actions import issue_token
from liangxin.accounts.models import User
from liangxin.api import api
from liangxin.core.schemas import MAX_OFFSET
from liangxin.demo.accounts import DEMO_ACCOUNTS
from liangxin.plans.models import Plan
from liangxin.reporting import workflow
from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import catalogue

pytestmark = pytest.mark.django_db

PERIOD = "2026-11"
# the path's other parameters name real things, so that the id under test is what is looked up
CONTEXT = {"code": "taishan-2024", "period": PERIOD, "department": "wjj"}
MALFORMED = {
    "string": ["0", "-1", "not-an-id", "ffffffff-ffff-ffff-ffff", "0" * 200],
    "integer": ["0", "-1", str(2**63), str(-(2**63) - 1), str(10**30)],
}
MISSING = {"string": str(uuid.uuid4()), "integer": "999999"}
# bodies that pass each operation's own validation, so that the handler runs and looks the id up
BODIES = {
    "first-decision": {"outcome": "approve", "reason": "材料齐全"},
    "second-decision": {"outcome": "approve", "reason": "复核无误"},
    "resubmit": {},
    "results": {"application": str(uuid.uuid4()), "paid": True},
    "result": {"reason": "核对零售商名单"},
    "reveal": {"reason": "联系企业核实情况"},
    "withdraw": {"reason": "认定已被撤销"},
    "checklist": {"item": "land", "state": "not_needed"},
    "stage": {"to": "reserve", "on": "2025-01-10"},
    "funding": {"channel": "self-funded", "kind": "request", "amount": "10", "on": "2025-01-10"},
    "honours": {
        "kind": "green-factory",
        "level": "city",
        "year": 2024,
        "document_number": "泰工信〔2024〕1号",
    },
    "roles": {"roles": ["reporter"]},
    "enabled": {"enabled": True},
    "held": {"held_on": "2026-06-18"},
    "cancel": {"reason": "场地检修取消"},
    "participants": {"unit": "泰安某公司", "role": "demand"},
    "outcomes": {"supply": "泰安某公司", "demand": "泰安某医院", "kind": "intention"},
    "review": {"decision": "accept", "approve": True},  # a match's review, a payout batch's
    "state": {"state": "intention"},
}


def _operations():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            yield path.removeprefix("/api/v1"), method, operation.get("parameters", [])


def _id_operations():
    for path, method, parameters in _operations():
        ids = [p for p in parameters if p["in"] == "path" and p["name"] not in CONTEXT]
        for parameter in ids:
            yield path, method, parameter["name"], parameter["schema"]["type"]


LISTS = [path for path, method, parameters in _operations() if any(p["name"] == "offset" for p in parameters)]
ID_OPERATIONS = list(_id_operations())


@pytest.fixture
def clients():
    catalogue.load_file(catalogue.DEMO_FILE, Plan.objects.get(code="taishan-2024"))
    Programme.objects.update(open_until=date(2099, 12, 31))
    coordinator = User.objects.get(username="fgj_coordinator")
    workflow.open_period(coordinator, Plan.objects.get(code="taishan-2024"), PERIOD, date(2026, 12, 5))
    found = {}
    for account in DEMO_ACCOUNTS:
        token = issue_token(User.objects.get(username=account.username))
        found[account.username] = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
    return found


def _call(client: Client, method: str, path: str):
    url = "/api/v1" + path.format(**CONTEXT)
    if method == "get":
        return client.get(url)
    if path.endswith("-file") or (method == "post" and path.endswith("/documents")):  # a multipart upload
        return client.post(url, {"file": SimpleUploadedFile("回单.xlsx", b"PK\x03\x04")})
    body = BODIES.get(path.rsplit("/", 1)[-1], {})
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_schema_lists_the_endpoints_these_tests_walk():
    assert {
        "/departments",
        "/plans",
        "/plans/{code}/periods",
        "/plans/{code}/periods/{period}/submissions/{department}/evidence",
        "/subsidy/programmes",
        "/subsidy/applications",
        "/subsidy/imports",
    } <= set(LISTS)
    named = {(path, name) for path, _, name, _ in ID_OPERATIONS}
    assert {
        ("/subsidy/applications/{public_id}", "public_id"),
        ("/subsidy/applications/{public_id}/first-decision", "public_id"),
        ("/subsidy/applications/{public_id}/second-decision", "public_id"),
        ("/subsidy/applications/{public_id}/resubmit", "public_id"),
        ("/subsidy/payout-batches/{batch_id}/results", "batch_id"),
        ("/subsidy/imports/{job_id}", "job_id"),
        ("/plans/{code}/periods/{period}/submissions/{department}/evidence/{evidence_id}", "evidence_id"),
    } <= named


@pytest.mark.parametrize(("path", "method", "name", "kind"), ID_OPERATIONS, ids=lambda v: str(v))
def test_a_malformed_id_is_answered_as_a_missing_one_never_500(clients, path, method, name, kind):
    for username, client in clients.items():
        missing = _call(client, method, path.replace("{" + name + "}", MISSING[kind]))
        assert missing.status_code in (403, 404), (username, missing.status_code, missing.content[:300])
        for value in MALFORMED[kind]:
            answer = _call(client, method, path.replace("{" + name + "}", value))
            assert (answer.status_code, answer.json()) == (missing.status_code, missing.json()), (
                username,
                value,
                answer.content[:300],
            )


def test_an_application_id_that_is_no_uuid_is_404_for_every_role_that_sees_applications(clients):
    for path in ("", "/first-decision", "/second-decision", "/resubmit"):
        for username in ("swj_caseworker", "swj_approver", "leader", "auditor", "czj_finance", "enterprise"):
            method = "get" if path == "" else "post"
            answer = _call(clients[username], method, f"/subsidy/applications/0{path}")
            if answer.status_code != 403:  # a role that can never decide or resubmit is refused first
                assert answer.status_code == 404, (path, username, answer.content)
                assert answer.json() == {"detail": "不存在或不在您的数据范围内"}


@pytest.mark.parametrize("path", LISTS)
def test_an_absurd_offset_is_422_naming_offset_on_every_list(clients, path):
    seen = 0
    for username, client in clients.items():
        first = _call(client, "get", path)
        if first.status_code != 200:
            assert first.status_code in (403, 404), (username, first.status_code)
            continue
        seen += 1
        for offset in (MAX_OFFSET + 1, 2**63, 2**63 - 1, 10**40):
            refused = _call(client, "get", f"{path}?offset={offset}")
            assert refused.status_code == 422, (username, offset, refused.content[:300])
            assert refused.json() == {
                "detail": f"分页参数 offset（起始位置）不能大于 {MAX_OFFSET}",
                "errors": [{"field": "offset", "message": f"不能大于 {MAX_OFFSET}"}],
            }
        last = _call(client, "get", f"{path}?offset={MAX_OFFSET}&limit={2**63}")
        assert last.status_code == 200 and last.json()["items"] == [], username
        assert last.json()["count"] == first.json()["count"]
    assert seen, f"no role reads {path}"


def test_a_malformed_application_id_in_a_bank_result_is_not_in_the_batch(clients):
    from liangxin.subsidies.models import PayoutBatch

    batch = PayoutBatch.objects.create(
        programme=Programme.objects.get(code="appliance-2025"),
        idempotency_key="ids-test",
        created_by=User.objects.get(username="czj_finance"),
        review=PayoutBatch.Review.APPROVED,
    )
    for application in ("0", "not-an-id", str(uuid.uuid4())):
        answer = clients["czj_finance"].post(
            f"/api/v1/subsidy/payout-batches/{batch.pk}/results",
            json.dumps({"application": application, "paid": True}),
            content_type="application/json",
        )
        assert answer.status_code == 409 and answer.json() == {"detail": f"申请 {application} 不在本批次中"}
