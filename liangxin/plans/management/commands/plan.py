import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.cli import cli_actor
from liangxin.plans import planfile
from liangxin.plans.loader import check_file, export_plan, load_plan
from liangxin.plans.models import Plan


class Command(BaseCommand):
    help = "工作方案文件：校验（validate）、载入（load）、导出（export）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("validate", help="校验方案文件，列出全部问题").add_argument("file")
        sub.add_parser("load", help="校验后在一个事务中载入或更新方案").add_argument("file")
        export = sub.add_parser("export", help="导出方案")
        export.add_argument("code")
        export.add_argument("--format", choices=["yaml", "json"], default="yaml")
        sub.add_parser("list", help="列出已载入的方案")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _checked(self, file):
        try:
            return planfile.validate_file(Path(file))
        except planfile.PlanFileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"方案文件 {file} 有 {len(exc.problems)} 个问题，未作任何更改。") from exc

    def _validate(self, file, **_):
        plan = self._checked(file)
        indicators = list(plan.all_indicators())
        targets = sum(len(ind.targets) for _, ind, _ in indicators)
        tasks = sum(len(s.tasks) for s in plan.sections)
        self.stdout.write(
            f"方案文件有效：{plan.document_number}，{len(plan.sections)} 个篇章、{tasks} 项任务、"
            f"{len(indicators)} 个指标、{targets} 个年度目标、{len(plan.departments)} 个部门。"
        )

    def _load(self, file, **_):
        try:
            checked = check_file(Path(file))
        except planfile.PlanFileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            among = f"（其中 {exc.conflicts} 处与现有数据冲突）" if exc.conflicts else ""
            raise CommandError(
                f"方案文件 {file} 有 {len(exc.problems)} 个问题{among}，未作任何更改。"
            ) from exc
        with cli_actor():
            plan, created = load_plan(checked)
        self.stdout.write(f"{'已载入' if created else '已更新'}方案 {plan.code}：{plan.title}")

    def _export(self, code, format, **_):
        plan = Plan.objects.filter(code=code).first()
        if plan is None:
            raise CommandError(f"方案 {code} 不存在")
        sys.stdout.write(planfile.dump(export_plan(plan).canonical(), format))

    def _list(self, **_):
        for plan in Plan.objects.all():
            self.stdout.write(f"{plan.code}\t{plan.document_number}\t{plan.title}")
