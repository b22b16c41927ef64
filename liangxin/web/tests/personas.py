"""The language of the persona × route matrix: who the personas are, what each role may do (the README's
role table restated as permissions), which objects a persona sees, and how a route's checks combine into
the answers a persona may get.

A route lists the checks a request meets. A check that fails gives its refusal: 403 when the role lacks
the permission, 404 when the object is outside the persona's data scope. A *decisive* check (the role may
not enter this part of the site at all) gives its refusal alone. When several other checks fail, any of
their refusals is a right answer: a caseworker posting to another department's submission lacks both the
scope and the role, and 403 or 404 both refuse without telling whether the submission exists. Nothing
failing means allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from liangxin.demo.accounts import DEMO_ACCOUNTS

# --- who ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    role: str
    username: str | None  # None: not signed in
    department: str | None

    def __str__(self):
        return self.role


_ACCOUNTS = {a.username: a for a in DEMO_ACCOUNTS}
# one demo account for each role: wjj reports, swj runs the appliance programme
USERNAMES = {
    "coordinator": "fgj_coordinator",
    "leader": "leader",
    "reporter": "wjj_reporter",
    "reviewer": "wjj_reviewer",
    "caseworker": "swj_caseworker",
    "approver": "swj_approver",
    "finance": "czj_finance",
    "enterprise": "enterprise",
    "admin": "admin",
    "security": "security",
    "auditor": "auditor",
}
PERSONAS = [Persona(role, name, _ACCOUNTS[name].department) for role, name in USERNAMES.items()] + [
    Persona("anonymous", None, None)
]

# --- what each role may do: the README's role table (section 角色) -------------------------------------------

# 查看全部: coordinator, leader and finance; the auditor reads everything too, read-only (the 通报 is for
# 统筹协调、领导、财政和审计)
DISTRICT_WIDE = frozenset({"coordinator", "leader", "finance", "auditor"})
# everyone who works on the plan; the enterprise may not see internal work data, admin and security
# handle no business data
PLAN_STAFF = DISTRICT_WIDE | {"reporter", "reviewer", "caseworker", "approver"}
HOLDERS: dict[str, frozenset[str]] = {
    "plan.view": PLAN_STAFF,
    "department.view_all": DISTRICT_WIDE,
    "user.view": frozenset({"admin", "security", "auditor"}),  # 查看账号
    "user.manage": frozenset({"admin"}),  # 新增、停用、启用账号
    "user.roles": frozenset({"security"}),  # 分配角色
    "audit.view": frozenset({"auditor"}),  # 查看审计日志
    "queue.view": frozenset({"admin", "coordinator"}),  # 查看定时任务及其运行记录
    "channel.manage": frozenset({"admin", "coordinator"}),  # 配置部门的通知渠道
    "channel.own": PLAN_STAFF | {"admin", "security", "enterprise"},  # 配置自己的通知渠道：人人
    "period.manage": frozenset({"coordinator"}),  # 开启、关闭填报期，发送提醒
    "submission.view_all": DISTRICT_WIDE,
    "submission.fill": frozenset({"reporter"}),  # 填写、上传并报送本部门的调度数据和附件
    "submission.approve": frozenset({"reviewer"}),  # 审核本部门的填报：通过或退回
    "submission.accept": frozenset({"coordinator"}),  # 采纳或退回各部门的填报
    "subsidy.view": frozenset({"caseworker", "approver"}),  # 本部门主管的补贴项目
    "subsidy.view_all": DISTRICT_WIDE,
    "subsidy.apply": frozenset({"caseworker", "enterprise"}),  # 录入申请 / 为本企业申报
    "subsidy.apply_own": frozenset({"enterprise"}),
    "subsidy.import": frozenset({"caseworker"}),  # 批量导入
    "subsidy.first": frozenset({"caseworker"}),  # 初审
    "subsidy.second": frozenset({"approver"}),  # 复审
    "programme.edit": frozenset({"approver"}),  # 修改本部门的补贴项目
    "pii.reveal": frozenset({"caseworker", "approver"}),  # 凭理由查看完整个人信息
    "subsidy.pay": frozenset({"finance"}),  # 生成拨付批次、导出银行文件、导入银行回单
    "payout.accounts": frozenset({"finance"}),  # 银行文件的完整户名与账号
    "unit.view": PLAN_STAFF,  # 企业与单位名录
    "unit.view_own": frozenset({"enterprise"}),  # 本企业
    "unit.edit_all": frozenset({"coordinator"}),
    "unit.edit": frozenset({"coordinator", "reporter", "reviewer"}),  # 本部门主管的单位
    "unit.reveal": frozenset({"coordinator", "reporter", "reviewer"}),
    "honour.record": frozenset({"coordinator", "reporter", "reviewer"}),
    "honour_kind.edit": frozenset({"coordinator"}),
    "project.view": PLAN_STAFF,  # 项目库
    "project.view_own": frozenset({"enterprise"}),  # 本企业的项目
    "project.edit": frozenset({"coordinator", "reporter", "reviewer"}),  # 责任部门维护
    "project.confirm": frozenset({"coordinator"}),  # 确认申报、下达
    "event.view": PLAN_STAFF,  # 对接和促销活动
    "event.view_own": frozenset({"enterprise"}),  # 本企业参加的活动
    "event.edit": frozenset({"coordinator", "reporter", "reviewer"}),  # 主办部门维护
    "event.edit_all": frozenset({"coordinator"}),
    "lists.view_all": DISTRICT_WIDE,  # 两优两新清单：全部条目
    "lists.view_department": frozenset({"reporter", "reviewer"}),  # 本部门录入的（牵头部门：已提交的全部）
    "lists.view_own": frozenset({"enterprise"}),  # 本企业填报的
    "lists.enter": frozenset({"coordinator", "reporter", "reviewer", "enterprise"}),
    "lists.enter_any": frozenset({"coordinator"}),
    "lists.review": frozenset({"coordinator", "reviewer"}),  # 牵头部门的审核人员
    "lists.reveal": frozenset({"coordinator", "reporter", "reviewer"}),
    "supply_category.edit": frozenset({"coordinator"}),
    "match.mark": frozenset({"coordinator", "reporter", "reviewer", "enterprise"}),  # 登记供需对接
}
# the departments whose reviewers review each list (lists.codes.LISTS)
LIST_LEADS = {"supply": ("gxj",), "demand": ("fgj", "swj")}


def holds(p: Persona, perm: str) -> bool:
    return p.role in HOLDERS[perm]


# --- what a persona sees --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thing:
    """A real demo object a path (or a form) names, with what decides who sees it."""

    params: dict
    department: str | None = None  # whose it is: a submission's department, a programme's
    made_by: str | None = None  # the account that created it, where only one's own is seen
    for_enterprises: bool = False  # a programme enterprises apply to themselves


def sees_department(p: Persona, t: Thing) -> bool:
    return holds(p, "department.view_all") or p.department == t.department


def sees_programme(p: Persona, t: Thing) -> bool:
    """District-wide roles see every programme, enterprises every one they might apply to; caseworkers
    and approvers their own department's."""
    if holds(p, "subsidy.view_all") or holds(p, "subsidy.apply_own"):
        return True
    return holds(p, "subsidy.view") and p.department == t.department


