"""The 调度通报: the periodic progress bulletin the "两新" office sends to the leaders, as Word, and all
its figures as Excel. Plain functions; pages, API and CLI all call ``export`` (``download`` for pages and API).

``data`` computes what the bulletin says, ``words`` writes its paragraphs, ``docx`` and ``xlsx`` write
the files."""

from datetime import date

from liangxin.audit import chain
from liangxin.core import downloads, excel
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period, ReportedValue

from .docx import DOCX_TYPE, bulletin_docx
from .xlsx import bulletin_xlsx

FORMATS = {"docx": DOCX_TYPE, "xlsx": excel.XLSX_TYPE}


def filename(period: Period, fmt: str) -> str:
    what = "调度通报" if fmt == "docx" else "调度数据"
    return f"{period.plan.code}-{period.key}-{what}.{fmt}"


def size(period: Period) -> int:
    """The rows of the bulletin's longest sheet (填报数值, every value reported for the period): what
    decides whether the queue builds it (liangxin.queue.jobs.is_big)."""
    return ReportedValue.objects.filter(submission__period=period).count()


def export(plan: Plan, period: Period, fmt: str, issued_on: date | None = None) -> bytes:
    """The bulletin in one format, with one audit entry recording who exported what."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式：{fmt}（可选 docx、xlsx）")
    build = bulletin_docx if fmt == "docx" else bulletin_xlsx
    content = build(plan, period, issued_on)
    chain.record("report.export", obj=period, after={"plan": plan.code, "period": period.key, "format": fmt})
    return content


def download(period: Period, fmt: str):
    """The bulletin as a file download under its Chinese name."""
    return downloads.attachment(export(period.plan, period, fmt), filename(period, fmt), FORMATS[fmt])
