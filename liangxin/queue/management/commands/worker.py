from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from liangxin.queue import jobs, periodic


class Command(BaseCommand):
    help = (
        "任务队列的消费进程：运行批量导入等后台任务和定时任务。未设 REDIS_URL 时队列在数据文件夹的 SQLite "
        "文件中（单机）；设了 REDIS_URL，任意多台机器上的消费进程共用 Redis 队列"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.HUEY["consumer"]["workers"],
            help="同时运行的任务数（线程），默认 $LIANGXIN_QUEUE_THREADS 或 2",
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="不安排定时任务：多个消费进程共用 Redis 队列时，只让其中一个安排（否则每个都会安排一次）",
        )

    def handle(self, *args, threads, no_periodic, **options):
        # what a consumer that died left behind is settled first: its periodic runs marked 中断, an import
        # it was running queued again
        aborted = periodic.abort_stale()
        if aborted:
            self.stdout.write(f"已将 {aborted} 次未结束的定时任务运行标为中断")
        if failed := jobs.abort_stale():
            self.stdout.write(f"已将 {failed} 个中断的后台任务标为失败")
        for run in periodic.run_at_start():
            self.stdout.write(f"{periodic.PERIODIC[run.name].label}：{run.message}")
        self.stdout.flush()
        call_command("run_huey", workers=threads, worker_type="thread", periodic=not no_periodic)
