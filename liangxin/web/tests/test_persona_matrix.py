"""Every route of the site, every method it serves, for every role and for a visitor not signed in.

The answers are derived, not recorded: `personas.HOLDERS` restates the README's role table, the scopes in
`personas` say which objects a persona sees, and `persona_routes` lists the checks each route's request
meets. The demo data (accounts, the Taishan plan, the demo subsidy programmes and applications) fills each
path with real objects, among them objects outside a persona's scope: another department's submission and
programme, another enterprise's application. A route the site gains without a line in `persona_routes`
fails `test_every_route_has_a_line_in_the_matrix` by name. Each case runs in its own transaction, rolled
back, on a world built once for the module.
"""

import json
import re
from datetime import date

import pytest
from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from liangxin.accounts import actions, scope
from liangxin.accounts.models import ApiToken, Department, User
from liangxin.api import api
from liangxin.audit.models import AuditEntry
from liangxin.core.tests.module_data import built_once
from liangxin.core.tests.test_identifiers import make_credit_code
from liangxin.demo import subsidies as demo_subsidies
from liangxin.enterprises import honours, units
from liangxin.events import records as events
from liangxin.events import rows as event_rows
from liangxin.lists import entries as list_entries
from liangxin.lists import review as list_review
from liangxin.lists.matching import matches
from liangxin.lists.models import DemandEntry, SupplyCategory, SupplyEntry
from liangxin.notifications import channel_setup, inbox
from liangxin.plans.models import Plan
from liangxin.projects import documents, records, stages
from liangxin.queue import jobs
from liangxin.reporting import assignments, evidence, workflow
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.intake import invoices
from liangxin.subsidies.models import Application, PayoutBatch, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.web.tests.persona_routes import API, BASE, PAGES, PDF, PERIOD, PLAN, header_only_csv
from liangxin.web.tests.personas import (
    ALLOWED,
    AS_GET,
    HOLDERS,
    IGNORED,
    LOGIN,
    NO_METHOD,
    NOT_SERVED,
    PERSONAS,
    Rule,
    Thing,
    World,
    expected,
)

# --- the demo world, built once for the module and rolled back after it -----------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("persona-matrix")
    with override_settings(EVIDENCE_DIR=folder / "evidence", IMPORT_DIR=folder / "imports"):
        yield from built_once(django_db_blocker, _build_world)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _build_world() -> World:
    plan = Plan.objects.get(code=PLAN)
    catalogue.load_file(catalogue.DEMO_FILE, plan)
    Programme.objects.update(open_until=date(2099, 12, 31))  # the demo must not depend on today
    demo_subsidies.install_subsidy_demo()
    period = workflow.open_period(_user("fgj_coordinator"), plan, PERIOD, date(2026, 12, 5))
    world = World()
    for code, reporter in (("wjj", "wjj_reporter"), ("swj", "swj_reporter")):
        department = _user(reporter).department
        submission = assignments.submission_for(period, department)
        item = evidence.attach(_user(reporter), submission, "进展.pdf", PDF)
        world.submissions.append(submission.pk)
        world.things[code] = Thing({"department": code, "evidence_id": item.pk}, department=code)
        world.things[f"dept-{code}"] = Thing({"code": code}, department=code)
    world.things["plan"] = Thing({})
    world.things["account"] = Thing({"username": "gxj_reporter"})
    for name, code in (("appliance", "appliance-2025"), ("equipment", "equipment-2025")):
        p = Programme.objects.select_related("department").get(code=code)
        world.things[name] = Thing(
            {"code": code},
            department=p.department.code,
            for_enterprises=p.applicant == p.Applicant.ENTERPRISE,
        )
    cases = {
        "app-swj": Application.objects.filter(
            programme__code="appliance-2025", created_by__username="swj_clerk"
        ),
        "app-own": Application.objects.filter(created_by__username="enterprise"),
        "app-foundry": Application.objects.filter(programme__code="equipment-2025", created_by=None),
    }
    for name, found in cases.items():
        app = found.select_related("programme__department", "created_by").order_by("pk").first()
        (scan,) = invoices.store(app.created_by, app, invoices.checked([("发票.pdf", PDF)])[0])
        world.things[name] = Thing(
            {"public_id": app.public_id, "invoice_id": scan.pk},
            department=app.programme.department.code,
            made_by=app.created_by.username if app.created_by else None,
        )
    job = _import_job()
    world.things["import"] = Thing({"job_id": job.pk}, department="swj", made_by="swj_caseworker")
    export = jobs.start(User.objects.get(username="swj_caseworker"), "application_export", {})
    world.things["job"] = Thing({"job_id": export.pk}, department="swj", made_by="swj_caseworker")
    batch = PayoutBatch.objects.select_related("programme__department").get()
    unpaid = batch.items.filter(status="pending").values_list("application__public_id", flat=True).first()
    world.things["batch"] = Thing(
        {"batch_id": batch.pk, "unpaid": str(unpaid)}, department=batch.programme.department.code
    )
    world.things["entry"] = Thing(
        {"seq": AuditEntry.objects.order_by("seq").values_list("seq", flat=True)[0]}
    )
    _units(world)
    _sign_in(world)
    return world


