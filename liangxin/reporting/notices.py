"""Who reporting's changes ask to act, told in their notification centre: a submission sent waits for its
department's reviewer, an approved one for the coordinator, a returned one for its department's
reporters; a deadline reminder reaches the department's reporters. The texts name the period and the
department only (no person, no figures)."""

from django.urls import reverse

from liangxin.accounts.models import Department
from liangxin.accounts.roles import Role
from liangxin.notifications import inbox
from liangxin.reporting.models import Period, Submission

S = Submission.Status


def submission_url(period: Period, department: Department) -> str:
    return reverse("reporting:submission", args=[period.plan.code, period.key, department.code])


def after_step(submission: Submission) -> None:
    """Tell whom the submission now waits on, by the state the step left it in."""
    period, department = submission.period, submission.department
    what = f"{period}{department.short_name}的调度数据"
    if submission.status == S.SUBMITTED:
        users, kind, text = (
            inbox.people(Role.REVIEWER, department),
            "submission_waiting",
            f"{what}已报送，待审核",
        )
    elif submission.status == S.APPROVED:
        users, kind, text = inbox.people(Role.COORDINATOR), "submission_waiting", f"{what}已审核通过，待采纳"
    elif submission.status == S.RETURNED:
        users, kind, text = (
            inbox.people(Role.REPORTER, department),
            "submission_returned",
            f"{what}被退回，请修改后重新报送",
        )
    else:
        return
    inbox.notify(users, kind, text, submission_url(period, department), obj=submission)


def reminded(period: Period, department: Department, text: str) -> None:
    """A reminder of the period's deadline, to the department's reporters and its group."""
    users = inbox.people(Role.REPORTER, department)
    url = submission_url(period, department)
    inbox.notify(users, "deadline", text, url, obj=period, departments=[department])
