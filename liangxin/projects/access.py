"""Who may see and act on projects: every internal role reads the reserve; an enterprise reads the projects
of its own unit. The responsible department's reporter and reviewer keep a project up to date (its record,
前期工作, stages other than 申报 and 下达, funding); the coordinator (发改局) may do all that on any project
and alone confirms 申报 and 下达."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.accounts.scope import DENIED, PLAN_READERS, define, has_perm
from liangxin.projects.models import Project

define("project.view", PLAN_READERS, "您的角色不能查看项目库")
define("project.view_own", {Role.ENTERPRISE}, "您的角色不能查看项目库")
define(
    "project.edit",
    {Role.COORDINATOR, Role.REPORTER, Role.REVIEWER},
    "只有责任部门的填报、审核人员可以维护项目",
)
define("project.confirm", {Role.COORDINATOR}, "只有统筹协调人员（发改局）可以确认项目申报和下达")


def sees_projects(user: User) -> bool:
    return has_perm(user, "project.view") or has_perm(user, "project.view_own")


def projects_for(user: User):
    if has_perm(user, "project.view"):
        return Project.objects.all()
    if has_perm(user, "project.view_own") and user.credit_code:
        return Project.objects.filter(owner__credit_code=user.credit_code)
    if has_perm(user, "project.view_own"):
        return Project.objects.none()
    raise PermissionDenied(DENIED["project.view"])


def require_view_all(user: User) -> None:
    """The district-wide tables of the reserve (the 2023 baselines): the internal roles."""
    if not has_perm(user, "project.view"):
        raise PermissionDenied(DENIED["project.view"])


def project_or_404(user: User, pk) -> Project:
    return get_object_or_404(projects_for(user).select_related("owner", "department", "town"), pk=pk)


def _edit_refusal(user: User, project: Project | None) -> PermissionDenied | None:
    if not has_perm(user, "project.edit"):
        return PermissionDenied(DENIED["project.edit"])
    if has_perm(user, "project.confirm") or project is None:
        return None
    if project.department_id != user.department_id:
        return PermissionDenied("只能维护本部门负责的项目")
    return None


def may_edit(user: User, project: Project | None) -> bool:
    return _edit_refusal(user, project) is None


def require_edit(user: User, project: Project | None) -> None:
    refusal = _edit_refusal(user, project)
    if refusal is not None:
        raise refusal


def require_confirm(user: User) -> None:
    if not has_perm(user, "project.confirm"):
        raise PermissionDenied(DENIED["project.confirm"])


def allowed_actions(user: User, project: Project) -> set[str]:
    found = set()
    if may_edit(user, project):
        found |= {"edit", "checklist", "stage", "funding", "documents"}
    if has_perm(user, "project.confirm"):
        found.add("confirm")
    return found