def _units(world: World) -> None:
    """The demo enterprise's own unit (gxj manages it) and a hospital of wjj's with an honour wjj entered."""
    coordinator = _user("fgj_coordinator")
    own = units.create(
        coordinator,
        {"name": "泰山示范机械有限公司", "credit_code": _user("enterprise").credit_code, "department": "gxj"},
    )
    hospital = units.create(
        coordinator,
        {
            "kind": "hospital",
            "name": "泰山区人民医院",
            "credit_code": "12370902MB0000001D",
            "department": "wjj",
        },
    )
    honour = honours.record(
        _user("wjj_reporter"),
        hospital,
        {"kind": "green-factory", "level": "provincial", "year": 2025, "document_number": "鲁卫〔2025〕1号"},
        ("认定文件.pdf", PDF),
    )
    world.things["unit-own"] = Thing(
        {"pk": own.pk, "unit_id": own.pk}, department="gxj", made_by="enterprise"
    )
    world.things["unit-wjj"] = Thing({"pk": hospital.pk, "unit_id": hospital.pk}, department="wjj")
    world.things["honour"] = Thing({"pk": honour.pk, "honour_id": honour.pk}, department="wjj")
    _projects(world, own, hospital)
    _events(world, own, hospital)


def _events(world: World, own, hospital) -> None:
    """A matchmaking held by wjj, which the demo enterprise does not take part in, and a promotion held by
    swj where it exhibits; each with a contract between wjj's hospital and a buyer."""
    buyer = units.create(
        _user("fgj_coordinator"),
        {
            "name": "泰安某需方有限公司",
            "credit_code": make_credit_code("91370902MA3C88881"),
            "department": "gxj",
        },
    )
    for name, reporter, kind, exhibitor in (
        ("event-wjj", "wjj_reporter", "matchmaking", None),
        ("event-swj", "swj_reporter", "appliance_promotion", own),
    ):
        user = _user(reporter)
        event = events.create(
            user,
            {
                "kind": kind,
                "title": f"{name} 活动",
                "start": "2026-06-18",
                "place": "泰山区",
                "organiser": user.department.code,
            },
        )
        event_rows.add_participant(user, event, hospital.credit_code, "supply")
        event_rows.add_participant(user, event, buyer.credit_code, "demand")
        free = (
            event_rows.add_participant(user, event, exhibitor.credit_code, "exhibitor") if exhibitor else None
        )
        events.mark_held(user, event, date(2026, 6, 18))
        outcome = event_rows.add_outcome(
            user,
            event,
            {"supply": hospital.credit_code, "demand": buyer.credit_code, "kind": "contract", "value": "10"},
        )
        world.things[name] = Thing(
            {
                "pk": event.pk,
                "event_id": event.pk,
                # wjj's: the buyer, named in the outcome (its removal is refused, 409)
                "participant_id": (free or event.participants.get(unit=buyer)).pk,
                "outcome_id": outcome.pk,
            },
            department=user.department.code,
            made_by="enterprise" if exhibitor else None,
        )
    _list_entries(world, hospital)
    _pairing(world, own, hospital)


