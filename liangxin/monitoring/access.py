"""Who may read what monitoring makes: the dashboard follows the plan (plans' access); a period's 调度通报
carries every department's figures and narratives, so only the district-wide roles get it."""

from liangxin.accounts.models import User
from liangxin.accounts.scope import has_perm, require
from liangxin.reporting import access as reporting_access
from liangxin.reporting.models import Period

BULLETIN_READERS = "submission.view_all"


def may_read_bulletin(user: User) -> bool:
    return has_perm(user, BULLETIN_READERS)


def bulletin_period_or_404(user: User, code: str, key: str) -> Period:
    """The period whose bulletin the user asks for: 403 for a role that may not read bulletins, 404 for a
    plan or period outside the user's scope."""
    require(user, BULLETIN_READERS)
    return reporting_access.period_or_404(user, code, key)
