"""The 调度通报 of a large period built as a job (liangxin.queue.jobs)."""

from pathlib import Path

from liangxin.monitoring import access, bulletin
from liangxin.queue.jobs import Progress, job_kind


@job_kind("bulletin", "调度通报")
def build_bulletin(user, params: dict, path: Path, progress: Progress) -> str:
    """`params`: the plan's code, the period's key and the format (docx or xlsx)."""
    period = access.bulletin_period_or_404(user, params["plan"], params["period"])
    path.write_bytes(bulletin.export(period.plan, period, params["format"]))
    return bulletin.filename(period, params["format"])
