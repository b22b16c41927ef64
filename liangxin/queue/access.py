"""Who may see the periodic tasks and their last runs: the system administrator, who keeps the consumers
running, and the coordinator, whose reminders and checks they are."""

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import define, require
from liangxin.queue.models import PeriodicRun

define("queue.view", {Role.ADMIN, Role.COORDINATOR}, "只有系统管理员和统筹协调人员可以查看定时任务")


def runs_for(user: User):
    require(user, "queue.view")
    return PeriodicRun.objects.all()
