import sys

from django.core.management.base import BaseCommand, CommandError

from liangxin.audit.cli import cli_actor
from liangxin.core.errors import DomainError
from liangxin.notifications import channel_setup
from liangxin.notifications.channels import CHANNEL_KINDS
from liangxin.notifications.models import Delivery


class Command(BaseCommand):
    help = (
        "通知渠道：liangxin channel add 部门代码 --kind wecom|dingtalk|govwecom|email|sms --url 地址"
        "（密钥从标准输入逐行读入）；liangxin channel test 部门代码（向各渠道发送测试消息并等待结果）；"
        "个人的渠道用 --user 账号 代替部门代码"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="为部门（或个人）新增通知渠道；密钥（如有）从标准输入逐行读入")
        self._owner_arguments(add)
        add.add_argument("--kind", required=True, choices=[k.code for k in CHANNEL_KINDS])
        add.add_argument("--url", required=True, help="服务地址（邮件为 mailto:地址）")
        test = sub.add_parser("test", help="向部门（或个人）的每个渠道发送测试消息，等到发出或失败")
        self._owner_arguments(test)
        test.add_argument("--timeout", type=float, default=120, help="最多等待的秒数（默认 120）")

    @staticmethod
    def _owner_arguments(parser):
        parser.add_argument("department", nargs="?", help="部门代码")
        parser.add_argument("--user", help="账号（个人的通知渠道，代替部门代码）")

    @staticmethod
    def _owner(department, user):
        if bool(department) == bool(user):
            raise CommandError("请给出部门代码或 --user 账号，二者选一")
        return channel_setup.user_of(user) if user else channel_setup.department_of(department)

    def handle(self, *args, action, **options):
        try:
            with cli_actor():
                getattr(self, f"_{action}")(**options)
        except DomainError as exc:
            problems = "；".join(f"{p.field}：{p.message}" for p in getattr(exc, "problems", []))
            raise CommandError(problems or str(exc)) from exc

    def _add(self, department, user, kind, url, **_):
        owner = self._owner(department, user)
        secret = sys.stdin.read() if CHANNEL_KINDS[kind].secret_parts else ""
        channel = channel_setup.add(None, owner, kind, url, secret)
        self.stdout.write(
            f"已新增{CHANNEL_KINDS[kind].label}渠道 {channel.pk}：{channel.base_url} {channel.secret_masked}"
        )

    def _test(self, department, user, timeout, **_):
        deliveries = channel_setup.test_all(None, self._owner(department, user))
        self.stdout.write(f"已向 {len(deliveries)} 个渠道发送测试消息，等待结果……")
        outcomes = channel_setup.wait(deliveries, timeout)
        for d in outcomes:
            why = f"（{d.error}）" if d.error else ""
            self.stdout.write(
                f"{CHANNEL_KINDS.label(d.channel.kind)} {d.channel.base_url}：{d.get_status_display()}{why}"
            )
        if any(d.status != Delivery.Status.SENT for d in outcomes):
            raise CommandError("有渠道未能发出测试消息")
