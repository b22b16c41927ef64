"""What each route asks of a persona: for every URL pattern of the site, what GET and POST meet; for every
operation of the API, what its method meets. Each line is a list of checks from `personas`, the demo
objects that fill its path (by name: the matrix's world makes them), and, for writes, what is sent.

A write is sent with the least that reaches its permission check: an empty form where the view checks
first, otherwise a valid body (a form that fails validation is still an allowed answer, 400/409/422), and
the submission stands at the workflow step where the persona's role acts on it.
"""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from liangxin.accounts.models import ApiToken
from liangxin.core.excel import XLSX_TYPE
from liangxin.demo.accounts import DEMO_PASSWORD
from liangxin.projects import list_import
from liangxin.reporting.models import Submission
from liangxin.subsidies.imports import pipeline
from liangxin.web.tests.personas import (
    AS_GET,
    CONFIGURES_CHANNEL,
    IGNORED,
    NOT_SERVED,
    Check,
    Persona,
    Rule,
    Thing,
    World,
    area,
    edits_event,
    edits_project,
    holds,
    keeps_list_entry,
    may,
    may_apply_to,
    may_edit_unit,
    may_withdraw_honour,
    owns,
    reviews_list_entry,
    sees_case,
    sees_department,
    sees_event,
    sees_list_entry,
    sees_programme,
    sees_project,
    sees_unit,
    within,
)

PLAN, PERIOD = "taishan-2024", "2026-11"
BASE = {
    "code": PLAN,
    "key": PERIOD,
    "period": PERIOD,
    "number": 8,
    "indicator": "t08-medical-equipment-renewal",
}
PDF = b"%PDF-1.4\n% persona matrix\n"
NEW_CHANNEL = {"department": "wjj", "kind": "email", "url": "mailto:wjj@taishan.gov.cn"}
MY_CHANNEL = {"kind": "email", "url": "mailto:me@taishan.gov.cn"}
REASON = "核对申请人身份信息"

# --- the checks routes share ------------------------------------------------------------------------------

PLAN_AREA = area("plan.view")
SUBSIDY_AREA = area("subsidy.view", "subsidy.view_all", "subsidy.apply_own")
IN_DEPARTMENT = within(sees_department)
IN_PROGRAMME = within(sees_programme)
IN_CASE = within(sees_case)
SUBMISSION = (PLAN_AREA, IN_DEPARTMENT)
DEPARTMENTS = ("wjj", "swj")  # the reporter's and reviewer's own, and the caseworker's and approver's
PROGRAMMES = ("appliance", "equipment")  # swj's programme for people, gxj's for enterprises
CASES = ("app-swj", "app-own", "app-foundry")  # swj's, the demo enterprise's own, another enterprise's
UNIT_AREA = area("unit.view", "unit.view_own")
IN_UNIT = within(sees_unit)
UNITS = ("unit-own", "unit-wjj")  # the demo enterprise's own (gxj manages it), a hospital wjj manages
EDITS_UNIT = Check(lambda p, t, v: may_edit_unit(p, t), 403)
WITHDRAWS = Check(lambda p, t, v: may_withdraw_honour(p, t), 403)
HONOUR = {"kind": "green-factory", "level": "city", "year": 2024, "document_number": "泰工信〔2024〕1号"}
PROJECT_AREA = area("project.view", "project.view_own")
IN_PROJECT = within(sees_project)
PROJECTS = ("project-own", "project-wjj")  # of the demo enterprise's unit (gxj's), of wjj's hospital
EDITS_PROJECT = Check(lambda p, t, v: edits_project(p, t), 403)
NEW_PROJECT = {
    "name": "泰山区人民医院医疗设备更新项目",
    "owner": "12370902MB0000001D",
    "field": "health",
    "total_investment": "3000",
    "equipment_investment": "2500",
    "start": "2025-06-01",
    "end": "2026-06-30",
    "department": "wjj",
}
PROJECT_STEP = {
    "checklist": {"item": "land", "state": "not_needed"},
    "stage": {"to": "reserve", "on": "2025-01-10"},
    "funding": {"channel": "self-funded", "kind": "request", "amount": "10", "on": "2025-01-10"},
}
EVENT_AREA = area("event.view", "event.view_own")
IN_EVENT = within(sees_event)
# wjj's event, which the demo enterprise does not take part in, and swj's, where it exhibits
EVENTS = ("event-wjj", "event-swj")
EDITS_EVENT = Check(lambda p, t, v: edits_event(p, t), 403)
NEW_EVENT = {
    "kind": "matchmaking",
    "title": "医疗设备供需对接会",
    "start": "2026-06-18",
    "place": "区卫健局会议室",
}
EVENT_STEP = {
    "held": {"held_on": "2026-06-18"},
    "cancel": {"reason": "场地检修取消"},
    "participants": {"unit": "91370902MA3C99998L", "role": "demand"},
    "outcomes": {"supply": "12370902MB0000001D", "demand": "泰安某医院", "kind": "intention"},
}
LISTS_AREA = area("lists.view_all", "lists.view_department", "lists.view_own")
LEADS = ("gxj", "fgj", "swj")  # the lists' lead departments see and mark every match


def sees_match(p: Persona, t: Thing) -> bool:
    """A match: the district-wide roles and lead departments, the demand's department, the enterprise of
    either side (made_by)."""
    if holds(p, "lists.view_all"):
        return True
    if holds(p, "lists.view_department"):
        return p.department in LEADS or p.department == t.department
    return holds(p, "lists.view_own") and t.made_by == p.username


def marks_match(p: Persona, t: Thing) -> bool:
    return holds(p, "match.mark") and (
        p.role == "coordinator"
        or p.department in LEADS
        or p.department == t.department
        or t.made_by == p.username
    )


IN_MATCH = within(sees_match)
MARKS = Check(lambda p, t, v: marks_match(p, t), 403)
INTENTION = {"state": "intention"}


