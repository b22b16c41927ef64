from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from liangxin.accounts import scope
from liangxin.audit import chain
from liangxin.core import downloads, excel
from liangxin.core.display import target_words
from liangxin.monitoring.dashboard import dashboard_data, screen_data, trend
from liangxin.monitoring.status_codes import GROUPS
from liangxin.plans import access as plans_access
from liangxin.subsidies import access as subsidies_access
from liangxin.subsidies.payouts.batches import money_by_programme


def _plan(request, code):
    return plans_access.plan_or_404(request.user, code)


def _params(request, plan) -> tuple[date, int | None]:
    try:
        as_of = date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = timezone.localdate()
    try:
        year = int(request.GET["year"]) if request.GET.get("year") else None
    except ValueError:
        year = None
    if year is not None and not plan.start_year <= year <= plan.end_year:
        year = None
    return as_of, year


def _chart_payload(data, trend_data) -> dict:
    return {
        "statusCounts": data["status_counts"],
        "sections": data["sections"],
        "ranking": data["ranking"],
        "trend": trend_data,
    }


def _trend_indicators(plan) -> list:
    return [
        i
        for i in plan.indicators.prefetch_related("targets").order_by("position")
        if i.kind not in ("milestone", "relative") and any(t.value is not None for t in i.targets.all())
    ]


def _chosen_indicator(plan, code, candidates=None):
    candidates = candidates if candidates is not None else _trend_indicators(plan)
    return next((i for i in candidates if i.code == code), candidates[0] if candidates else None)


SCREEN_SECONDS = 20  # how long the large screen shows one area before the next


def _screen(request, plan, as_of, year, data):
    """The large screen (大屏): one 1920×1080 page without scrolling, the whole plan or one area,
    moving on to the next area every SCREEN_SECONDS unless paused (cycle=0)."""
    try:
        area = int(request.GET["area"]) if request.GET.get("area") else None
    except ValueError:
        area = None
    shown = screen_data(data, area)
    cycle = request.GET.get("cycle") != "0"
    # a date only when one was asked for: a screen left cycling for days shows each day's figures
    keep = {
        "screen": "1",
        **({"year": year} if year else {}),
        **({"as_of": as_of.isoformat()} if request.GET.get("as_of") else {}),
    }

    def link(area_number, cycling=cycle):
        query = {**keep, **({"area": area_number} if area_number is not None else {})}
        return "?" + urlencode({**query, **({} if cycling else {"cycle": "0"})})

    return render(
        request,
        "monitoring/screen.html",
        {
            "plan": plan,
            "as_of": as_of,
            "year": year,
            "screen": shown,
            "groups": GROUPS,
            "tabs": [{"number": None, "title": "总览", "url": link(None)}]
            + [{**a, "url": link(a["number"])} for a in shown["areas"]],
            "cycle": cycle,
            "seconds": SCREEN_SECONDS,
            "next_url": link(shown["next"]),
            "toggle_url": link(shown["area"], not cycle),
            "exit_url": "?" + urlencode({k: v for k, v in keep.items() if k != "screen"}),
            "charts": {"statusCounts": shown["status_counts"], "ranking": data["ranking"][:10]},
        },
    )


@login_required
def dashboard(request, code):
    plan = _plan(request, code)
    as_of, year = _params(request, plan)
    data = dashboard_data(plan, as_of, year)
    if request.GET.get("screen") == "1":
        return _screen(request, plan, as_of, year, data)
    numeric = _trend_indicators(plan)
    chosen = _chosen_indicator(plan, request.GET.get("indicator"), numeric)
    trend_data = trend(plan, chosen, as_of) if chosen else None
    rows = sorted(
        data["status"].rows,
        key=lambda r: (r.indicator.task.number if r.indicator.task else 0, r.indicator.position, r.year),
    )
    money = []
    if scope.has_perm(request.user, "subsidy.view_all"):
        money = money_by_programme(subsidies_access.programmes_for(request.user))
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "plan": plan,
            "data": data,
            "rows": rows,
            "as_of": as_of,
            "year": year,
            "years": range(plan.start_year, plan.end_year + 1),
            "indicators": numeric,
            "chosen": chosen,
            "charts": _chart_payload(data, trend_data),
            "groups": GROUPS,
            "query": request.GET.urlencode(),
            "money": money,
        },
    )


