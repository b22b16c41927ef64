from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.cli import cli_actor
from liangxin.monitoring import bulletin
from liangxin.plans.models import Plan
from liangxin.reporting.models import Period


class Command(BaseCommand):
    help = "调度通报：导出某一期的通报（Word）或数据（Excel）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        period = sub.add_parser("period", help="导出某一期的调度通报或数据")
        period.add_argument("plan", help="方案代码，如 taishan-2024")
        period.add_argument("period", help="期次，如 2026-10")
        period.add_argument("--format", choices=sorted(bulletin.FORMATS), help="docx（通报）或 xlsx（数据）")
        period.add_argument("--output", help="输出文件；默认按方案、期次和格式命名，写在当前目录")
        period.add_argument("--date", dest="issued_on", help="通报日期（YYYY-MM-DD），默认今天")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _period(self, plan, period, format, output, issued_on, **_):
        issued_on = _issue_date(issued_on)
        found = Plan.objects.filter(code=plan).first()
        if found is None:
            raise CommandError(f"方案 {plan} 不存在（可用 liangxin plan list 查看已载入的方案）")
        chosen = Period.objects.filter(plan=found, key=period).first()
        if chosen is None:
            raise CommandError(f"方案 {plan} 没有期次 {period} 的填报期")
        fmt = format or _format_of(output)
        target = Path(output or bulletin.filename(chosen, fmt))
        if target.suffix.lower() != f".{fmt}":
            raise CommandError(f"输出文件 {target} 的扩展名与格式 {fmt} 不一致")
        if not target.parent.is_dir():
            raise CommandError(f"目录 {target.parent} 不存在")
        with cli_actor():
            content = bulletin.export(found, chosen, fmt, issued_on)
        target.write_bytes(content)
        what = "调度通报" if fmt == "docx" else "调度数据"
        self.stdout.write(f"已将{chosen}{what}写入 {target}（{len(content):,} 字节）")


def _format_of(output: str | None) -> str:
    if output and Path(output).suffix.lower() in (".docx", ".xlsx"):
        return Path(output).suffix.lower()[1:]
    return "docx"


def _issue_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"通报日期 {text} 无效，应为 YYYY-MM-DD（如 2026-11-06）") from exc
