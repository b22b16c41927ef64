"""Automatic checks on an application. Each finding is a flag with a code, a Chinese reason and the
applications it relates to; a flagged application waits for a person, a clean one goes to review."""

from dataclasses import dataclass, field

from django.db.models import Q

from liangxin.subsidies.models import Application

SHARED_PHONE_PEOPLE = 3
LIVE = ~Q(status=Application.Status.REJECTED)


@dataclass
class Finding:
    code: str
    message: str
    related: list[str] = field(default_factory=list)


def _ids(queryset) -> list[str]:
    return [str(u) for u in queryset.values_list("public_id", flat=True)[:20]]


def duplicates(app: Application, limit_for=None) -> list[Finding]:
    found = []
    others = Application.objects.filter(LIVE).exclude(pk=app.pk)
    if app.id_number_index and app.category:
        same = others.filter(
            programme=app.programme, id_number_index=app.id_number_index, category=app.category
        )
        limit = limit_for(app.category) if limit_for else 1
        if same.count() >= limit:
            found.append(
                Finding(
                    "DUP_PERSON_CATEGORY",
                    f"同一申请人在本项目中已申请{app.category}补贴 {same.count()} 次（上限 {limit} 次）",
                    _ids(same),
                )
            )
    for attr, code, label in (
        ("invoice_number", "DUP_INVOICE", "发票号码"),
        ("serial_number", "DUP_SERIAL", "产品序列号"),
        ("voucher_number", "DUP_VOUCHER", "旧机回收凭证号"),
        ("vin", "DUP_VIN", "车辆识别代号"),
        ("scrap_certificate", "DUP_SCRAP_CERT", "报废机动车回收证明编号"),
    ):
        value = getattr(app, attr)
        if value:
            same = others.filter(**{attr: value})
            if same.exists():
                found.append(Finding(code, f"{label} {value} 已被其他申请使用（含其他补贴项目）", _ids(same)))
    return found


def window(app: Application) -> list[Finding]:
    if app.transaction_at is None:
        return []
    day = app.transaction_at.date()
    programme = app.programme
    if not programme.window_start <= day <= programme.window_end:
        return [
            Finding(
                "OUTSIDE_WINDOW",
                f"交易日期 {day} 不在本项目的交易期内（{programme.window_start} 至 {programme.window_end}）",
            )
        ]
    return []


def shared_phone(app: Application) -> list[Finding]:
    if not app.phone_index:
        return []
    people = (
        Application.objects.filter(LIVE, phone_index=app.phone_index)
        .exclude(id_number_index="")
        .values_list("id_number_index", flat=True)
        .distinct()
    )
    count = len(set(people) | {app.id_number_index})
    if count >= SHARED_PHONE_PEOPLE:
        same = Application.objects.filter(phone_index=app.phone_index).exclude(pk=app.pk)
        return [Finding("SHARED_PHONE", f"同一手机号被 {count} 个不同申请人使用", _ids(same))]
    return []


def run(app: Application, limit_for=None) -> list[Finding]:
    return duplicates(app, limit_for) + window(app) + shared_phone(app)
