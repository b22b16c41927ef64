"""Pages of the register: the list with its search, filters, export and import; one unit with its honours;
the forms to add and edit a unit, record and withdraw an honour, reveal the contact's phone; the list of
honour kinds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts.models import Department, User
from liangxin.accounts.scope import has_perm, require
from liangxin.core.downloads import attachment
from liangxin.core.errors import DomainError
from liangxin.enterprises import access, honours, queries, register_excel, units
from liangxin.enterprises.codes import LEVELS, UNIT_KINDS
from liangxin.enterprises.models import Honour

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _towns():
    return Department.objects.filter(kind__in=[Department.Kind.STREET, Department.Kind.TOWN])


@login_required
def unit_list(request):
    params = request.GET
    found = queries.matching(
        request.user,
        params.get("q", ""),
        params.get("kind", ""),
        params.get("town", ""),
        params.get("honour", ""),
        **queries.honour_filters(params),
    )
    if not has_perm(request.user, "unit.view"):  # an enterprise: straight to its own unit
        own = found.first()
        if own is None:
            return render(request, "enterprises/not_registered.html")
        return redirect("enterprises:unit", pk=own.pk)
    page = Paginator(found, 50).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/list.html",
        {
            "page": page,
            "params": params,
            "query": query.urlencode(),
            "kinds": UNIT_KINDS,
            "towns": _towns(),
            "honour_kinds": access.honour_kinds(),
            "levels": LEVELS,
            "can_create": has_perm(request.user, "unit.edit"),
        },
    )


@login_required
def unit_export(request):
    params = request.GET
    found = queries.matching(
        request.user,
        params.get("q", ""),
        params.get("kind", ""),
        params.get("town", ""),
        params.get("honour", ""),
        **queries.honour_filters(params),
    )
    return attachment(register_excel.export(found), "企业与单位名录.xlsx", XLSX, ascii_name="units.xlsx")


@login_required
def unit_import(request):
    access.require_unit_action(request.user, None, "create")
    problems, summary = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [{"row": None, "message": "请选择要导入的 Excel 文件"}]
        else:
            try:
                summary = register_excel.import_file(request.user, upload.read())
            except DomainError as exc:
                problems = [{"row": p.row, "message": p.message} for p in exc.problems] or [
                    {"row": None, "message": exc.message}
                ]
        if summary is not None:
            messages.success(
                request,
                f"导入完成：新增 {summary['created']} 家，更新 {summary['updated']} 家，"
                f"未变 {summary['unchanged']} 家。",
            )
            return redirect("enterprises:list")
    return render(
        request,
        "enterprises/import.html",
        {"problems": problems, "headers": register_excel.HEADERS},
        status=422 if problems else 200,
    )


def _form_values(post) -> dict:
    return {field: post.get(field, "").strip() for field in units.FIELDS} | {
        "above_scale": "是" if post.get("above_scale") else "否"
    }


def _unit_form(request, unit, values, problems, status=200):
    own_only = unit is not None and not has_perm(request.user, "unit.edit")
    return render(
        request,
        "enterprises/form.html",
        {
            "unit": unit,
            "values": values,
            "problems": problems,
            "fields": units.FIELDS,
            "kinds": UNIT_KINDS,
            "towns": _towns(),
            "departments": Department.objects.exclude(
                kind__in=[Department.Kind.STREET, Department.Kind.TOWN]
            ),
            "own_only": own_only,
        },
        status=status,
    )


@login_required
def unit_create(request):
    access.require_unit_action(request.user, None, "create")
    if request.method == "POST":
        values = _form_values(request.POST)
        try:
            unit = units.create(request.user, values)
        except DomainError as exc:
            return _unit_form(request, None, values, exc.messages_by_field(), status=422)
        messages.success(request, f"已登记 {unit.name}")
        return redirect("enterprises:unit", pk=unit.pk)
    values = {
        "kind": "enterprise",
        "department": request.user.department.code if request.user.department else "",
    }
    return _unit_form(request, None, values, {})


def _current_values(unit) -> dict:
    return {
        "kind": unit.kind,
        "name": unit.name,
        "credit_code": unit.credit_code,
        "industry_code": unit.industry_code,
        "industry_name": unit.industry_name,
        "above_scale": "是" if unit.above_scale else "否",
        "town": unit.town.code if unit.town else "",
        "department": unit.department.code if unit.department else "",
        "contact_name": unit.contact_name,
        "contact_phone": "",
    }


@login_required
def unit_edit(request, pk):
    unit = access.unit_or_404(request.user, pk)
    access.require_unit_action(request.user, unit, "edit")
    if request.method == "POST":
        values = _form_values(request.POST)
        changes = {k: v for k, v in values.items() if k != "contact_phone" or v}  # empty: the phone stays
        if not has_perm(request.user, "unit.edit"):
            changes = {k: v for k, v in changes.items() if k in units.OWN_FIELDS}
        try:
            _, changed = units.update(request.user, unit, changes)
        except DomainError as exc:
            return _unit_form(request, unit, values, exc.messages_by_field(), status=422)
        messages.success(request, "单位信息已修改" if changed else "内容没有变化，未作修改")
        return redirect("enterprises:unit", pk=unit.pk)
    return _unit_form(request, unit, _current_values(unit), {})


def _detail(
    request, unit, *, revealed=None, reveal_problem="", honour_values=None, honour_problems=None, status=200
):
    user = request.user
    shown = access.honours_for(user).filter(unit=unit).select_related("kind", "department")
    return render(
        request,
        "enterprises/detail.html",
        {
            "unit": unit,
            "kind": UNIT_KINDS[unit.kind],
            "actions": access.allowed_unit_actions(user, unit),
            "honours": [(h, access.may_withdraw(user, h)) for h in shown],
            "accounts": User.objects.filter(credit_code=unit.credit_code, is_active=True).only(
                "username", "full_name"
            )
            if has_perm(user, "unit.view")
            else [],
            "revealed": revealed,
            "reveal_problem": reveal_problem,
            "honour_kinds": access.honour_kinds(),
            "levels": LEVELS,
            "honour_values": honour_values or {},
            "honour_problems": honour_problems or {},
        },
        status=status,
    )


@login_required
def unit_detail(request, pk):
    return _detail(request, access.unit_or_404(request.user, pk))


@login_required
@require_POST
def unit_reveal(request, pk):
    """The whole phone shown in place, on the unit's page, once; the reveal is audited with its reason."""
    unit = access.unit_or_404(request.user, pk)
    try:
        phone = units.reveal_phone(request.user, unit, request.POST.get("reason", ""))
    except DomainError as exc:
        return _detail(request, unit, reveal_problem=exc.message, status=422)
    response = _detail(request, unit, revealed=phone)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def honour_record(request, pk):
    unit = access.unit_or_404(request.user, pk)
    values = {k: request.POST.get(k, "").strip() for k in honours.FIELDS}
    upload = request.FILES.get("document")
    document = (upload.name, upload.read()) if upload is not None else None
    try:
        honour = honours.record(request.user, unit, values, document)
    except DomainError as exc:
        return _detail(
            request, unit, honour_values=values, honour_problems=exc.messages_by_field(), status=exc.status
        )
    messages.success(request, f"已登记：{honour}")
    return redirect("enterprises:unit", pk=unit.pk)