IN_ENTRY = within(sees_list_entry)
KEEPS_ENTRY = Check(lambda p, t, v: keeps_list_entry(p, t), 403)
REVIEWS_ENTRY = Check(lambda p, t, v: reviews_list_entry(p, t), 403)
WITHDRAWS_ENTRY = Check(lambda p, t, v: keeps_list_entry(p, t) or reviews_list_entry(p, t), 403)
LIST_ENTRIES = {  # the entries of each list: the demo enterprise's own, one wjj entered; all submitted
    "supply": ("supply-own", "supply-wjj"),
    "demand": ("demand-own", "demand-wjj"),
}
NEW_ENTRY = {
    "supply": {"unit": "91370900MA3C12345J", "product": "矩阵测试产品", "category": "mining"},
    "demand": {
        "kind": "consumer",
        "subject": "矩阵测试需求",
        "consumer_category": "car",
        "quantity": "10",
        "amount": "100",
        "wanted_by": "2026-06",
    },
}


def entries_at(status: str):
    """Every list entry of the world stands at the status the request acts on (draft to edit or submit,
    submitted to review or withdraw)."""

    def prepare(p: Persona, world: World) -> None:
        from liangxin.lists.models import DemandEntry, SupplyEntry

        for model in (SupplyEntry, DemandEntry):
            model.objects.update(status=status)

    return prepare


ENTRY_STEPS = {  # step → (the check, the status it acts on, the form or body sent)
    "submit": (KEEPS_ENTRY, "draft", {}),
    "accept": (REVIEWS_ENTRY, "submitted", {}),
    "return": (REVIEWS_ENTRY, "submitted", {"note": REASON}),
    "withdraw": (WITHDRAWS_ENTRY, "submitted", {"note": REASON}),
}
API_ENTRY_STEPS = {
    "submit": (KEEPS_ENTRY, "draft", {}),
    "review": (REVIEWS_ENTRY, "submitted", {"decision": "accept"}),
    "withdraw": (WITHDRAWS_ENTRY, "submitted", {"reason": REASON}),
}
NEW_UNIT = {"name": "泰安新登记机械有限公司", "credit_code": "91370902MA3C99999K"}

# the step of the workflow at which each role acts on a submission: the submission stands there first
STEPS = {
    "reporter": ("save", "draft"),
    "reviewer": ("approve", "submitted"),
    "coordinator": ("accept", "approved"),
}


def at_the_role_s_step(p: Persona, world: World) -> None:
    status = STEPS.get(p.role, ("save", "draft"))[1]
    Submission.objects.filter(pk__in=world.submissions).update(status=status)


def its_step() -> Check:
    """The decision of the path's step: 初审 by a caseworker, 复审 by an approver."""
    return Check(lambda p, t, v: holds(p, "subsidy.first" if v["step"] == "first" else "subsidy.second"), 403)


def nowhere() -> Check:
    return Check(lambda p, t, v: False, 404, decisive=True)


def has_department() -> Check:
    return Check(lambda p, t, v: p.department is not None, 404)


def upload(name: str, data: bytes, kind: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=kind)


def empty_project_list() -> SimpleUploadedFile:
    return upload("项目库导入模板.xlsx", list_import.template(), XLSX_TYPE)


def pdf() -> SimpleUploadedFile:
    return upload("进展材料.pdf", PDF, "application/pdf")


def header_only_csv() -> SimpleUploadedFile:
    return upload("导入.csv", ",".join(pipeline.HEADERS).encode("utf-8-sig") + b"\n", "text/csv")


def token_state(t: Thing):
    return ApiToken.objects.get(pk=t.params["token_id"]).revoked_at


MANAGE_ACCOUNT = Rule((area("user.view"), may("user.manage")), on=("account",))
NEW_ACCOUNT = {"username": "matrix_new", "password": "Matrix#2026x", "department": "wjj", "full_name": "新人"}
SUBMISSION_WRITE = {"on": DEPARTMENTS, "prepare": at_the_role_s_step}
NEW_PERIOD = {"period": "2026-12", "deadline": "2027-01-05"}

# --- pages: GET and POST of each URL pattern ----------------------------------------------------------------

