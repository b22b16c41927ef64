from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.chain import describe_database, verify


class Command(BaseCommand):
    help = "审计日志：liangxin audit verify 校验 HMAC-SM3 链"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验整条审计链，指出第一条被篡改或缺失的记录")

    def handle(self, *args, action, **options):
        result = verify()
        database = f"数据库 {describe_database()}，标识 {result.database or '（无）'}"
        for identity, seq in result.others:
            name = identity or "升级前未绑定数据库的锚点"
            self.stdout.write(
                f"此数据文件夹的锚点还记有另一个数据库：{name}（最新第 {seq} 条），不属于当前数据库。"
            )
        if not result.ok:
            raise CommandError(
                f"审计链校验失败（{database}）：{result.problem}（此前 {result.checked} 条完好）"
            )
        self.stdout.write(f"审计链完好（{database}）：共 {result.checked} 条记录。")
