"""The audit trail's part of the home page's to-do list (core.todo), for the audit administrator: the
entries of the last seven days that an auditor reviews (personal data revealed, data exported, logins
failed or locked). Counted through `access.audit_entries_for`."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.scope import has_perm
from liangxin.audit import access, registry
from liangxin.core.todo import Todo, contribute

DAYS = 7
# what an auditor looks at first: who saw whole personal data, what left the system, who failed to log in
REVIEWED = ("pii.reveal", "export", "login.failure", "login.locked")


@contribute("audit", "审计", order=40)
def audit_todos(user) -> list[Todo]:
    if not has_perm(user, "audit.view"):
        return []
    since = timezone.localdate() - timedelta(days=DAYS - 1)
    recent = access.audit_entries_for(user).filter(at__date__gte=since)
    base = reverse("audit:list")
    items = [
        Todo(
            code="audit_recent",
            label=f"近{DAYS}日的审计记录",
            count=recent.count(),
            url=f"{base}?since={since.isoformat()}",
            detail="可在命令行运行 liangxin audit verify 校验审计链",
        )
    ]
    for action in REVIEWED:
        if action not in registry.ACTIONS:
            continue
        items.append(
            Todo(
                code=f"audit_{action.replace('.', '_')}",
                label=f"近{DAYS}日“{registry.ACTIONS.label(action)}”记录",
                count=recent.filter(action=action).count(),
                url=f"{base}?action={action}&since={since.isoformat()}",
            )
        )
    return items
