"""Who may read the audit trail: the audit administrator alone (三员分立)."""

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import define, require
from liangxin.audit.models import AuditEntry

define("audit.view", {Role.AUDITOR}, "只有审计管理员可以查看审计日志")


def audit_entries_for(user: User):
    require(user, "audit.view")
    return AuditEntry.objects.all()