def _list_entries(world: World, hospital) -> None:
    """For each list an entry the demo enterprise submitted for its own unit and one wjj entered for its
    hospital, both submitted (a route's `prepare` moves them to the status it acts on)."""
    bodies = {
        "supply": {"product": "矿用变频一体机", "category": "mining"},
        "demand": {
            "kind": "equipment",
            "subject": "更新 CT 一台",
            "field": "health",
            "quantity": "1",
            "measure": "台",
            "amount": "600",
            "wanted_by": "2026-06",
        },
    }
    for code, body in bodies.items():
        for name, username, unit, department in (
            (f"{code}-own", "enterprise", "", None),
            (f"{code}-wjj", "wjj_reporter", hospital.credit_code, "wjj"),
        ):
            entry = list_entries.create(_user(username), code, body | {"unit": unit})
            list_review.submit(_user(username), entry)
            world.things[name] = Thing(
                {"pk": entry.pk, "entry_id": entry.pk, "list": code},
                department=department,
                made_by=username if department is None else None,
            )


def _pairing(world: World, own, hospital) -> None:
    """An accepted demand of wjj's hospital and an accepted supply entry of the demo enterprise's own unit,
    put in touch (已联系) by the coordinator."""
    demand = DemandEntry.objects.create(
        kind="equipment",
        unit=hospital,
        subject="更新电力电缆",
        category=SupplyCategory.objects.get(code="power-cable"),
        status="accepted",
        quantity=2,
        measure="千米",
        amount=100,
        wanted_by=date(2025, 6, 1),
        created_by=_user("wjj_reporter"),
        department=_user("wjj_reporter").department,
    )
    supply = SupplyEntry.objects.create(
        unit=own,
        product="交联聚乙烯电力电缆",
        category=demand.category,
        status="accepted",
        created_by=_user("enterprise"),
    )
    match = matches.mark(_user("fgj_coordinator"), demand, supply, "contacted")
    pair = {"demand": demand.pk, "supply": supply.pk}
    world.things["match"] = Thing(
        {"pk": match.pk, "match_id": match.pk, "pair": pair}, department="wjj", made_by="enterprise"
    )
    for side, entry, other in (("demand", demand, "supply"), ("supply", supply, "demand")):
        world.things[f"pair-{side}"] = Thing(
            {"pk": entry.pk, f"{side}_id": entry.pk, "mark": {other: pair[other], "state": "intention"}},
            department="wjj",
            made_by="enterprise",
        )


def _projects(world: World, own, hospital) -> None:
    """A project of the demo enterprise's unit (gxj's) and one of wjj's hospital waiting for 申报 to be
    confirmed."""
    made = {}
    for name, unit, department, reporter in (
        ("project-own", own, "gxj", "gxj_reporter"),
        ("project-wjj", hospital, "wjj", "wjj_reporter"),
    ):
        made[name] = records.create(
            _user(reporter),
            {
                "name": f"{unit.name}设备更新项目",
                "owner": unit.credit_code,
                "field": "industry",
                "total_investment": "1000",
                "equipment_investment": "800",
                "start": "2025-06-01",
                "end": "2026-06-30",
                "department": department,
            },
        )
        document = documents.attach(_user(reporter), made[name], "备案证明.pdf", PDF)
        world.things[name] = Thing(
            {"pk": made[name].pk, "project_id": made[name].pk, "document_id": document.pk},
            department=department,
            made_by="enterprise" if unit == own else None,
        )
    stages.move(_user("wjj_reporter"), made["project-wjj"], "reserve", date(2025, 1, 10))
    asked = stages.move(_user("wjj_reporter"), made["project-wjj"], "applied", date(2025, 2, 1))
    world.things["stage-change"] = Thing({"change_id": asked.pk}, department="wjj")


