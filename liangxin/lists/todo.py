"""The lists' part of the home page's to-do list (core.todo): for a reviewer of a list's lead department and
for the coordinator, the entries waiting for review; for the side that entered an entry, its returned ones."""

from django.urls import reverse

from liangxin.accounts.scope import has_perm
from liangxin.core.todo import Todo, contribute
from liangxin.lists import access
from liangxin.lists.codes import LISTS


@contribute("lists", "两优两新清单", order=27)
def list_todos(user) -> list[Todo]:
    if not has_perm(user, "lists.enter"):
        return []
    found = []
    for kind in LISTS:
        entries = access.entries_for(user, kind.code)
        url = reverse(f"lists:{kind.code}_list")
        if access.may_review(user, kind.code):
            waiting = entries.filter(status="submitted").exclude(submitted_by=user).count()
            found.append(
                Todo(
                    code=f"{kind.code}_to_review",
                    label=f"待审核的{kind.label}条目",
                    count=waiting,
                    url=f"{url}?status=submitted",
                )
            )
        returned = entries.filter(status="returned")
        if has_perm(user, "lists.view_own"):
            returned = returned.filter(department__isnull=True)
        else:  # the department's own entries (the coordinator's too: others' are theirs to correct)
            returned = returned.filter(department_id=user.department_id)
        if count := returned.count():
            found.append(
                Todo(
                    code=f"{kind.code}_returned",
                    label=f"被退回的{kind.label}条目",
                    count=count,
                    url=f"{url}?status=returned",
                )
            )
    return found