PAGES: dict[str, dict] = {
    "": {"GET": Rule(), "POST": AS_GET},
    "healthz": {"GET": Rule(public=True), "POST": AS_GET},
    "accounts/login/": {"GET": Rule(public=True, redirects=True), "POST": Rule(public=True)},
    "accounts/logout/": {"GET": NOT_SERVED, "POST": Rule(public=True)},
    "accounts/": {"GET": Rule(), "POST": AS_GET},
    "accounts/tokens/": {"GET": NOT_SERVED, "POST": Rule()},  # a wrong password: 400
    "accounts/tokens/<int:token_id>/revoke/": {
        "GET": NOT_SERVED,
        "POST": Rule((within(owns, IGNORED),), on=("own-token", "other-token"), effect=token_state),
    },
    "accounts/password/": {"GET": NOT_SERVED, "POST": Rule()},  # an empty form: 400
    "accounts/users/": {"GET": Rule((area("user.view"),)), "POST": AS_GET},
    "accounts/users/new/": {"GET": Rule((area("user.manage"),)), "POST": Rule((area("user.manage"),))},
    "accounts/users/<str:username>/": {"GET": Rule((area("user.view"),), on=("account",)), "POST": AS_GET},
    "accounts/users/<str:username>/disable/": {"GET": NOT_SERVED, "POST": MANAGE_ACCOUNT},
    "accounts/users/<str:username>/enable/": {"GET": NOT_SERVED, "POST": MANAGE_ACCOUNT},  # active: 409
    "accounts/users/<str:username>/roles/": {
        "GET": NOT_SERVED,
        "POST": Rule((area("user.view"), may("user.roles")), on=("account",)),  # no roles: 400
    },
    "audit/": {"GET": Rule((area("audit.view"),)), "POST": NOT_SERVED},
    "audit/<int:seq>/": {"GET": Rule((area("audit.view"),), on=("entry",)), "POST": NOT_SERVED},
    "queue/": {"GET": Rule((area("queue.view"),)), "POST": NOT_SERVED},
    "queue/jobs/": {"GET": Rule(), "POST": NOT_SERVED},  # everyone their own
    "queue/jobs/<int:job_id>/": {"GET": Rule((within(owns),), on=("job",)), "POST": NOT_SERVED},
    "queue/jobs/<int:job_id>/file": {"GET": Rule((within(owns),), on=("job",)), "POST": NOT_SERVED},
    # notifications: everyone their own
    "notifications/": {"GET": Rule(), "POST": NOT_SERVED},
    "notifications/read/": {"GET": NOT_SERVED, "POST": Rule()},
    "notifications/read-all/": {"GET": NOT_SERVED, "POST": Rule()},
    "notifications/<int:notification_id>/open/": {
        "GET": NOT_SERVED,
        "POST": Rule((within(owns),), on=("own-notification", "other-notification")),
    },
    "notifications/channels/": {
        "GET": Rule((area("channel.manage"),)),
        "POST": Rule((area("channel.manage"),), body=lambda p, t, w: NEW_CHANNEL),
    },
    "notifications/my-channels/": {
        "GET": Rule((area("channel.own"),)),
        "POST": Rule((area("channel.own"),), body=lambda p, t, w: MY_CHANNEL),
    },
    "notifications/channels/<int:channel_id>/": {
        "GET": Rule(CONFIGURES_CHANNEL, on=("channel", "own-channel", "other-channel")),
        "POST": NOT_SERVED,
    },
    "notifications/channels/<int:channel_id>/enable/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            CONFIGURES_CHANNEL,
            on=("channel", "own-channel", "other-channel"),
            body=lambda p, t, w: {"enabled": "1"},
        ),
    },
    "notifications/channels/<int:channel_id>/test/": {
        "GET": NOT_SERVED,
        "POST": Rule(CONFIGURES_CHANNEL, on=("channel", "own-channel", "other-channel")),
    },
    "api/v1/openapi.json": {"GET": Rule(public=True), "POST": AS_GET},  # the API documents itself
    "api/v1/docs": {"GET": Rule(public=True), "POST": AS_GET},
    "api/v1/": {"GET": Rule((nowhere(),), public=True), "POST": AS_GET},  # ninja's root: nothing there
    # plans
    "tasks/": {"GET": Rule((PLAN_AREA,), redirects=True), "POST": AS_GET},
    "policies/": {"GET": Rule((PLAN_AREA,), redirects=True), "POST": AS_GET},
    "my/": {"GET": Rule((has_department(), may("plan.view")), redirects=True), "POST": AS_GET},
    "plans/<str:code>/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/tasks/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/tasks/<int:number>/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/policies/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/departments/<slug:department>/": {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "POST": AS_GET,
    },
    # monitoring
    "plans/<str:code>/dashboard/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/dashboard.xlsx": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/indicators/<str:indicator>/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/periods/<str:key>/report.docx": {
        "GET": Rule((PLAN_AREA, may("submission.view_all"))),
        "POST": AS_GET,
    },
    "plans/<str:code>/periods/<str:key>/report.xlsx": {
        "GET": Rule((PLAN_AREA, may("submission.view_all"))),
        "POST": AS_GET,
    },
    # reporting
    "plans/<str:code>/periods/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/periods/open/": {
        "GET": NOT_SERVED,
        "POST": Rule((PLAN_AREA, may("period.manage")), body=lambda p, t, w: NEW_PERIOD),
    },
    "plans/<str:code>/periods/<str:key>/": {"GET": Rule((PLAN_AREA,)), "POST": AS_GET},
    "plans/<str:code>/periods/<str:key>/close/": {
        "GET": NOT_SERVED,
        "POST": Rule((PLAN_AREA, may("period.manage"))),
    },
    "plans/<str:code>/periods/<str:key>/remind/": {
        "GET": NOT_SERVED,
        "POST": Rule((PLAN_AREA, may("period.manage"))),
    },
    "plans/<str:code>/periods/<str:key>/dispatch/": {
        "GET": NOT_SERVED,
        "POST": Rule((PLAN_AREA, may("period.manage"))),
    },
    "plans/<str:code>/periods/<str:key>/bulletin/": {
        "GET": NOT_SERVED,
        "POST": Rule((PLAN_AREA, may("period.manage")), body=lambda p, t, w: {"problems": "资金到位偏慢"}),
    },
    "plans/<str:code>/periods/<str:key>/bulletin/issue/": {
        "GET": NOT_SERVED,
        "POST": Rule((PLAN_AREA, may("period.manage"))),
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/": {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "POST": Rule(
            (*SUBMISSION, may("submission.fill", "submission.approve", "submission.accept")),
            body=lambda p, t, w: {"action": STEPS.get(p.role, ("save",))[0]},
            **SUBMISSION_WRITE,
        ),
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/versions/": {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "POST": AS_GET,
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/form.xlsx": {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "POST": AS_GET,
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/upload/": {
        "GET": NOT_SERVED,
        "POST": Rule((*SUBMISSION, may("submission.fill")), **SUBMISSION_WRITE),
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/evidence/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (*SUBMISSION, may("submission.fill")),
            body=lambda p, t, w: {"evidence": pdf()},
            **SUBMISSION_WRITE,
        ),
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/evidence/<int:evidence_id>/": {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "POST": AS_GET,
    },
    "plans/<str:code>/periods/<str:key>/submissions/<slug:department>/evidence/<int:evidence_id>/delete/": {
        "GET": NOT_SERVED,
        "POST": Rule((*SUBMISSION, may("submission.fill")), **SUBMISSION_WRITE),
    },
    # subsidies
    "subsidies/applications/": {"GET": Rule((SUBSIDY_AREA,)), "POST": AS_GET},
    "subsidies/applications/new/<slug:code>/": {
        "GET": Rule((area("subsidy.apply"), within(may_apply_to)), on=PROGRAMMES),
        "POST": Rule((area("subsidy.apply"), within(may_apply_to)), on=PROGRAMMES),  # empty form: 422
    },
    "subsidies/applications/export.xlsx": {
        "GET": Rule((SUBSIDY_AREA,)),
        "POST": Rule((SUBSIDY_AREA, may("pii.reveal")), body=lambda p, t, w: {"reason": REASON}),
    },
    "subsidies/applications/<uuid:public_id>/": {
        "GET": Rule((SUBSIDY_AREA, IN_CASE), on=CASES),
        "POST": AS_GET,
    },
    "subsidies/applications/<uuid:public_id>/decide/<str:step>/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (SUBSIDY_AREA, IN_CASE, its_step()), on=CASES, variants=({"step": "first"}, {"step": "second"})
        ),
    },
    "subsidies/applications/<uuid:public_id>/invoices/<int:invoice_id>/": {
        "GET": Rule((SUBSIDY_AREA, IN_CASE), on=CASES),
        "POST": AS_GET,
    },
    "subsidies/applications/<uuid:public_id>/reveal/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (SUBSIDY_AREA, IN_CASE, may("pii.reveal")),
            on=CASES,
            body=lambda p, t, w: {"field": "id_number", "reason": REASON},
        ),
    },
    "subsidies/imports/": {"GET": Rule((SUBSIDY_AREA,)), "POST": AS_GET},
    "subsidies/imports/upload/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.import")),
            on=PROGRAMMES,
            body=lambda p, t, w: {"programme": t.params["code"]},
        ),
    },
    "subsidies/imports/template/<slug:code>.csv": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.import")), on=PROGRAMMES),
        "POST": AS_GET,
    },
    "subsidies/imports/template/<slug:code>.xlsx": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.import")), on=PROGRAMMES),
        "POST": AS_GET,
    },
    "subsidies/imports/<int:job_id>/": {"GET": Rule((SUBSIDY_AREA, IN_CASE), on=("import",)), "POST": AS_GET},
    "subsidies/imports/<int:job_id>/resume/": {
        "GET": NOT_SERVED,
        "POST": Rule((SUBSIDY_AREA, IN_CASE, may("subsidy.import")), on=("import",)),
    },
    "subsidies/imports/<int:job_id>/result.xlsx": {
        "GET": Rule((SUBSIDY_AREA, IN_CASE), on=("import",)),
        "POST": Rule(
            (SUBSIDY_AREA, IN_CASE, may("pii.reveal")),
            on=("import",),
            body=lambda p, t, w: {"reason": REASON},
        ),
    },
    "subsidies/payouts/": {"GET": Rule((area("subsidy.pay"),)), "POST": AS_GET},
    "subsidies/payouts/new/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")),
            on=PROGRAMMES,
            body=lambda p, t, w: {"programme": t.params["code"], "idempotency_key": uuid.uuid4().hex},
        ),
    },
    "subsidies/payouts/new/<slug:code>/": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")), on=PROGRAMMES),
        "POST": NOT_SERVED,
    },
    "subsidies/payouts/<int:batch_id>/": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")), on=("batch",)),
        "POST": NOT_SERVED,
    },
    "subsidies/payouts/<int:batch_id>/bank.xlsx": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")), on=("batch",)),
        "POST": AS_GET,
    },
    "subsidies/payouts/<int:batch_id>/review/": {  # the demo's batch is reviewed already: 302 back to it
        "GET": NOT_SERVED,
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")),
            on=("batch",),
            body=lambda p, t, w: {"decision": "approve"},
        ),
    },
    "subsidies/payouts/<int:batch_id>/results/": {
        "GET": NOT_SERVED,
        "POST": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")), on=("batch",)),
    },
    "subsidies/programmes/": {"GET": Rule((SUBSIDY_AREA,)), "POST": AS_GET},
    "subsidies/programmes/<slug:code>/": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME), on=PROGRAMMES),
        "POST": AS_GET,
    },
    "subsidies/programmes/<slug:code>/edit/": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("programme.edit")), on=PROGRAMMES),
        "POST": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("programme.edit")), on=PROGRAMMES),  # empty form: 422
    },
    # enterprises: the register of units and their honours
    "enterprises/": {"GET": Rule((UNIT_AREA,), redirects=True), "POST": AS_GET},  # an enterprise: its own
    "enterprises/new/": {"GET": Rule((may("unit.edit"),)), "POST": Rule((may("unit.edit"),))},  # empty: 422
    "enterprises/export.xlsx": {"GET": Rule((UNIT_AREA,)), "POST": AS_GET},
    "enterprises/import/": {"GET": Rule((may("unit.edit"),)), "POST": Rule((may("unit.edit"),))},
    "enterprises/honour-kinds/": {
        "GET": Rule((area("unit.view"),)),
        "POST": Rule((area("unit.view"), may("honour_kind.edit"))),  # empty form: 422
    },
    "enterprises/<int:pk>/": {"GET": Rule((UNIT_AREA, IN_UNIT), on=UNITS), "POST": AS_GET},
    "enterprises/<int:pk>/edit/": {
        "GET": Rule((UNIT_AREA, IN_UNIT, EDITS_UNIT), on=UNITS),
        "POST": Rule((UNIT_AREA, IN_UNIT, EDITS_UNIT), on=UNITS),
    },
    "enterprises/<int:pk>/reveal/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (UNIT_AREA, IN_UNIT, may("unit.reveal")), on=UNITS, body=lambda p, t, w: {"reason": REASON}
        ),
    },
    "enterprises/<int:pk>/honours/": {
        "GET": NOT_SERVED,
        "POST": Rule((UNIT_AREA, IN_UNIT, may("honour.record")), on=UNITS),  # empty form: 422
    },
    "enterprises/honours/<int:pk>/withdraw/": {
        "GET": NOT_SERVED,
        "POST": Rule(
            (UNIT_AREA, IN_UNIT, WITHDRAWS), on=("honour",), body=lambda p, t, w: {"reason": REASON}
        ),
    },
    "enterprises/honours/<int:pk>/document/": {
        "GET": Rule((UNIT_AREA, IN_UNIT), on=("honour",)),
        "POST": AS_GET,
    },
    # projects: the reserve
    "projects/": {"GET": Rule((PROJECT_AREA,)), "POST": AS_GET},
    "projects/new/": {
        "GET": Rule((may("project.edit"),)),
        "POST": Rule((may("project.edit"),)),
    },  # empty: 422
    "projects/recommend/": {"GET": Rule((PROJECT_AREA,)), "POST": AS_GET},
    "projects/export.xlsx": {"GET": Rule((PROJECT_AREA,)), "POST": AS_GET},
    "projects/import/": {
        "GET": Rule((may("project.edit"),)),
        "POST": Rule((may("project.edit"),)),
    },  # no file: 422
    "projects/import/template.xlsx": {"GET": Rule((may("project.edit"),)), "POST": AS_GET},
    "projects/summary/": {"GET": Rule((PROJECT_AREA,)), "POST": AS_GET},
    "projects/baselines/": {
        "GET": Rule((area("project.view"),)),
        "POST": Rule((area("project.view"), may("project.confirm"))),  # empty form: 422
    },
    "projects/<int:pk>/documents/": {
        "GET": NOT_SERVED,
        "POST": Rule((PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS),  # no file: 422
    },
    "projects/<int:pk>/documents/<int:document_id>/": {
        "GET": Rule((PROJECT_AREA, IN_PROJECT), on=PROJECTS),
        "POST": AS_GET,
    },
    "projects/<int:pk>/documents/<int:document_id>/delete/": {
        "GET": NOT_SERVED,
        "POST": Rule((PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS),
    },
    "projects/<int:pk>/": {"GET": Rule((PROJECT_AREA, IN_PROJECT), on=PROJECTS), "POST": AS_GET},
    "projects/<int:pk>/edit/": {
        "GET": Rule((PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS),
        "POST": Rule((PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS),  # empty form: 422
    },
    **{
        f"projects/<int:pk>/{step}/": {
            "GET": NOT_SERVED,
            "POST": Rule(
                (PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS, body=lambda p, t, w, b=body: b
            ),
        }
        for step, body in PROJECT_STEP.items()
    },
    "projects/stage-changes/<int:change_id>/decide/": {
        "GET": NOT_SERVED,
        "POST": Rule((PROJECT_AREA, may("project.confirm")), on=("stage-change",)),
    },
    # events: 供需对接会 and promotions
    "events/": {"GET": Rule((EVENT_AREA,)), "POST": AS_GET},
    "events/export/": {"GET": Rule((EVENT_AREA,)), "POST": AS_GET},
    "events/import/": {
        "GET": Rule((may("event.edit"),)),
        "POST": Rule((may("event.edit"),)),  # no file: 422
    },
    "events/new/": {"GET": Rule((may("event.edit"),)), "POST": Rule((may("event.edit"),))},  # empty: 422
    "events/<int:pk>/": {"GET": Rule((EVENT_AREA, IN_EVENT), on=EVENTS), "POST": AS_GET},
    "events/<int:pk>/edit/": {
        "GET": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS),
        "POST": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS),  # empty form: 422
    },
    **{
        f"events/<int:pk>/{step}/": {
            "GET": NOT_SERVED,
            "POST": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS, body=lambda p, t, w, b=body: b),
        }
        for step, body in {**EVENT_STEP, "delete": {}}.items()
    },
    **{
        f"events/<int:pk>/{rows}/<int:{key}>/remove/": {
            "GET": NOT_SERVED,
            "POST": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS),
        }
        for rows, key in (("participants", "participant_id"), ("outcomes", "outcome_id"))
    },
    # the 两优 and 两新 lists, and the public 名录
    "public/supply/": {"GET": Rule(public=True), "POST": AS_GET},
    "public/supply/export.xlsx": {"GET": Rule(public=True), "POST": AS_GET},
    "lists/categories/": {
        "GET": Rule((LISTS_AREA,)),
        "POST": Rule((LISTS_AREA, may("supply_category.edit"))),  # empty form: 422
    },
    **{
        route: methods
        for code, on in LIST_ENTRIES.items()
        for route, methods in {
            f"lists/{code}/": {"GET": Rule((LISTS_AREA,)), "POST": AS_GET},
            f"lists/{code}/new/": {"GET": Rule((may("lists.enter"),)), "POST": Rule((may("lists.enter"),))},
            f"lists/{code}/export.xlsx": {"GET": Rule((LISTS_AREA,)), "POST": AS_GET},
            f"lists/{code}/import/": {
                "GET": Rule((may("lists.enter"),)),
                "POST": Rule((may("lists.enter"),)),
            },
            f"lists/{code}/<int:pk>/": {"GET": Rule((LISTS_AREA, IN_ENTRY), on=on), "POST": AS_GET},
            f"lists/{code}/<int:pk>/edit/": {
                "GET": Rule((LISTS_AREA, IN_ENTRY, KEEPS_ENTRY), on=on, prepare=entries_at("draft")),
                "POST": Rule((LISTS_AREA, IN_ENTRY, KEEPS_ENTRY), on=on, prepare=entries_at("draft")),
            },
            f"lists/{code}/<int:pk>/reveal/": {
                "GET": NOT_SERVED,
                "POST": Rule(
                    (LISTS_AREA, IN_ENTRY, may("lists.reveal")),
                    on=on,
                    body=lambda p, t, w: {"reason": REASON},
                ),
            },
            **{
                f"lists/{code}/<int:pk>/{step}/": {
                    "GET": NOT_SERVED,
                    "POST": Rule(
                        (LISTS_AREA, IN_ENTRY, check),
                        on=on,
                        prepare=entries_at(status),
                        body=lambda p, t, w, b=body: b,
                    ),
                }
                for step, (check, status, body) in ENTRY_STEPS.items()
            },
        }.items()
    },
    # matching: the candidates of an accepted demand and supply entry (any reader of the lists), the matches
    "lists/matches/": {"GET": Rule((LISTS_AREA,)), "POST": AS_GET},
    "lists/matches/export.xlsx": {"GET": Rule((LISTS_AREA,)), "POST": AS_GET},
    "lists/matches/<int:pk>/": {"GET": Rule((LISTS_AREA, IN_MATCH), on=("match",)), "POST": AS_GET},
    "lists/matches/<int:pk>/state/": {
        "GET": NOT_SERVED,
        "POST": Rule((LISTS_AREA, IN_MATCH, MARKS), on=("match",), body=lambda p, t, w: INTENTION),
    },
    "lists/matches/for-demand/<int:pk>/": {
        "GET": Rule((LISTS_AREA,), on=("pair-demand",)),
        "POST": Rule((LISTS_AREA, MARKS), on=("pair-demand",), body=lambda p, t, w: t.params["mark"]),
    },
    "lists/matches/for-supply/<int:pk>/": {
        "GET": Rule((LISTS_AREA,), on=("pair-supply",)),
        "POST": Rule((LISTS_AREA, MARKS), on=("pair-supply",), body=lambda p, t, w: t.params["mark"]),
    },
}