def _import_job():
    folder = settings.IMPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    job, _ = pipeline.store_upload(
        Programme.objects.get(code="appliance-2025"),
        "导入.csv",
        [header_only_csv().read()],
        _user("swj_caseworker"),
    )
    pipeline.launch(job)
    return job


def _sign_in(world: World) -> None:
    """A session and an API token for each persona, and a token of someone who is none of them."""
    for p in PERSONAS:
        if p.username is None:
            continue
        client = Client()
        client.force_login(_user(p.username))
        world.sessions[p.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        world.tokens[p.username] = actions.issue_token(_user(p.username))
    token_ids = dict(ApiToken.objects.values_list("user__username", "pk"))
    others = actions.issue_token(_user("gxj_reporter"))
    other = ApiToken.objects.get(digest=ApiToken.digest_of(others)).pk
    world.things["own-token"] = lambda p: Thing(
        {"token_id": token_ids.get(p.username, other)}, made_by=p.username
    )
    world.things["other-token"] = Thing({"token_id": other}, made_by="gxj_reporter")
    notes = {
        p.username: inbox.notify([_user(p.username)], "deadline", "报送期限提醒", "/")[0].pk
        for p in PERSONAS
        if p.username is not None
    }
    others_note = inbox.notify([_user("gxj_reporter")], "deadline", "报送期限提醒", "/")[0].pk
    world.things["own-notification"] = lambda p: Thing(
        {"notification_id": notes.get(p.username, others_note)}, made_by=p.username
    )
    world.things["other-notification"] = Thing({"notification_id": others_note}, made_by="gxj_reporter")
    wjj = Department.objects.get(code="wjj")
    channel = channel_setup.add(None, wjj, "email", "mailto:wjj@taishan.gov.cn")
    world.things["channel"] = Thing({"channel_id": channel.pk}, department="wjj")
    own_channels = {
        p.username: channel_setup.add(None, _user(p.username), "email", "mailto:me@taishan.gov.cn").pk
        for p in PERSONAS
        if p.username is not None
    }
    others = channel_setup.add(None, _user("gxj_reporter"), "email", "mailto:gxj@taishan.gov.cn").pk
    world.things["own-channel"] = lambda p: Thing(
        {"channel_id": own_channels.get(p.username, others)}, made_by=p.username
    )
    world.things["other-channel"] = Thing({"channel_id": others}, made_by="gxj_reporter")


# --- the cases ------------------------------------------------------------------------------------------


def _rule(table: dict, route: str, method: str) -> Rule | None:
    rule = table[route][method]
    return table[route]["GET"] if rule is AS_GET else rule


def _filled_like(table: dict, route: str, method: str) -> Rule:
    """The rule whose objects fill the path: a method the page does not serve borrows the other's."""
    rule = _rule(table, route, method)
    return rule or next(r for m in table[route] if (r := _rule(table, route, m)))


def _cases():
    for kind, table in (("page", PAGES), ("api", API)):
        for route, methods in table.items():
            for method in methods:
                filled = _filled_like(table, route, method)
                for name in filled.on:
                    for variant in filled.variants:
                        for p in PERSONAS:
                            shown = ",".join([name, *map(str, variant.values())])
                            yield pytest.param(
                                kind, route, method, name, variant, p, id=f"{p}:{method}:{route}:{shown}"
                            )


def _url(kind: str, route: str, params: dict) -> str:
    if kind == "api":
        return re.sub(r"{(\w+)}", lambda m: str(params[m.group(1)]), route)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(params[m.group(1)]), route)


def _send(client, kind, method, url, rule, p, thing, world):
    data = rule.body(p, thing, world) if rule and rule.body else {}
    if kind == "page":
        if p.username:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[p.username]
        return client.get(url) if method == "GET" else client.post(url, data)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[p.username]}"} if p.username else {}
    if method == "GET":
        return client.get(url, **headers)
    if rule.files:
        return client.post(url, data, **headers)
    body = json.dumps(data, ensure_ascii=False, default=str)
    return client.generic(method, url, body, content_type="application/json", **headers)


