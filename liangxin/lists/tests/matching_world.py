"""Entries for the matching tests, made directly (the lists' own forms are tested in their tests): units
in two streets, accepted supply entries and demands."""

from datetime import date
from decimal import Decimal

from liangxin.accounts.models import Department, User
from liangxin.demo.accounts import DEMO_ENTERPRISE_CODE
from liangxin.enterprises.models import Unit
from liangxin.lists.models import DemandEntry, SupplyCategory, SupplyEntry

_codes = iter(range(10_000))


def person(username: str) -> User:
    return User.objects.get(username=username)


def town(n: int = 0) -> Department:
    return Department.objects.filter(kind=Department.Kind.STREET).order_by("id")[n]


def category(code: str) -> SupplyCategory:
    return SupplyCategory.objects.get(code=code)


def unit(name: str, credit_code: str = "", street: Department | None = None, department: str = "") -> Unit:
    return Unit.objects.create(
        kind="enterprise",
        name=name,
        credit_code=credit_code or f"91370902MA{next(_codes):08d}",
        town=street,
        department=Department.objects.get(code=department) if department else None,
    )


def supply(
    owner: Unit, product: str, code: str = "power-cable", status: str = "accepted", **more
) -> SupplyEntry:
    return SupplyEntry.objects.create(
        unit=owner,
        product=product,
        category=category(code),
        status=status,
        created_by=person("gxj_reporter"),
        department=Department.objects.get(code="gxj"),
        **more,
    )


def demand(
    owner: Unit | None, subject: str, code: str | None = "power-cable", status: str = "accepted", **more
):
    values = {
        "kind": "equipment",
        "unit": owner,
        "subject": subject,
        "category": category(code) if code else None,
        "status": status,
        "quantity": Decimal("2"),
        "measure": "台",
        "amount": Decimal("100"),
        "wanted_by": date(2025, 6, 1),
        "created_by": person("wjj_reporter"),
        "department": Department.objects.get(code="wjj"),
    } | more
    return DemandEntry.objects.create(**values)


def own_unit(street: Department | None = None) -> Unit:
    """The demo enterprise's unit (the enterprise account's 统一社会信用代码)."""
    return unit("泰山示范机械有限公司", DEMO_ENTERPRISE_CODE, street)