# --- the API: each declared method of each path ----------------------------------------------------------

SUBMISSION_API = "/api/v1/plans/{code}/periods/{period}/submissions/{department}"
DECISION = {"outcome": "approve", "reason": "材料齐全，同意"}

API: dict[str, dict[str, Rule]] = {
    "/api/v1/auth/token": {
        "POST": Rule(
            public=True,
            body=lambda p, t, w: {"username": p.username or "leader", "password": DEMO_PASSWORD},
        ),
        "DELETE": Rule(),
    },
    "/api/v1/me": {"GET": Rule()},
    "/api/v1/notifications": {"GET": Rule()},
    "/api/v1/notifications/unread-count": {"GET": Rule()},
    "/api/v1/notifications/read": {"POST": Rule(body=lambda p, t, w: {"ids": [1]})},
    "/api/v1/notifications/read-all": {"POST": Rule()},
    "/api/v1/notifications/channels": {
        "GET": Rule((area("channel.manage"),)),
        "POST": Rule((area("channel.manage"),), body=lambda p, t, w: NEW_CHANNEL),
    },
    "/api/v1/notifications/my-channels": {
        "GET": Rule((area("channel.own"),)),
        "POST": Rule((area("channel.own"),), body=lambda p, t, w: MY_CHANNEL),
    },
    "/api/v1/notifications/channels/{channel_id}/enabled": {
        "POST": Rule(
            CONFIGURES_CHANNEL,
            on=("channel", "own-channel", "other-channel"),
            body=lambda p, t, w: {"enabled": True},
        )
    },
    "/api/v1/notifications/channels/{channel_id}/test": {
        "POST": Rule(CONFIGURES_CHANNEL, on=("channel", "own-channel", "other-channel"))
    },
    "/api/v1/notifications/deliveries": {"GET": Rule((area("channel.manage"),))},
    "/api/v1/me/password": {  # the demo password as the current one; a new one too simple: 422
        "POST": Rule(body=lambda p, t, w: {"current_password": DEMO_PASSWORD, "new_password": "x"})
    },
    "/api/v1/users": {"POST": Rule((area("user.manage"),), body=lambda p, t, w: NEW_ACCOUNT)},
    "/api/v1/users/{username}/disable": {"POST": MANAGE_ACCOUNT},
    "/api/v1/users/{username}/enable": {"POST": MANAGE_ACCOUNT},  # an active account: 409
    "/api/v1/users/{username}/roles": {
        "PUT": Rule(
            (area("user.view"), may("user.roles")), on=("account",), body=lambda p, t, w: {"roles": []}
        )
    },
    "/api/v1/departments": {"GET": Rule((PLAN_AREA,))},
    "/api/v1/departments/{code}": {"GET": Rule(SUBMISSION, on=("dept-wjj", "dept-swj"))},
    "/api/v1/plans": {"GET": Rule((PLAN_AREA,))},
    "/api/v1/plans/{code}": {"GET": Rule((PLAN_AREA,))},
    "/api/v1/plans/{code}/status": {"GET": Rule((PLAN_AREA,))},
    "/api/v1/plans/{code}/periods": {
        "GET": Rule((PLAN_AREA,)),
        "POST": Rule((PLAN_AREA, may("period.manage")), body=lambda p, t, w: NEW_PERIOD),
    },
    "/api/v1/plans/{code}/periods/{period}/close": {"POST": Rule((PLAN_AREA, may("period.manage")))},
    "/api/v1/plans/{code}/periods/{period}/dispatch": {"POST": Rule((PLAN_AREA, may("period.manage")))},
    "/api/v1/plans/{code}/periods/{period}/bulletin": {
        "GET": Rule((PLAN_AREA, may("period.manage"))),
        "PUT": Rule((PLAN_AREA, may("period.manage")), body=lambda p, t, w: {"problems": "资金到位偏慢"}),
    },
    "/api/v1/plans/{code}/periods/{period}/bulletin/issue": {"POST": Rule((PLAN_AREA, may("period.manage")))},
    "/api/v1/plans/{code}/periods/{period}/report.docx": {
        "GET": Rule((PLAN_AREA, may("submission.view_all")))
    },
    "/api/v1/plans/{code}/periods/{period}/report.xlsx": {
        "GET": Rule((PLAN_AREA, may("submission.view_all")))
    },
    SUBMISSION_API: {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "PUT": Rule((*SUBMISSION, may("submission.fill")), body=lambda p, t, w: {}, **SUBMISSION_WRITE),
    },
    f"{SUBMISSION_API}/submit": {"POST": Rule((*SUBMISSION, may("submission.fill")), **SUBMISSION_WRITE)},
    f"{SUBMISSION_API}/approve": {"POST": Rule((*SUBMISSION, may("submission.approve")), **SUBMISSION_WRITE)},
    f"{SUBMISSION_API}/accept": {"POST": Rule((*SUBMISSION, may("submission.accept")), **SUBMISSION_WRITE)},
    f"{SUBMISSION_API}/return": {
        "POST": Rule(
            (*SUBMISSION, may("submission.approve", "submission.accept")),
            body=lambda p, t, w: {"comment": "请补充本月进展说明"},
            **SUBMISSION_WRITE,
        )
    },
    f"{SUBMISSION_API}/evidence": {
        "GET": Rule(SUBMISSION, on=DEPARTMENTS),
        "POST": Rule(
            (*SUBMISSION, may("submission.fill")),
            body=lambda p, t, w: {"file": pdf()},
            files=True,
            **SUBMISSION_WRITE,
        ),
    },
    f"{SUBMISSION_API}/evidence/{{evidence_id}}": {"GET": Rule(SUBMISSION, on=DEPARTMENTS)},
    "/api/v1/subsidy/programmes": {"GET": Rule((SUBSIDY_AREA,))},
    "/api/v1/subsidy/programmes/{code}": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME), on=PROGRAMMES),
        "PATCH": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("programme.edit")), on=PROGRAMMES, body=lambda p, t, w: {}
        ),
    },
    "/api/v1/subsidy/applications": {
        "GET": Rule((SUBSIDY_AREA,)),
        "POST": Rule(
            (area("subsidy.apply"), within(may_apply_to)),
            on=PROGRAMMES,
            body=lambda p, t, w: {"programme": t.params["code"]},
        ),
    },
    "/api/v1/subsidy/applications/export": {
        "GET": Rule((SUBSIDY_AREA,)),
        "POST": Rule((SUBSIDY_AREA, may("pii.reveal")), body=lambda p, t, w: {"reason": REASON}),
    },
    "/api/v1/subsidy/applications/{public_id}": {"GET": Rule((SUBSIDY_AREA, IN_CASE), on=CASES)},
    "/api/v1/subsidy/applications/{public_id}/first-decision": {
        "POST": Rule((SUBSIDY_AREA, IN_CASE, may("subsidy.first")), on=CASES, body=lambda p, t, w: DECISION)
    },
    "/api/v1/subsidy/applications/{public_id}/second-decision": {
        "POST": Rule((SUBSIDY_AREA, IN_CASE, may("subsidy.second")), on=CASES, body=lambda p, t, w: DECISION)
    },
    "/api/v1/subsidy/applications/{public_id}/resubmit": {
        "POST": Rule((SUBSIDY_AREA, IN_CASE, may("subsidy.apply")), on=CASES, body=lambda p, t, w: {})
    },
    "/api/v1/subsidy/payout-batches": {
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")),
            on=PROGRAMMES,
            body=lambda p, t, w: {"programme": t.params["code"], "idempotency_key": uuid.uuid4().hex},
        )
    },
    "/api/v1/subsidy/payout-batches/{batch_id}/results": {
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")),
            on=("batch",),
            body=lambda p, t, w: {"application": t.params["unpaid"], "paid": True},
        )
    },
    "/api/v1/subsidy/payout-batches/{batch_id}/review": {  # the demo's batch is reviewed already: 409
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")),
            on=("batch",),
            body=lambda p, t, w: {"approve": True},
        )
    },
    "/api/v1/subsidy/payout-batches/{batch_id}/bank-file": {
        "GET": Rule((SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")), on=("batch",))
    },
    "/api/v1/subsidy/payout-batches/{batch_id}/result-file": {
        "POST": Rule(
            (SUBSIDY_AREA, IN_PROGRAMME, may("subsidy.pay")),
            on=("batch",),
            body=lambda p, t, w: {"file": upload("回单.xlsx", b"not a workbook", "application/octet-stream")},
            files=True,
        )
    },
    "/api/v1/subsidy/imports": {
        "GET": Rule((SUBSIDY_AREA,)),
        # a programme outside the caseworker's scope is refused as the form's error (README: 422)
        "POST": Rule(
            (SUBSIDY_AREA, may("subsidy.import"), within(sees_programme, 422)),
            on=PROGRAMMES,
            body=lambda p, t, w: {"programme": t.params["code"], "file": header_only_csv()},
            files=True,
        ),
    },
    "/api/v1/subsidy/imports/{job_id}": {"GET": Rule((SUBSIDY_AREA, IN_CASE), on=("import",))},
    "/api/v1/subsidy/imports/{job_id}/result": {
        "GET": Rule((SUBSIDY_AREA, IN_CASE), on=("import",)),
        "POST": Rule(
            (SUBSIDY_AREA, IN_CASE, may("pii.reveal")),
            on=("import",),
            body=lambda p, t, w: {"reason": REASON},
        ),
    },
    "/api/v1/subsidy/imports/{job_id}/resume": {
        "POST": Rule((SUBSIDY_AREA, IN_CASE, may("subsidy.import")), on=("import",))
    },
    "/api/v1/enterprises/units": {
        "GET": Rule((UNIT_AREA,)),
        "POST": Rule((may("unit.edit"),), body=lambda p, t, w: NEW_UNIT),
    },
    "/api/v1/enterprises/units/{unit_id}": {
        "GET": Rule((UNIT_AREA, IN_UNIT), on=UNITS),
        "PATCH": Rule((UNIT_AREA, IN_UNIT, EDITS_UNIT), on=UNITS, body=lambda p, t, w: {}),
    },
    "/api/v1/enterprises/units/{unit_id}/reveal": {
        "POST": Rule(
            (UNIT_AREA, IN_UNIT, may("unit.reveal")), on=UNITS, body=lambda p, t, w: {"reason": REASON}
        )
    },
    "/api/v1/enterprises/units/{unit_id}/honours": {
        "GET": Rule((UNIT_AREA, IN_UNIT), on=UNITS),
        "POST": Rule((UNIT_AREA, IN_UNIT, may("honour.record")), on=UNITS, body=lambda p, t, w: HONOUR),
    },
    "/api/v1/enterprises/honours/{honour_id}/withdraw": {
        "POST": Rule((UNIT_AREA, IN_UNIT, WITHDRAWS), on=("honour",), body=lambda p, t, w: {"reason": REASON})
    },
    "/api/v1/enterprises/honour-kinds": {"GET": Rule((UNIT_AREA,))},
    "/api/v1/projects": {
        "GET": Rule((PROJECT_AREA,)),
        "POST": Rule((may("project.edit"),), body=lambda p, t, w: NEW_PROJECT),
    },
    "/api/v1/projects/recommend": {"GET": Rule((PROJECT_AREA,))},
    "/api/v1/projects/import-template": {"GET": Rule((may("project.edit"),))},
    "/api/v1/projects/import": {
        "POST": Rule((may("project.edit"),), body=lambda p, t, w: {"file": empty_project_list()}, files=True)
    },  # a file without rows: 422
    "/api/v1/projects/baselines": {
        "GET": Rule((area("project.view"),)),
        "PUT": Rule(
            (area("project.view"), may("project.confirm")),
            body=lambda p, t, w: {"field": "industry", "amount": "1000"},
        ),
    },
    "/api/v1/projects/{project_id}/progress": {"GET": Rule((PROJECT_AREA, IN_PROJECT), on=PROJECTS)},
    "/api/v1/projects/{project_id}/documents": {
        "GET": Rule((PROJECT_AREA, IN_PROJECT), on=PROJECTS),
        "POST": Rule(
            (PROJECT_AREA, IN_PROJECT, EDITS_PROJECT),
            on=PROJECTS,
            body=lambda p, t, w: {"file": pdf()},
            files=True,
        ),
    },
    "/api/v1/projects/documents/{document_id}": {
        "GET": Rule((PROJECT_AREA, IN_PROJECT), on=PROJECTS),
        "DELETE": Rule((PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS),
    },
    "/api/v1/projects/{project_id}": {
        "GET": Rule((PROJECT_AREA, IN_PROJECT), on=PROJECTS),
        "PATCH": Rule((PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS, body=lambda p, t, w: {}),
    },
    **{
        f"/api/v1/projects/{{project_id}}/{step}": {
            "POST": Rule(
                (PROJECT_AREA, IN_PROJECT, EDITS_PROJECT), on=PROJECTS, body=lambda p, t, w, b=body: b
            )
        }
        for step, body in PROJECT_STEP.items()
    },
    "/api/v1/events": {
        "GET": Rule((EVENT_AREA,)),
        "POST": Rule((may("event.edit"),), body=lambda p, t, w: NEW_EVENT),
    },
    "/api/v1/events/{event_id}": {
        "GET": Rule((EVENT_AREA, IN_EVENT), on=EVENTS),
        "PATCH": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS, body=lambda p, t, w: {}),
        "DELETE": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS),
    },
    **{
        f"/api/v1/events/{{event_id}}/{step}": {
            "POST": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS, body=lambda p, t, w, b=body: b)
        }
        for step, body in EVENT_STEP.items()
    },
    **{
        f"/api/v1/events/{rows}/{{{key}}}": {"DELETE": Rule((EVENT_AREA, IN_EVENT, EDITS_EVENT), on=EVENTS)}
        for rows, key in (("participants", "participant_id"), ("outcomes", "outcome_id"))
    },
    "/api/v1/lists/supply-categories": {"GET": Rule((LISTS_AREA,))},
    **{
        route: methods
        for code, on in LIST_ENTRIES.items()
        for route, methods in {
            f"/api/v1/lists/{code}": {
                "GET": Rule((LISTS_AREA,)),
                "POST": Rule((may("lists.enter"),), body=lambda p, t, w, c=code: NEW_ENTRY[c]),
            },
            f"/api/v1/lists/{code}/{{entry_id}}": {
                "GET": Rule((LISTS_AREA, IN_ENTRY), on=on),
                "PATCH": Rule(
                    (LISTS_AREA, IN_ENTRY, KEEPS_ENTRY),
                    on=on,
                    prepare=entries_at("draft"),
                    body=lambda p, t, w: {},
                ),
            },
            f"/api/v1/lists/{code}/{{entry_id}}/reveal": {
                "POST": Rule(
                    (LISTS_AREA, IN_ENTRY, may("lists.reveal")),
                    on=on,
                    body=lambda p, t, w: {"reason": REASON},
                )
            },
            **{
                f"/api/v1/lists/{code}/{{entry_id}}/{step}": {
                    "POST": Rule(
                        (LISTS_AREA, IN_ENTRY, check),
                        on=on,
                        prepare=entries_at(status),
                        body=lambda p, t, w, b=body: b,
                    )
                }
                for step, (check, status, body) in API_ENTRY_STEPS.items()
            },
        }.items()
    },
    "/api/v1/lists/demand/{demand_id}/candidates": {"GET": Rule((LISTS_AREA,), on=("pair-demand",))},
    "/api/v1/lists/supply/{supply_id}/candidates": {"GET": Rule((LISTS_AREA,), on=("pair-supply",))},
    "/api/v1/lists/matches": {
        "GET": Rule((LISTS_AREA,)),
        "POST": Rule((LISTS_AREA, MARKS), on=("match",), body=lambda p, t, w: t.params["pair"] | INTENTION),
    },
    "/api/v1/lists/matches/{match_id}": {"GET": Rule((LISTS_AREA, IN_MATCH), on=("match",))},
    "/api/v1/lists/matches/{match_id}/state": {
        "POST": Rule((LISTS_AREA, IN_MATCH, MARKS), on=("match",), body=lambda p, t, w: INTENTION)
    },
}
