"""The web form for one application: its fields follow the programme's kind and rules, and a refused
form comes back with every problem beside its field and everything typed still there."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from liangxin.subsidies import access
from liangxin.subsidies.intake import fields, invoices
from liangxin.subsidies.models import Programme
from liangxin.subsidies.programmes import rules

LINE_ROWS = 5  # rows shown before any is added (the form works without JavaScript up to these)
MAX_LINES = 200
LINE_KEY = re.compile(r"^line-(\d{1,3})-([a-z_]+)$")
OPTIONAL: dict[str, list[str]] = {}  # fields a kind shows without requiring them
KINDS_OF_INPUT = {"transaction_at": "datetime-local", "phone": "tel"}


def fields_for(programme: Programme) -> list[dict]:
    """The form's fields, in order: name, label, whether required, input type and choices."""
    required = [f for f in fields.REQUIRED.get(programme.kind, []) if f != "lines"]
    choices = rules.from_data(programme.rules).choices()
    return [
        {
            "name": name,
            "label": ("企业名称" if name == "name" and programme.applicant == "enterprise" else None)
            or fields.FIELD_NAMES[name],
            "required": name in required,
            "type": KINDS_OF_INPUT.get(name, "text"),
            "choices": choices.get(name),
        }
        for name in required + OPTIONAL.get(programme.kind, [])
    ]


def _lines_from(post) -> list[dict]:
    """The equipment rows typed, in the order of their numbers (rows may have been added or removed on the
    page, so the numbers can have gaps); an empty row is no line."""
    numbers = sorted({int(m.group(1)) for key in post if (m := LINE_KEY.match(key))})[:MAX_LINES]
    lines = []
    for i in numbers:
        line = {key: post.get(f"line-{i}-{key}", "").strip() for key in fields.LINE_FIELDS}
        if any(line.values()):
            lines.append(line)
    return lines


@login_required
def new_application(request, code):
    programme = get_object_or_404(access.programmes_to_apply(request.user), code=code)
    shown = fields_for(programme)
    with_lines = "lines" in fields.REQUIRED.get(programme.kind, [])
    values, problems = {}, {}
    own = access.applying_for(request.user)
    if own is not None:  # an enterprise applies for itself: its name and code come filled in
        values = {"name": request.user.full_name, "credit_code": own}
    if request.method == "POST":
        values = {f["name"]: request.POST.get(f["name"], "").strip() for f in shown}
        raw = dict(values)
        if with_lines:
            raw["lines"] = _lines_from(request.POST)
        scans = [(f.name, f.read()) for f in request.FILES.getlist("invoices")[: invoices.MAX_FILES + 1]]
        try:
            app, created = invoices.submit_with_invoices(request.user, programme, raw, scans)
        except fields.ApplicationInvalid as exc:
            for problem in exc.problems:
                problems.setdefault(problem.field, []).append(problem.message)
        else:
            if created:
                messages.success(request, f"申请已受理，补贴金额 {app.amount} 元。")
            else:
                messages.info(request, "这份申请此前已经受理，没有重复登记。")
            return redirect("subsidies:detail", public_id=app.public_id)
    typed = _lines_from(request.POST) if request.method == "POST" else []
    typed += [{}] * max(LINE_ROWS - len(typed), 0)
    line_rows = [
        [(key, label, line.get(key, "")) for key, label in fields.LINE_FIELDS.items()] for line in typed
    ]
    return render(
        request,
        "subsidies/new.html",
        {
            "programme": programme,
            "fields": [
                f | {"value": values.get(f["name"], ""), "problems": problems.get(f["name"], [])}
                for f in shown
            ],
            "with_lines": with_lines,
            "line_fields": fields.LINE_FIELDS,
            "line_rows": line_rows,
            "problems": problems,
        },
        status=422 if problems else 200,
    )
