"""Finance's payout pages: batches from approved applications, the bank file, the bank's results."""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from liangxin.core import downloads, excel, paging
from liangxin.core.errors import Invalid
from liangxin.queue import jobs
from liangxin.subsidies import access, lists
from liangxin.subsidies.models import PayoutItem
from liangxin.subsidies.payouts import batches


@login_required
def payout_list(request):
    found = (
        lists.find_payout_batches(
            access.payout_batches_for(request.user).select_related("programme", "created_by"),
            request.GET.get("programme"),
            request.GET.get("status"),
        )
        .annotate(
            n=Count("items"),
            total=Sum("items__amount"),
            paid=Count("items", filter=Q(items__status=PayoutItem.Status.PAID)),
            failed=Count("items", filter=Q(items__status=PayoutItem.Status.FAILED)),
        )
        .order_by("-created_at", "-id")
    )  # a grouped query drops the model's ordering
    pager = paging.paginate(found, request.GET)
    programmes = access.programmes_for(request.user, "pay")
    return render(
        request,
        "subsidies/payouts.html",
        {
            "money": batches.money_by_programme(programmes),
            "batches": pager.page,
            "pager": pager,
            "params": request.GET,
            "programmes": programmes,
            "statuses": lists.BATCH_STATUSES.choices(),
            "result_headers": batches.RESULT_HEADERS,
        },
    )


@login_required
@require_GET
def payout_confirm(request, code):
    """What a new batch of the programme would pay (count, total, payees, what stops it), and the button
    that confirms it."""
    programme = get_object_or_404(access.programmes_for(request.user, "pay"), code=code)
    return render(
        request,
        "subsidies/payout_confirm.html",
        # a fresh key per page view: the confirmation sent twice builds one batch
        {"preview": batches.preview(request.user, programme), "idempotency_key": uuid.uuid4().hex},
    )


@login_required
@require_POST
def payout_create(request):
    """The confirmed batch, then its page."""
    programme = get_object_or_404(
        access.programmes_for(request.user, "pay"), code=request.POST.get("programme", "")
    )
    try:
        batch, created = batches.build_batch(request.user, programme, request.POST.get("idempotency_key", ""))
    except batches.PayoutError as exc:
        messages.error(request, str(exc))
        return redirect("subsidies:payout_confirm", code=programme.code)
    if created:
        messages.success(request, f"已生成拨付批次 {batch.pk}，共 {batch.items.count()} 笔。")
    else:
        messages.info(request, f"这张表单已生成过拨付批次 {batch.pk}，没有重复生成。")
    return redirect("subsidies:payout", batch_id=batch.pk)


def _detail(request, batch, problems=None):
    items = batch.items.select_related("application").order_by("application__number", "id")
    payees, _ = batches.payees_of(batch)
    return render(
        request,
        "subsidies/payout.html",
        {
            "batch": batch,
            "items": items,
            "payees": payees,
            "settlement": batches.settlement.SETTLEMENTS[batch.programme.settlement],
            "total": sum((i.amount for i in items), Decimal(0)),
            "result_headers": batches.RESULT_HEADERS,
            "may_review": batch.created_by_id != request.user.pk,
            "problems": problems or {},
        },
        status=422 if problems else 200,
    )


@login_required
@require_GET
def payout_detail(request, batch_id):
    """One batch: its review, its payees as the bank file gives them (masked) and each application by its
    number."""
    return _detail(request, access.payout_batch_or_404(request.user, batch_id))


@login_required
@require_POST
def payout_review(request, batch_id):
    """The second finance officer approves the batch or returns it with a reason."""
    batch = access.payout_batch_or_404(request.user, batch_id)
    approve = request.POST.get("decision") == "approve"
    try:
        batches.review_batch(request.user, batch, approve, request.POST.get("reason", ""))
    except Invalid as exc:
        return _detail(request, batch, {p.field: p.message for p in exc.problems})
    except batches.PayoutError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"拨付批次 {batch.pk} 已{'复核通过' if approve else '退回'}。")
    return redirect("subsidies:payout", batch_id=batch.pk)


@login_required
def payout_bank_file(request, batch_id):
    batch = access.payout_batch_or_404(request.user, batch_id)
    try:
        batches.require_approved(batch, "导出银行文件")
    except batches.PayoutError as exc:
        messages.error(request, str(exc))
        return redirect("subsidies:payout", batch_id=batch.pk)
    if jobs.is_big(
        batch.items.count()
    ):  # built by a consumer; its page shows the progress and offers the file
        return redirect(
            "queue:job", job_id=jobs.start(request.user, "payout_bank_file", {"batch_id": batch.pk}).pk
        )
    content = batches.bank_file(request.user, batch)
    return downloads.attachment(content, batches.bank_file_name(batch), excel.XLSX_TYPE, no_store=True)


@login_required
@require_POST
def payout_results(request, batch_id):
    batch = access.payout_batch_or_404(request.user, batch_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择银行回单文件（.xlsx）")
        return redirect("subsidies:payouts")
    try:
        recorded = batches.record_results_file(request.user, batch, upload.read())
    except (batches.ResultFileInvalid, batches.PayoutError) as exc:
        messages.error(request, str(exc))
        return redirect("subsidies:payouts")
    messages.success(
        request,
        f"批次 {batch.pk}：记为已拨付 {recorded.paid} 笔，拨付失败 {recorded.failed} 笔，"
        f"此前已记录 {recorded.unchanged} 笔。",
    )
    for problem in recorded.problems[:20]:
        messages.error(request, problem)
    return redirect("subsidies:payout", batch_id=batch.pk)