@login_required
@require_POST
def honour_withdraw(request, pk):
    honour = access.honour_or_404(request.user, pk)
    try:
        honours.withdraw(request.user, honour, request.POST.get("reason", ""))
        messages.success(request, f"已撤销：{honour}")
    except DomainError as exc:
        messages.error(request, f"未撤销：{exc.message}")
    return redirect("enterprises:unit", pk=honour.unit_id)


@login_required
def honour_document(request, pk):
    honour: Honour = access.honour_or_404(request.user, pk)
    path = honours.document_path(honour)
    if path is None or not path.exists():
        raise Http404("没有认定文件")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=honour.document_name)  # noqa: SIM115 - closed by FileResponse
    return response


@login_required
def honour_kinds(request):
    require(request.user, "unit.view")
    problems: dict[str, list[str]] = {}
    values = {"code": "", "name": ""}
    if request.method == "POST":
        values = {"code": request.POST.get("code", ""), "name": request.POST.get("name", "")}
        try:
            kind = honours.add_kind(request.user, values["code"], values["name"])
            messages.success(request, f"已增加荣誉类型：{kind.name}")
            return redirect("enterprises:honour_kinds")
        except DomainError as exc:
            problems = exc.messages_by_field()
    return render(
        request,
        "enterprises/honour_kinds.html",
        {
            "kinds": access.honour_kinds(),
            "can_add": has_perm(request.user, "honour_kind.edit"),
            "values": values,
            "problems": problems,
        },
        status=422 if problems else 200,
    )
