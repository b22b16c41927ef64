"""Parts of a department's report contributed by other apps (reporting.parts): saved with the draft, all
or nothing with the values; faults and missing rows named; kept in versions and shown changed."""

from datetime import date

import pytest

from liangxin.accounts.models import Department, User
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.plans.models import Plan
from liangxin.reporting import assignments, parts, workflow
from liangxin.reporting.values import ValuesInvalid
from liangxin.reporting.workflow import SubmissionInput

pytestmark = pytest.mark.django_db
SAVED: dict = {}


def _clean(submission, payload):
    if payload.get("count") == "many":
        raise Invalid("数量有误", [FieldProblem("count", "车间数量：应为数字")])
    return payload


@pytest.fixture
def part():
    entry = parts.ReportPart(
        code="workshops",
        label="车间（数量）",
        applies=lambda submission: submission.department.code == "wjj",
        template="",
        context=lambda submission, typed: {},
        from_form=lambda submission, post: {"count": post.get("count")},
        clean=_clean,
        save=lambda user, submission, values: SAVED.update({submission.pk: values}),
        content=lambda submission: {"1": {"label": "一号车间", **SAVED.get(submission.pk, {})}},
        check=lambda submission: [] if submission.pk in SAVED else [FieldProblem("count", "车间：未填报")],
        field_labels={"count": "数量"},
    )
    parts.PARTS.add(entry)
    SAVED.clear()
    yield entry
    parts.PARTS.remove("workshops")


def _wjj():
    plan = Plan.objects.get(code="taishan-2024")
    period = workflow.open_period(
        User.objects.get(username="fgj_coordinator"), plan, "2026-11", date(2026, 12, 5)
    )
    return assignments.submission_for(period, Department.objects.get(code="wjj"))


def test_a_part_is_checked_saved_with_the_draft_and_kept_in_versions(part):
    submission, reporter = _wjj(), User.objects.get(username="wjj_reporter")
    with pytest.raises(ValuesInvalid, match="车间：未填报"):
        workflow.submit(reporter, submission)
    with pytest.raises(ValuesInvalid, match="车间数量：应为数字") as caught:
        workflow.save_draft(
            reporter,
            submission,
            SubmissionInput(
                values={"t08-medical-equipment-renewal": 5}, parts={"workshops": {"count": "many"}}
            ),
        )
    assert caught.value.problems[0].code == "count" and not submission.values.exists()
    with pytest.raises(ValuesInvalid, match="没有“roads”这一部分"):
        workflow.save_draft(reporter, submission, SubmissionInput(parts={"roads": {}}))
    workflow.save_draft(reporter, submission, SubmissionInput(parts={"workshops": {"count": "3"}}))
    workflow.submit(reporter, submission)
    latest = submission.versions.order_by("-version").first().content
    assert latest["parts"] == {"workshops": {"1": {"label": "一号车间", "count": "3"}}}
    assert workflow.diff({}, latest)[-1] == ("车间 一号车间 数量", "", "3")
    gxj = assignments.submission_for(submission.period, Department.objects.get(code="gxj"))
    assert "parts" not in workflow.content(gxj)  # the part does not apply to gxj's report
