"""Pages of the 两优 and 两新 lists: each list with its filters, search, pages and Excel export; the forms
(the same checks as the API); one entry with its history, its review and withdrawal, and a place for its
matches; the Excel import; the supply categories; and the public 名录 of accepted supply entries (no
login, no personal data) with its Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts.models import Department
from liangxin.accounts.scope import has_perm, require
from liangxin.core.downloads import attachment
from liangxin.core.errors import DomainError
from liangxin.core.paging import paginate
from liangxin.enterprises.access import own_unit as enterprise_unit
from liangxin.lists import access, categories, entries, queries, review, sheets
from liangxin.lists.codes import CONSUMER_CATEGORIES, DEMAND_KINDS, LISTS, STATUSES
from liangxin.plans.fields import FIELDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ASCII = {"supply": "supply-list", "demand": "demand-list"}


def _towns():
    return Department.objects.filter(kind__in=[Department.Kind.STREET, Department.Kind.TOWN])


def _found(request, list_code):
    params = {k: request.GET.get(k, "") for k in queries.FILTERS}
    return queries.FIND[list_code](request.user, **params)


def _choices(list_code) -> dict:
    return {
        "list_kind": LISTS[list_code],
        "list_code": list_code,
        "statuses": STATUSES,
        "categories": access.supply_categories(),
        "consumer_categories": CONSUMER_CATEGORIES,
        "demand_kinds": DEMAND_KINDS,
        "fields": FIELDS,
        "towns": _towns(),
        "labels": entries.LABELS[list_code],
    }


@login_required
def entry_list(request, list_code):
    pager = paginate(_found(request, list_code), request.GET)
    return render(
        request,
        f"lists/{list_code}_list.html",
        _choices(list_code)
        | {
            "pager": pager,
            "params": request.GET,
            "can_enter": has_perm(request.user, "lists.enter"),
            "can_review": access.may_review(request.user, list_code),
        },
    )


@login_required
def entry_export(request, list_code):
    content = sheets.export(list_code, _found(request, list_code))
    return attachment(content, f"{LISTS.label(list_code)}.xlsx", XLSX, ascii_name=f"{ASCII[list_code]}.xlsx")


def _posted(post, list_code) -> dict:
    values = {f: post.get(f, "").strip() for f in entries.LABELS[list_code] if f != "honours"}
    if list_code == "supply":
        values["honours"] = [int(h) for h in post.getlist("honours") if h.isdigit()]
    return values


def _form(request, list_code, entry, values, problems, status=200):
    own_unit = has_perm(request.user, "lists.view_own") and not has_perm(request.user, "lists.enter_any")
    unit = entry.unit if entry is not None else (enterprise_unit(request.user) if own_unit else None)
    return render(
        request,
        f"lists/{list_code}_form.html",
        _choices(list_code)
        | {
            "entry": entry,
            "values": values,
            "problems": problems,
            "own_unit": own_unit,
            "honours": unit.honours.filter(withdrawn_at__isnull=True).select_related("kind") if unit else [],
        },
        status=status,
    )


@login_required
def entry_create(request, list_code):
    access.require_enter(request.user)
    if request.method == "POST":
        values = _posted(request.POST, list_code)
        try:
            entry = entries.create(request.user, list_code, values)
            if request.POST.get("then") == "submit":
                review.submit(request.user, entry)
        except DomainError as exc:
            return _form(request, list_code, None, values, exc.messages_by_field(), status=exc.status)
        messages.success(request, "已提交审核" if entry.status == "submitted" else "已保存为草稿")
        return redirect(f"lists:{list_code}_detail", pk=entry.pk)
    return _form(request, list_code, None, {"kind": request.GET.get("kind", "equipment")}, {})


@login_required
def entry_edit(request, list_code, pk):
    entry = access.entry_or_404(request.user, list_code, pk)
    access.require_action(request.user, entry, "edit")
    if request.method == "POST":
        values = _posted(request.POST, list_code)
        changes = {k: v for k, v in values.items() if k != "contact_phone" or v}  # empty: the phone stays
        try:
            entry, changed = entries.update(request.user, entry, changes)
            if request.POST.get("then") == "submit":
                review.submit(request.user, entry)
        except DomainError as exc:
            return _form(request, list_code, entry, values, exc.messages_by_field(), status=exc.status)
        messages.success(
            request, "已提交审核" if entry.status == "submitted" else "已保存" if changed else "内容没有变化"
        )
        return redirect(f"lists:{list_code}_detail", pk=entry.pk)
    values = entries.as_input(entry) | {"contact_phone": ""}
    if entry.unit:
        values["unit"] = entry.unit.name
    return _form(request, list_code, entry, values, {})


def _detail(request, list_code, entry, *, revealed=None, problems=None, status=200):
    return render(
        request,
        "lists/detail.html",
        _choices(list_code)
        | {
            "entry": entry,
            "actions": access.allowed_actions(request.user, entry),
            "history": review.history(entry),
            "revealed": revealed,
            "problems": problems or {},
        },
        status=status,
    )


@login_required
def entry_detail(request, list_code, pk):
    return _detail(request, list_code, access.entry_or_404(request.user, list_code, pk))


STEPS = {
    "submit": lambda user, entry, note: review.submit(user, entry),
    "accept": review.accept,
    "return": review.return_entry,
    "withdraw": review.withdraw,
}
DONE = {"submit": "已提交审核", "accept": "已采纳", "return": "已退回", "withdraw": "已撤回"}


@login_required
@require_POST
def entry_step(request, list_code, pk, step):
    entry = access.entry_or_404(request.user, list_code, pk)
    try:
        STEPS[step](request.user, entry, request.POST.get("note", ""))
    except DomainError as exc:
        entry.refresh_from_db()
        return _detail(request, list_code, entry, problems={step: [exc.message]}, status=exc.status)
    messages.success(request, DONE[step])
    return redirect(f"lists:{list_code}_detail", pk=entry.pk)


@login_required
@require_POST
def entry_reveal(request, list_code, pk):
    entry = access.entry_or_404(request.user, list_code, pk)
    try:
        phone = entries.reveal_phone(request.user, entry, request.POST.get("reason", ""))
    except DomainError as exc:
        return _detail(request, list_code, entry, problems={"reveal": [exc.message]}, status=exc.status)
    response = _detail(request, list_code, entry, revealed=phone)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def entry_import(request, list_code):
    access.require_enter(request.user)
    problems = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [{"row": None, "message": "请选择要导入的 Excel 文件"}]
        else:
            try:
                count = sheets.import_file(
                    request.user, list_code, upload.read(), submit=request.POST.get("submit") == "1"
                )
                messages.success(request, f"已导入 {count} 条")
                return redirect(f"lists:{list_code}_list")
            except DomainError as exc:
                problems = [{"row": p.row, "message": p.message} for p in exc.problems] or [
                    {"row": None, "message": exc.message}
                ]
    return render(
        request,
        "lists/import.html",
        _choices(list_code) | {"problems": problems, "headers": sheets.headers(list_code)},
        status=422 if problems else 200,
    )


@login_required
def supply_categories(request):
    if not access.sees_lists(request.user):
        require(request.user, "lists.view_all")
    problems: dict[str, list[str]] = {}
    values = {"code": "", "name": ""}
    if request.method == "POST":
        values = {"code": request.POST.get("code", ""), "name": request.POST.get("name", "")}
        try:
            category = categories.add(request.user, values["code"], values["name"])
            messages.success(request, f"已增加产品类别：{category.name}")
            return redirect("lists:categories")
        except DomainError as exc:
            problems = exc.messages_by_field()
    return render(
        request,
        "lists/categories.html",
        {
            "categories": access.supply_categories(),
            "can_add": has_perm(request.user, "supply_category.edit"),
            "values": values,
            "problems": problems,
        },
        status=422 if problems else 200,
    )


def public_supply(request):
    """The 名录: open to everyone, without login; accepted entries only, no contact person or phone."""
    found = queries.published(request.GET.get("q", ""), request.GET.get("category", ""))
    pager = paginate(found.select_related("unit__town"), request.GET)
    return render(
        request,
        "lists/public_supply.html",
        {
            "pager": pager,
            "rows": [(e, sheets.public_row(e)) for e in pager],
            "params": request.GET,
            "categories": access.supply_categories(),
        },
    )


def public_supply_export(request):
    found = queries.published(request.GET.get("q", ""), request.GET.get("category", ""))
    return attachment(
        sheets.export_public(found), "优势产品供给名录.xlsx", XLSX, ascii_name="supply-directory.xlsx"
    )
