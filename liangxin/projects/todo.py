"""The reserve's part of the home page's to-do list (core.todo): for the coordinator, the stage changes
(申报, 下达) waiting for confirmation; for a department's reporter or reviewer, its projects' changes still
waiting, so that it knows 发改局 has not yet decided."""

from django.urls import reverse

from liangxin.accounts.scope import has_perm
from liangxin.core.todo import Todo, contribute
from liangxin.projects import access
from liangxin.projects.models import StageChange


@contribute("projects", "项目库", order=25)
def project_todos(user) -> list[Todo]:
    if not has_perm(user, "project.edit"):
        return []
    pending = StageChange.objects.filter(
        status=StageChange.Status.PENDING, project__in=access.projects_for(user)
    )
    url = reverse("projects:list")
    if has_perm(user, "project.confirm"):
        return [Todo(code="stage_to_confirm", label="待确认的项目申报、下达", count=pending.count(), url=url)]
    own = pending.filter(project__department_id=user.department_id).count()
    return (
        [Todo(code="stage_asked", label="本部门等待发改局确认的项目阶段变更", count=own, url=url)]
        if own
        else []
    )
