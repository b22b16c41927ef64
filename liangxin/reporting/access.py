"""Who may see and act on reporting periods and submissions."""

from django.core.exceptions import PermissionDenied

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import define, has_perm, require
from liangxin.reporting.models import Submission

_DISTRICT_WIDE = {Role.COORDINATOR, Role.LEADER, Role.FINANCE, Role.AUDITOR}

define("period.manage", {Role.COORDINATOR}, "只有统筹协调角色可以开启或关闭填报期")
define("submission.view_all", _DISTRICT_WIDE, "您只能查看本部门的填报")
define("submission.fill", {Role.REPORTER}, "只有部门填报人员可以填写和报送")
define("submission.approve", {Role.REVIEWER}, "只有本部门审核人员可以审核")
define("submission.accept", {Role.COORDINATOR}, "只有统筹协调角色可以采纳")


def submissions_for(user: User):
    """Submissions the user may read: all for the district-wide roles, else their own department's."""
    require(user, "plan.view")
    if has_perm(user, "submission.view_all"):
        return Submission.objects.all()
    return Submission.objects.filter(department_id=user.department_id)


def require_own_department(user: User, perm: str, department_id: int) -> None:
    """A reporter or reviewer acts only on their own department's submission."""
    require(user, perm)
    if perm in {"submission.fill", "submission.approve"} and user.department_id != department_id:
        raise PermissionDenied("只能处理本部门的填报")
