import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.cli import cli_actor
from liangxin.plans.models import Plan
from liangxin.plans.queries import default_plan
from liangxin.subsidies import tasks
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.models import ImportJob, Programme
from liangxin.subsidies.programmes import catalogue
from liangxin.subsidies.programmes.errors import ProgrammeInvalid


class Command(BaseCommand):
    help = "补贴项目与批量导入：liangxin subsidy import PROGRAMME FILE [--result FILE.csv|xlsx]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("programmes", help="从 YAML 文件载入或更新补贴项目")
        load.add_argument("file")
        imp = sub.add_parser(
            "import", help="导入零售商、平台的 CSV 或 XLSX 文件（中断后再次执行即从断点继续）"
        )
        imp.add_argument("programme")
        imp.add_argument("file")
        imp.add_argument("--result", help="把逐行结果写到 .csv 或 .xlsx 文件")
        resume = sub.add_parser("resume", help="在本进程中继续网页上传的导入任务（通常由任务队列继续）")
        resume.add_argument("job", type=int)

    def handle(self, *args, action, **options):
        with cli_actor():
            getattr(self, f"_{action}")(**options)

    def _programmes(self, file, **_):
        try:
            # indicators are matched in the plan shown by default, as the demo loads them
            loaded = catalogue.load_file(Path(file), default_plan(Plan.objects.all()))
        except ProgrammeInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"补贴项目文件 {file} 有 {len(exc.problems)} 个问题，未作任何更改。") from exc
        self.stdout.write(f"已载入 {len(loaded)} 个补贴项目：{'、'.join(p.code for p in loaded)}")

    def _resume(self, job, **_):
        if not ImportJob.objects.filter(pk=job).exists():
            raise CommandError(f"导入任务 {job} 不存在")
        done = tasks.work(job)
        if done is None:
            raise CommandError(f"导入任务 {job} 已结束，或正由另一个消费进程导入")
        if done.status == ImportJob.Status.FAILED:
            raise CommandError(f"导入失败：{done.error}")
        self.stdout.write(f"导入任务 {job} 完成：共 {done.rows_done} 行。")

    def _import(self, programme, file, result=None, **_):
        found = Programme.objects.filter(code=programme).first()
        if found is None:
            raise CommandError(f"补贴项目 {programme} 不存在")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        if result and Path(result).suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("--result 只能是 .csv 或 .xlsx 文件")
        job = pipeline.start(None, found, path)
        if job.rows_done:
            self.stdout.write(f"从第 {job.rows_done + 2} 行继续导入（此前已处理 {job.rows_done} 行）")

        def progress(current):
            sys.stderr.write(f"\r已处理 {current.rows_done} 行")
            sys.stderr.flush()

        try:
            job = pipeline.run(None, job, path, progress)
        except pipeline.ImportRefused as exc:
            raise CommandError(f"导入失败：{exc}") from exc
        sys.stderr.write("\n")
        self.stdout.write(
            f"导入完成：共 {job.rows_done} 行，通过 {job.accepted}、待核查 {job.flagged}、拒绝 {job.refused}。"
        )
        if result:
            pipeline.write_result(job, Path(result))
            self.stdout.write(f"逐行结果已写入 {result}")
