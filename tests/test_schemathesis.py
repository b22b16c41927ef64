"""Schemathesis over the whole API, in process, for four roles: no answer is a server error, and every
answer (its status, content type and body) is one the OpenAPI declares. Derandomised and bounded, so a run
is the same every time and takes about two minutes."""

from contextlib import contextmanager
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from liangxin.core.tests.module_data import built_once
from liangxin.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROLES = ["fgj_coordinator", "swj_caseworker", "czj_finance", "enterprise"]
EXAMPLES = 10  # per operation, role and kind of path: about two minutes in all
CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.status_code_conformance,
    checks.content_type_conformance,
]


@contextmanager
def connection_kept():
    """The WSGI app closes old database connections when a request starts and ends, which on PostgreSQL
    would close the one holding the test's open transaction; Django's own test client keeps it the same
    way (and reconnects the receiver after each of its requests, so this wraps the WSGI calls only)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _install)


def _install() -> dict:
    from liangxin.demo import enterprises as demo_enterprises
    from liangxin.demo import lists as demo_lists
    from liangxin.demo import matching as demo_matching
    from liangxin.demo import projects as demo_projects
    from liangxin.demo import reporting as demo_reporting
    from liangxin.demo import subsidies as demo_subsidies
    from liangxin.plans.models import Plan
    from liangxin.subsidies.models import Programme
    from liangxin.subsidies.programmes import catalogue

    plan = Plan.objects.get(code="taishan-2024")
    demo_reporting.install_history(plan)
    catalogue.load_file(catalogue.DEMO_FILE, plan)
    Programme.objects.update(open_until=date(2099, 12, 31))
    demo_subsidies.install_subsidy_demo()
    demo_enterprises.install_unit_demo()
    demo_projects.install_project_demo()
    demo_lists.install_list_demo()
    demo_matching.install_match_demo()
    return _known(plan)


def _known(plan) -> dict:
    """Real objects of the demo for the path's parameters, so that the run reaches past the 404s."""
    from liangxin.enterprises.models import Honour, Unit
    from liangxin.lists.matching.models import Match
    from liangxin.lists.models import DemandEntry, SupplyEntry
    from liangxin.projects.models import Project
    from liangxin.reporting.models import Evidence, Period
    from liangxin.subsidies.models import Application, ImportJob, PayoutBatch

    period = Period.objects.filter(plan=plan).order_by("-key").first()
    evidence = Evidence.objects.order_by("pk").first()
    job = ImportJob.objects.order_by("pk").first()
    batch = PayoutBatch.objects.order_by("pk").first()
    known = {
        "code": plan.code,
        "period": period.key,
        "department": "swj",
        "public_id": str(Application.objects.filter(programme__code="appliance-2025").first().public_id),
        "batch_id": batch.pk if batch else 1,
        "job_id": job.pk if job else 1,
        "evidence_id": evidence.pk if evidence else 1,
        "unit_id": Unit.objects.order_by("pk").first().pk,
        "honour_id": Honour.objects.order_by("pk").first().pk,
        "project_id": Project.objects.order_by("pk").first().pk,
        "entry_id": SupplyEntry.objects.order_by("pk").first().pk,
        "supply_id": SupplyEntry.objects.filter(status="accepted").order_by("pk").first().pk,
        "demand_id": DemandEntry.objects.filter(status="accepted").order_by("pk").first().pk,
        "match_id": Match.objects.order_by("pk").first().pk,
    }
    return known


def _with_known(case, known: dict) -> None:
    for name in case.path_parameters or {}:
        if name in known:
            case.path_parameters[name] = known[name]
    if "/subsidy/programmes/" in case.operation.path:
        case.path_parameters["code"] = "appliance-2025"


def _schema():
    from liangxin.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def _token(client, username: str) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _run(operation, headers: dict, known: dict | None):
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        if known:
            _with_known(case, known)
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    return run


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_as_its_schema_says(demo, client, role):
    headers = {"Authorization": f"Bearer {_token(client, role)}"}
    failures = []
    with connection_kept():
        schema = _schema()
        operations = [result.ok() for result in schema.get_all_operations()]
        # revoking the token ends the run for this role: last
        operations.sort(key=lambda o: o.method.upper() == "DELETE" and o.path.endswith("/auth/token"))
        for operation in operations:
            # as generated (mostly 404s and 422s), then with the path naming the demo's real objects
            for real in (False, True) if "{" in operation.path else (False,):
                try:
                    _run(operation, headers, demo if real else None)()
                except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - each fault is named below
                    failures.append(f"{operation.method.upper()} {operation.path} ({real=}): {exc}")
    assert not failures, "\n\n".join(failures)


def test_the_schema_says_what_the_answers_are(client):
    """Money is a JSON number in the schema as in the answers; the refusals are declared; what the schema
    allows is not refused for its shape (an evidence file without a task, a reason never empty)."""
    schema = client.get("/api/v1/openapi.json").json()
    parts = schema["components"]["schemas"]
    for name, field in [("ApplicationOut", "price"), ("ProgrammeOut", "budget"), ("TargetEntry", "value")]:
        declared = parts[name]["properties"][field]
        assert "number" in [d.get("type") for d in declared.get("anyOf", [declared])], (name, declared)
    assert parts["IndicatorEntry"]["properties"]["tolerance"]["anyOf"][0] == {"type": "number"}
    assert parts["FieldProblemOut"]["required"] == ["field", "message"]
    assert parts["ExportIn"]["properties"]["reason"]["minLength"] >= 1
    upload = schema["paths"]["/api/v1/plans/{code}/periods/{period}/submissions/{department}/evidence"][
        "post"
    ]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["task"]["type"] == "integer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            if not path.endswith("/auth/token"):
                assert {"401", "403"} <= {str(s) for s in declared}, (method, path)
            if "{" in path:
                assert "404" in {str(s) for s in declared}, (method, path)