def sees_case(p: Persona, t: Thing) -> bool:
    """An application or an import: the staff of its programme see it, an enterprise only its own."""
    staff = holds(p, "subsidy.view_all") or holds(p, "subsidy.view")
    return sees_programme(p, t) and (staff or t.made_by == p.username)


def may_apply_to(p: Persona, t: Thing) -> bool:
    """An enterprise applies to the programmes for enterprises; a caseworker to their department's."""
    if holds(p, "subsidy.apply_own"):
        return t.for_enterprises
    return sees_programme(p, t)


def sees_unit(p: Persona, t: Thing) -> bool:
    """The register: every internal role sees every unit, an enterprise its own."""
    return holds(p, "unit.view") or (holds(p, "unit.view_own") and t.made_by == p.username)


def may_edit_unit(p: Persona, t: Thing) -> bool:
    """The coordinator any unit, a department's reporter or reviewer those it manages, an enterprise its own."""
    if holds(p, "unit.edit_all"):
        return True
    return (holds(p, "unit.edit") and p.department == t.department) or (
        holds(p, "unit.view_own") and t.made_by == p.username
    )


def may_withdraw_honour(p: Persona, t: Thing) -> bool:
    """The department that entered an honour withdraws it, or the coordinator."""
    return holds(p, "honour.record") and (holds(p, "unit.edit_all") or p.department == t.department)


def sees_project(p: Persona, t: Thing) -> bool:
    """Every internal role sees the reserve, an enterprise the projects of its own unit."""
    return holds(p, "project.view") or (holds(p, "project.view_own") and t.made_by == p.username)


def edits_project(p: Persona, t: Thing) -> bool:
    """The responsible department keeps its project, the coordinator any."""
    return holds(p, "project.edit") and (holds(p, "project.confirm") or p.department == t.department)


