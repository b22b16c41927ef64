"""Pages of matching: the candidates of a demand and of a supply entry with their reasons and the buttons to
mark a match; the 对接 list with its search, filters, pages and Excel; one match with its history."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts.scope import require
from liangxin.core import paging
from liangxin.core.downloads import attachment
from liangxin.core.errors import DomainError
from liangxin.lists.access import supply_categories
from liangxin.lists.matching import access, board, candidates, matches, queries, sheets
from liangxin.lists.matching.codes import FIRST_STATES, MATCH_STATES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OTHER_SIDE = {"demand": "supply", "supply": "demand"}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _mark(user, demand, supply, post):
    return matches.mark(
        user,
        demand,
        supply,
        post.get("state", ""),
        post.get("value", ""),
        _date(post.get("on", "")),
        post.get("note", ""),
    )


def _candidates_page(request, side: str, entry, problems=None, status=200):
    return render(
        request,
        "matching/candidates.html",
        {
            "side": side,
            "entry": entry,
            "rows": board.rows(request.user, side, entry, candidates.MAX_LIMIT),
            "first_states": [MATCH_STATES[s] for s in FIRST_STATES],
            "problems": problems or {},
        },
        status=status,
    )


@login_required
def demand_candidates(request, pk):
    return _pairing(request, "demand", pk)


@login_required
def supply_candidates(request, pk):
    return _pairing(request, "supply", pk)


def _pairing(request, side: str, pk):
    entry = access.entry_to_pair_or_404(request.user, side, pk)
    if request.method != "POST":
        return _candidates_page(request, side, entry)
    require(request.user, "match.mark")
    other_pk = request.POST.get(OTHER_SIDE[side], "")
    if not other_pk.isdigit():
        chosen = {OTHER_SIDE[side]: ["请选择要对接的条目"]}
        return _candidates_page(request, side, entry, chosen, status=422)
    other = access.entry_to_pair_or_404(request.user, OTHER_SIDE[side], other_pk)
    pair = (entry, other) if side == "demand" else (other, entry)
    try:
        match = _mark(request.user, *pair, request.POST)
    except DomainError as exc:
        return _candidates_page(request, side, entry, exc.messages_by_field(), status=exc.status)
    messages.success(request, f"已登记对接：{MATCH_STATES.label(match.state)}")
    return redirect(f"matching:for_{side}", pk=entry.pk)


@login_required
def match_list(request):
    params = request.GET
    found = queries.matching(request.user, *(params.get(k, "") for k in queries.FILTERS))
    return render(
        request,
        "matching/list.html",
        {
            "pager": paging.paginate(found, params),
            "params": params,
            "states": MATCH_STATES,
            "categories": supply_categories(),
        },
    )


@login_required
def match_export(request):
    params = request.GET
    found = queries.matching(request.user, *(params.get(k, "") for k in queries.FILTERS))
    return attachment(sheets.export(found), "供需对接.xlsx", XLSX, ascii_name="matches.xlsx")


def _detail(request, match, problems=None, status=200):
    return render(
        request,
        "matching/detail.html",
        {
            "match": match,
            "steps": match.steps.select_related("by"),
            "next_states": [MATCH_STATES[s] for s in matches.next_states(match)],
            "may_mark": access.may_mark(request.user, match.demand, match.supply),
            "problems": problems or {},
        },
        status=status,
    )


@login_required
def match_detail(request, pk):
    return _detail(request, access.match_or_404(request.user, pk))


@login_required
@require_POST
def match_state(request, pk):
    match = access.match_or_404(request.user, pk)
    try:
        _mark(request.user, match.demand, match.supply, request.POST)
    except DomainError as exc:
        return _detail(request, match, exc.messages_by_field(), status=exc.status)
    messages.success(request, "对接状态已变更")
    return redirect("matching:detail", pk=match.pk)
