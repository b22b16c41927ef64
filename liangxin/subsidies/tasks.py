"""The bulk import as a queue task, the recovery of imports whose consumer died, and the big files built
as jobs (liangxin.queue.jobs): a payout batch's bank file, the applications export."""

from pathlib import Path

from huey.contrib.djhuey import db_task

from liangxin.audit.context import acting_as, actor_for
from liangxin.queue.jobs import Progress, job_kind
from liangxin.queue.periodic import Finding, periodic
from liangxin.subsidies import access
from liangxin.subsidies.imports import heartbeat, pipeline
from liangxin.subsidies.intake import exports
from liangxin.subsidies.models import ImportJob
from liangxin.subsidies.payouts import batches


@db_task(name="subsidies.import")
def run_import(job_id: int) -> None:
    work(job_id)


def work(job_id: int) -> ImportJob | None:
    """Claim the job and import the rest of its file, its worker pool in this process; None when another
    consumer holds it or it has ended. A refusal of the file is kept on the job (failed, with its reason)."""
    worker = heartbeat.new_worker()
    if not heartbeat.claim(job_id, worker):
        return None
    job = ImportJob.objects.select_related("programme", "created_by").get(pk=job_id)
    try:
        # the trail names the uploader, through the queue, as the detached process named the command line
        with acting_as(actor_for(job.created_by, "", "queue")):
            return pipeline.run(job.created_by, job, pipeline.stored_path(job), worker=worker)
    except pipeline.ImportRefused:
        return ImportJob.objects.get(pk=job_id)
    except pipeline.LeaseLost:
        return None


@periodic("import_recovery", "中断导入的恢复", at_start=True, keep_quiet_runs=False)
def recover_imports() -> Finding:
    """Queue again the imports a gone consumer left: run every minute, and when a consumer starts. Only
    the latest run that found none is kept."""
    jobs = heartbeat.to_recover()
    for job in jobs:
        pipeline.launch(job)
    if not jobs:
        return Finding("没有中断的导入任务", quiet=True)
    return Finding(f"已重新排队 {len(jobs)} 个中断的导入任务：{'、'.join(str(j.pk) for j in jobs)}")


@job_kind("payout_bank_file", "拨付银行文件")
def build_bank_file(user, params: dict, path: Path, progress: Progress) -> str:
    batch = access.payout_batch_or_404(user, params["batch_id"])
    path.write_bytes(batches.bank_file(user, batch, progress))
    return batches.bank_file_name(batch)


@job_kind("application_export", "补贴申请导出")
def build_application_export(user, params: dict, path: Path, progress: Progress) -> str:
    """`params`: the list's filters (exports.FILTERS) and the stated reason for whole personal data."""
    found = exports.matching(user, *(params.get(key) for key in exports.FILTERS))
    reason = params.get("reason", "")
    filters = {key: params.get(key) for key in ("programme", "status", "flag", "q", "number")}
    exports.write(user, found, path, reason, filters, progress=progress)
    return exports.file_name(reason)
