"""The queue's own periodic task: the files of finished jobs are deleted after settings.JOB_KEEP_DAYS."""

from django.conf import settings

from liangxin.queue import jobs
from liangxin.queue.periodic import Finding, periodic


@periodic("job_files", "过期后台任务文件清理")
def delete_old_job_files() -> Finding:
    gone = jobs.delete_old_files()
    if not gone:
        return Finding(f"没有超过 {settings.JOB_KEEP_DAYS} 天的后台任务文件", quiet=True)
    return Finding(f"已删除 {len(gone)} 个超过 {settings.JOB_KEEP_DAYS} 天的后台任务文件")
