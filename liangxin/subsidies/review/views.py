"""The review decisions taken from an application's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from liangxin.subsidies import access
from liangxin.subsidies.review import decisions


@login_required
@require_POST
def decide(request, public_id, step):
    app = access.application_or_404(request.user, public_id)
    decide_fn = decisions.first_decision if step == "first" else decisions.second_decision
    try:
        decide_fn(request.user, app, request.POST.get("outcome", ""), request.POST.get("reason", ""))
        messages.success(request, f"{'初审' if step == 'first' else '复审'}意见已记录。")
    except decisions.ReviewError as exc:
        messages.error(request, str(exc))
    return redirect("subsidies:detail", public_id=public_id)