def _close(response) -> None:
    """Close a download's file now, as the test client does: without the request_finished signal, whose
    close_old_connections would close PostgreSQL's connection inside the module's open transaction."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _matches(response, want, kind, method, rule) -> bool:
    code = response.status_code
    to_login = code == 302 and response["Location"].startswith(settings.LOGIN_URL)
    for outcome in want:
        if outcome in (ALLOWED, IGNORED):
            if method == "GET" and not (rule and rule.redirects):
                ok = code == 200
            else:
                ok = 200 <= code < 400 or code in (400, 409, 422)
            if ok and not (to_login and not (rule and rule.public)):
                return True
        elif outcome == LOGIN:
            if kind == "page" and to_login:
                return True
            if kind == "api" and code == 401 and response.json() == {"detail": "未登录或令牌无效"}:
                return True
        elif outcome == NO_METHOD:
            if code == 405:
                return True
        elif code == outcome:
            return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "route", "method", "name", "variant", "p"), list(_cases()))
def test_persona_gets_what_the_rules_say(client, world, kind, route, method, name, variant, p):
    table = PAGES if kind == "page" else API
    rule = _rule(table, route, method)
    thing = world.thing(name, p)
    if rule is NOT_SERVED:
        want = {NO_METHOD} if p.username else {LOGIN, NO_METHOD}
    else:
        want = expected(rule, p, thing, variant)
        if rule.prepare:
            rule.prepare(p, world)
    before = rule.effect(thing) if rule and rule.effect and IGNORED in want else None
    url = _url(kind, route, BASE | thing.params | variant)
    response = _send(client, kind, method, url, rule, p, thing, world)
    detail = response.content[:300].decode(errors="replace") if response.status_code >= 400 else ""
    _close(response)
    assert _matches(response, want, kind, method, rule), (
        f"{p} ({p.username}) {method} {url}: answered {response.status_code}, the rules say {sorted(map(str, want))}"
        f" {detail}"
    )
    if IGNORED in want:
        assert rule.effect(thing) == before, f"{p} {method} {url} changed what is not theirs"


# --- the matrix covers the whole site --------------------------------------------------------------------


def _site_routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _site_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _api_operations() -> dict[str, set[str]]:
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return {path: {m.upper() for m in ops} for path, ops in paths.items()}


def test_every_route_has_a_line_in_the_matrix():
    operations = _api_operations()
    from_api = {re.sub(r"{(\w+)}", r"<\1>", path.removeprefix("/")) for path in operations}
    pages = {r for r in _site_routes(get_resolver().url_patterns) if r not in from_api}
    assert not pages - set(PAGES), f"routes with no line in PAGES: {sorted(pages - set(PAGES))}"
    assert not set(PAGES) - pages, (
        f"PAGES lines for routes the site no longer has: {sorted(set(PAGES) - pages)}"
    )
    for route, methods in PAGES.items():
        assert set(methods) == {"GET", "POST"}, f"{route}: a page's line says what GET and POST get"
    declared = {path: set(methods) for path, methods in API.items()}
    assert not _missing(operations, declared), (
        f"API operations with no line in API: {_missing(operations, declared)}"
    )
    assert not _missing(declared, operations), (
        f"API lines for operations the API no longer has: {_missing(declared, operations)}"
    )


def _missing(these: dict[str, set], there: dict[str, set]) -> list:
    """(path, methods) of `these` that `there` lacks."""
    return sorted(
        (path, sorted(m - there.get(path, set()))) for path, m in these.items() if m - there.get(path, set())
    )


def test_the_declared_permissions_are_the_role_table():
    """The permissions the apps declare are the README's role table, neither more nor less."""
    declared = {perm: set(roles) for perm, roles in scope.PERMISSIONS.items()}
    assert declared == {perm: set(roles) for perm, roles in HOLDERS.items()}
