"""subsidies.approved: a programme's applications that passed 复审 within the window and stand approved,
with the records and the application list behind the figure."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from liangxin.plans.sources import SOURCES, Window
from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Decision
from liangxin.subsidies.review import decisions
from liangxin.subsidies.sources import APPROVED_APPLICATIONS
from liangxin.subsidies.tests.test_review import load, numbered, person

pytestmark = pytest.mark.django_db
PARAMS = {"programme": "appliance-2025"}


def _decided(i: int, outcome: str):
    app, _ = applications.submit(person("swj_clerk"), load(), numbered(i))
    decisions.first_decision(person("swj_caseworker"), app, "approve", "材料齐全")
    return decisions.second_decision(
        person("swj_approver"), app, outcome, "同意" if outcome == "approve" else "不符合条件"
    )


@pytest.fixture
def decided():
    return [_decided(0, "approve"), _decided(1, "approve"), _decided(2, "reject")]


def test_it_is_registered_with_the_programmes_as_choices(decided):
    assert SOURCES["subsidies.approved"] is APPROVED_APPLICATIONS
    assert APPROVED_APPLICATIONS.params[0].choices()["appliance-2025"]


def test_approved_applications_counted_on_the_days_of_their_approval(decided):
    today = timezone.localdate()
    assert APPROVED_APPLICATIONS.value(PARAMS, Window(date(today.year, 1, 1), today)) == Decimal(2)
    assert APPROVED_APPLICATIONS.value(PARAMS, Window(None, today)) == Decimal(2)
    assert APPROVED_APPLICATIONS.value(PARAMS, Window(None, today - timedelta(days=1))) == Decimal(0)
    assert APPROVED_APPLICATIONS.value({"programme": "car-scrap-2025"}, Window(None, today)) == Decimal(0)
    # approved yesterday (by the district's clock): outside a window starting today
    Decision.objects.filter(application=decided[0], step="second").update(
        at=timezone.now() - timedelta(days=1)
    )
    assert APPROVED_APPLICATIONS.value(PARAMS, Window(today, today)) == Decimal(1)


def test_the_records_and_the_list_behind_the_figure(decided, login):
    today = timezone.localdate()
    window = Window(date(today.year, 1, 1), today)
    records = APPROVED_APPLICATIONS.records(PARAMS, window, 20)
    assert len(records) == 2 and all("复审通过" in r.label for r in records)
    assert {r.url for r in records} == {f"/subsidies/applications/{a.public_id}/" for a in decided[:2]}
    url = APPROVED_APPLICATIONS.records_url(PARAMS, window)
    assert url.startswith("/subsidies/applications/?programme=appliance-2025&approved_to=")
    page = login("swj_approver").get(url).content.decode()
    assert all(str(a.number) in page for a in decided[:2]) and decided[2].number not in page
