from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.chain import verify


class Command(BaseCommand):
    help = "审计日志：liangxin audit verify 校验 HMAC-SM3 链"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验整条审计链，指出第一条被篡改或缺失的记录")

    def handle(self, *args, action, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"审计链校验失败：{result.problem}（此前 {result.checked} 条完好）")
        self.stdout.write(f"审计链完好：共 {result.checked} 条记录。")
