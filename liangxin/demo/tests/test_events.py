from datetime import date
from decimal import Decimal

import pytest

from liangxin.accounts.models import User
from liangxin.demo.enterprises import install_unit_demo
from liangxin.demo.events import OUTCOMES, PROMOTIONS, install_event_demo
from liangxin.events import queries, sources
from liangxin.events.models import Event
from liangxin.plans.sources import Window

pytestmark = pytest.mark.django_db


def test_the_demo_events_fill_the_plans_event_indicators_and_a_matchmaking_with_contracts():
    install_unit_demo()
    assert install_event_demo() == len(PROMOTIONS) + 1
    assert install_event_demo() == 0
    this_year, last_year = (
        Window(date(2026, 1, 1), date(2026, 12, 31)),
        Window(date(2025, 1, 1), date(2025, 12, 31)),
    )
    car, appliance = {"kind": "car_promotion"}, {"kind": "appliance_promotion"}
    assert (sources.held_count(car, last_year), sources.held_count(car, this_year)) == (2, 1)
    assert (sources.held_count(appliance, last_year), sources.held_count(appliance, this_year)) == (2, 2)
    assert Event.objects.filter(status="planned").count() == 1
    (matchmaking,) = queries.matching(User.objects.get(username="leader"), kind="matchmaking")
    assert matchmaking.status == "held" and matchmaking.held_on.year == 2026
    assert matchmaking.participant_count == 7 and matchmaking.intentions == 2 and matchmaking.contracts == 2
    assert matchmaking.contract_value == sum(Decimal(v) for _, _, k, v, _ in OUTCOMES if k == "contract")