def sees_event(p: Persona, t: Thing) -> bool:
    """Every internal role sees every event, an enterprise the events its unit takes part in."""
    return holds(p, "event.view") or (holds(p, "event.view_own") and t.made_by == p.username)


def edits_event(p: Persona, t: Thing) -> bool:
    """The organising department keeps its event, the coordinator any."""
    return holds(p, "event.edit") and (holds(p, "event.edit_all") or p.department == t.department)


def sees_list_entry(p: Persona, t: Thing) -> bool:
    """District-wide roles every entry, a department's reporter and reviewer their department's (the
    matrix's entries are submitted, which a lead department sees too), an enterprise its own."""
    if holds(p, "lists.view_all"):
        return True
    if holds(p, "lists.view_department"):
        return p.department == t.department or p.department in LIST_LEADS[t.params["list"]]
    return holds(p, "lists.view_own") and t.made_by == p.username


def keeps_list_entry(p: Persona, t: Thing) -> bool:
    """The side that entered the entry (the enterprise, or the department), or the coordinator."""
    if not holds(p, "lists.enter"):
        return False
    if holds(p, "lists.enter_any"):
        return True
    if holds(p, "lists.view_own"):
        return t.made_by == p.username
    return t.department is not None and p.department == t.department


def reviews_list_entry(p: Persona, t: Thing) -> bool:
    return holds(p, "lists.review") and (
        holds(p, "lists.enter_any") or p.department in LIST_LEADS[t.params["list"]]
    )


def owns(p: Persona, t: Thing) -> bool:
    return t.made_by == p.username


# --- how a route's checks combine -----------------------------------------------------------------------

ALLOWED, LOGIN, NO_METHOD = "allowed", "login", "405"
# answered like an allowed request, but the object is left as it was (someone else's token)
IGNORED = "ignored"


@dataclass(frozen=True)
class Check:
    passes: Callable[[Persona, Thing, dict], bool]
    refusal: int | str
    decisive: bool = False


def area(*perms: str) -> Check:
    """The part of the site a role may enter at all (403, whatever the object)."""
    return Check(lambda p, t, v: any(holds(p, perm) for perm in perms), 403, decisive=True)


def may(*perms: str) -> Check:
    """The role may do this (403)."""
    return Check(lambda p, t, v: any(holds(p, perm) for perm in perms), 403)


def within(scope: Callable[[Persona, Thing], bool], refusal: int | str = 404) -> Check:
    """The object is in the persona's data scope (404: its existence is not revealed)."""
    return Check(lambda p, t, v: scope(p, t), refusal)


# a department's channel (made by nobody) to those who configure them; one's own to oneself; another
# person's is refused (403) to those who may not configure channels and not found (404) by those who may
CONFIGURES_CHANNEL = (
    Check(lambda p, t, v: holds(p, "channel.manage") or owns(p, t), 403, decisive=True),
    Check(lambda p, t, v: t.made_by in (None, p.username), 404),
)


@dataclass(frozen=True)
class Rule:
    """What one method of one route asks, and how the matrix calls it."""

    checks: tuple[Check, ...] = ()
    on: tuple[str, ...] = ("plan",)  # the things its path (and form) are filled from
    variants: tuple[dict, ...] = ({},)  # further path parameters, one case each
    body: Callable | None = None  # (persona, thing, world) -> the form or JSON sent
    files: bool = False  # the API call sends a multipart form
    prepare: Callable | None = None  # (persona, world) -> None, before the request
    public: bool = False  # anyone, signed in or not
    redirects: bool = False  # an allowed GET may answer with a redirect
    effect: Callable | None = None  # (thing) -> state an IGNORED request must leave unchanged


NOT_SERVED = None  # the route does not serve this method: 405
AS_GET = "as GET"  # the page answers POST as it answers GET


def expected(rule: Rule, p: Persona, t: Thing, variant: dict) -> set:
    """The answers that are right for this persona: the login for a visitor not signed in, a decisive
    refusal alone, any of the other refusals, or allowed."""
    if p.username is None and not rule.public:
        return {LOGIN}
    failed = [c for c in rule.checks if not c.passes(p, t, variant)]
    decisive = [c.refusal for c in failed if c.decisive]
    if decisive:
        return {decisive[0]}
    return {c.refusal for c in failed} or {ALLOWED}


@dataclass
class World:
    """The demo objects of one matrix run, by name; tokens and sessions by username."""

    things: dict[str, Thing | Callable[[Persona], Thing]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    submissions: list[int] = field(default_factory=list)

    def thing(self, name: str, p: Persona) -> Thing:
        found = self.things[name]
        return found(p) if callable(found) else found
