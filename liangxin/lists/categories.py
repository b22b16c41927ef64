"""The supply list's product categories: data the district extends (the coordinator adds one), seeded from
data/supply_categories.yaml."""

from django.db import transaction
from django.db.models import Max

from liangxin.accounts.models import User
from liangxin.accounts.scope import require
from liangxin.audit import chain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.lists.models import SupplyCategory

_CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


@transaction.atomic
def add(user: User, code: str, name: str) -> SupplyCategory:
    require(user, "supply_category.edit")
    code, name = (code or "").strip().lower(), (name or "").strip()
    problems = []
    if not code or not set(code) <= _CODE_CHARS or len(code) > 40:
        problems.append(FieldProblem("code", "代码：应为 40 个以内的小写字母、数字或连字符"))
    elif SupplyCategory.objects.filter(code=code).exists():
        problems.append(FieldProblem("code", f"代码：{code} 已有"))
    if not name or len(name) > 60 or "\n" in name:
        problems.append(FieldProblem("name", "名称：必填，60 字以内，不换行"))
    elif SupplyCategory.objects.filter(name=name).exists():
        problems.append(FieldProblem("name", f"名称：{name} 已有"))
    if problems:
        raise Invalid(problems[0].message if len(problems) == 1 else "产品类别有误", problems)
    last = SupplyCategory.objects.aggregate(last=Max("position"))["last"] or 0
    category = SupplyCategory.objects.create(code=code, name=name, position=last + 10)
    chain.record("supply_category.create", obj=category, after={"code": code, "name": name})
    return category
