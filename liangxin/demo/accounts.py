"""Demo accounts: one per role and per department that matters, for `make run` and the browser tests."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from liangxin.accounts.actions import create_user, user_snapshot
from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core import datalists
from liangxin.enterprises.models import HonourKind
from liangxin.lists.models import SupplyCategory
from liangxin.plans import planfile
from liangxin.plans.loader import load_plan
from liangxin.projects.models import FundingChannel

DEFAULT_PLAN_FILE = Path(__file__).resolve().parent.parent / "plans" / "data" / "taishan-2024.yaml"
DEFAULT_PLAN_CODE = "taishan-2024"
DEMO_PASSWORD = "Liangxin#2026"  # noqa: S105 - printed to the user; demo installs only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    department: str | None
    roles: tuple[str, ...]
    full_name: str


DEMO_ENTERPRISE_CODE = "91370900MA3C12345J"
DEMO_ACCOUNTS = (
    DemoAccount("admin", "qzf", ("admin",), "系统管理员"),
    DemoAccount("security", "qzf", ("security",), "安全管理员"),
    DemoAccount("auditor", "qzf", ("auditor",), "审计管理员"),
    DemoAccount("leader", "qzf", ("leader",), "王区长"),
    DemoAccount("fgj_coordinator", "fgj", ("coordinator",), "李协调"),
    DemoAccount("wjj_reporter", "wjj", ("reporter",), "张填报"),
    DemoAccount("wjj_reviewer", "wjj", ("reviewer",), "赵审核"),
    DemoAccount("gxj_reporter", "gxj", ("reporter",), "刘填报"),
    DemoAccount("gxj_reviewer", "gxj", ("reviewer",), "陈审核"),
    DemoAccount("gxj_caseworker", "gxj", ("caseworker",), "冯经办"),
    DemoAccount("gxj_approver", "gxj", ("approver",), "蒋复审"),
    DemoAccount("nyncj_reporter", "nyncj", ("reporter",), "孙填报"),
    DemoAccount("nyncj_caseworker", "nyncj", ("caseworker",), "韩经办"),
    DemoAccount("nyncj_approver", "nyncj", ("approver",), "杨复审"),
    DemoAccount("swj_reporter", "swj", ("reporter",), "周填报"),
    DemoAccount("swj_caseworker", "swj", ("caseworker",), "吴经办"),
    # enters and imports the demo's appliance and car applications, which 吴经办 then decides (经办与审核分离)
    DemoAccount("swj_clerk", "swj", ("caseworker",), "何录入"),
    DemoAccount("swj_approver", "swj", ("approver",), "郑复审"),
    DemoAccount("czj_finance", "czj", ("finance",), "钱财政"),
    # reviews (复核) the payout batches 钱财政 builds: a batch is built and reviewed by two people
    DemoAccount("czj_checker", "czj", ("finance",), "许复核"),
    DemoAccount("enterprise", None, ("enterprise",), "泰山示范机械有限公司"),
)


# the shipped data lists: (model, its file under liangxin/)
DATA_LISTS = (
    (HonourKind, "enterprises/data/honour_kinds.yaml"),
    (SupplyCategory, "lists/data/supply_categories.yaml"),
    (FundingChannel, "projects/data/funding_channels.yaml"),
)


def seed_data_lists() -> None:
    """The shipped data lists, where a test emptied them (a new database has them from its migrations)."""
    package = Path(__file__).resolve().parent.parent
    for model, file in DATA_LISTS:
        datalists.seed(model, package / file)


@transaction.atomic
def install_demo() -> list[DemoAccount]:
    seed_data_lists()  # the plan file's computed indicators name honour kinds
    load_plan(planfile.validate_file(DEFAULT_PLAN_FILE))
    # an enterprise demo account made before accounts carried a credit code gets the demo one
    for user in User.objects.filter(username="enterprise", credit_code=""):
        before = user_snapshot(user)
        user.credit_code = DEMO_ENTERPRISE_CODE
        user.save(update_fields=["credit_code"])
        chain.record("user.update", obj=user, before=before, after=user_snapshot(user))
    existing = set(User.objects.values_list("username", flat=True))
    for account in DEMO_ACCOUNTS:
        if account.username not in existing:
            create_user(
                account.username,
                DEMO_PASSWORD,
                department_code=account.department,
                roles=list(account.roles),
                full_name=account.full_name,
                credit_code=DEMO_ENTERPRISE_CODE if "enterprise" in account.roles else "",
            )
    return list(DEMO_ACCOUNTS)
