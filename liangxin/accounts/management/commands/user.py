import sys

from django.core.management.base import BaseCommand, CommandError

from liangxin.accounts.actions import AccountError, create_user
from liangxin.accounts.models import User
from liangxin.audit.cli import cli_actor


class Command(BaseCommand):
    help = "账号管理：liangxin user add USERNAME --department CODE --role ROLE [--role ...]（密码从标准输入读取）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="新增账号，密码从标准输入读取")
        add.add_argument("username")
        add.add_argument("--department", help="部门代码（企业用户可省略）")
        add.add_argument("--role", action="append", required=True, help="角色代码，可重复")
        add.add_argument("--name", default="", help="姓名")
        add.add_argument("--credit-code", default="", help="企业用户的统一社会信用代码")
        sub.add_parser("list", help="列出账号")

    def handle(self, *args, action, **options):
        if action == "list":
            for user in User.objects.select_related("department").order_by("username"):
                dept = user.department.short_name if user.department else "-"
                self.stdout.write(f"{user.username}\t{dept}\t{'、'.join(user.role_labels())}")
            return
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("请从标准输入提供密码，例如：echo '密码' | liangxin user add ...")
        try:
            with cli_actor():
                user = create_user(
                    options["username"],
                    password,
                    department_code=options["department"],
                    roles=options["role"],
                    full_name=options["name"],
                    credit_code=options["credit_code"],
                )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已创建账号 {user.username}（{'、'.join(user.role_labels())}）")