@login_required
def dashboard_xlsx(request, code):
    plan = _plan(request, code)
    as_of, year = _params(request, plan)
    data = dashboard_data(plan, as_of, year)
    workbook = excel.new_workbook()
    summary = data["summary"]
    excel.add_sheet(
        workbook,
        "总体完成情况",
        ["项目", "数值"],
        [
            ["截至日期", as_of.isoformat()],
            ["年度", year or "全部"],
            ["目标总数", summary["total"]],
            *[[group.label, summary[group.code]] for group in GROUPS],
            ["存在风险", summary["at_risk"]],
            ["平均完成进度（%）", summary["progress"]],
        ],
        [20, 16],
    )
    labels = [c["label"] for c in data["status_counts"]]
    excel.add_sheet(
        workbook,
        "分领域",
        ["领域", "目标数", *labels, "平均完成进度（%）"],
        [[s["title"], s["total"], *s["counts"].values(), s["progress"]] for s in data["sections"]],
        [30],
    )
    excel.add_sheet(
        workbook,
        "部门排名",
        [
            "名次",
            "部门",
            "目标数",
            GROUPS["done"].label,
            GROUPS["lagging"].label,
            "平均完成进度（%）",
            "按时报送期数",
            "应报期数",
            "按时报送率（%）",
        ],
        [
            [
                i,
                r["full_name"],
                r["targets"],
                r["done"],
                r["lagging"],
                r["progress"],
                r["on_time"],
                r["due"],
                r["on_time_rate"],
            ]
            for i, r in enumerate(data["ranking"], start=1)
        ],
        [6, 24],
    )
    excel.add_sheet(
        workbook,
        "目标明细",
        [
            "指标代码",
            "指标",
            "任务",
            "年份",
            "目标",
            "实际",
            "应完成",
            "完成进度（%）",
            "预测",
            "状态",
            "原因",
        ],
        [
            [
                r.indicator.code,
                r.indicator.name,
                r.indicator.task.number if r.indicator.task else "工作目标",
                r.year,
                target_words(r.target, r.note, r.indicator),
                r.status.actual,
                r.status.expected,
                r.status.percent,
                r.status.projection,
                r.status.label,
                r.status.reason,
            ]
            for r in data["status"].rows
        ],
        [28, 30, 8, 6, 16, 10, 10, 10, 10, 8, 80],
    )
    chosen = _chosen_indicator(plan, request.GET.get("indicator"))
    if chosen is not None:
        series = trend(plan, chosen, as_of)
        expected = {
            (p["date"], path["year"]): p["expected"] for path in series["paths"] for p in path["points"]
        }
        years = [path["year"] for path in series["paths"]]
        unit = f"（{series['unit']}）" if series["unit"] else ""
        excel.add_sheet(
            workbook,
            "趋势",
            ["统计期末", f"{chosen.name}{unit}", f"对比值{unit}", *[f"{y}年目标路径{unit}" for y in years]],
            [
                [
                    p["date"].isoformat(),
                    p["value"],
                    p["reference"],
                    *[expected.get((p["date"], y)) for y in years],
                ]
                for p in series["actual"]
            ],
            [12, 30, 12],
        )
    content = excel.to_bytes(workbook)
    name = f"{plan.code}-驾驶舱-{as_of.isoformat()}.xlsx"
    chain.record(
        "export", obj=plan, after={"what": "dashboard.xlsx", "as_of": as_of.isoformat(), "year": year}
    )
    return downloads.attachment(content, name, excel.XLSX_TYPE)


@login_required
def indicator_detail(request, code, indicator):
    plan = _plan(request, code)
    ind = get_object_or_404(plan.indicators.select_related("task", "reporting_department"), code=indicator)
    as_of, _year = _params(request, plan)
    rows = [r for r in dashboard_data(plan, as_of, None)["status"].rows if r.indicator.pk == ind.pk]
    return render(
        request,
        "monitoring/indicator.html",
        {
            "plan": plan,
            "indicator": ind,
            "rows": rows,
            "as_of": as_of,
            "charts": {"trend": trend(plan, ind, as_of)},
            "money": money_by_programme(ind.programmes.all()),
        },
    )
