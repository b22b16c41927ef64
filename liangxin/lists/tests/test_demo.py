"""The demo lists load through the domain functions: supply entries in several categories, most published,
one returned, one waiting; equipment needs and consumer estimates; once only."""

import pytest

from liangxin.demo.lists import DEMAND, SUPPLY, install_list_demo
from liangxin.lists import queries
from liangxin.lists.models import DemandEntry, SupplyEntry
from liangxin.lists.tests.helpers import demo_units  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


def test_the_demo_lists_have_entries_in_every_state_and_load_once():
    assert install_list_demo() == len(SUPPLY) + len(DEMAND)
    assert install_list_demo() == 0
    statuses = sorted(SupplyEntry.objects.values_list("status", flat=True))
    assert statuses.count("returned") == 1 and statuses.count("submitted") == 1
    assert queries.published().count() == len(SUPPLY) - 2
    assert SupplyEntry.objects.values("category").distinct().count() >= 5
    assert set(DemandEntry.objects.values_list("kind", flat=True)) == {"equipment", "consumer"}
    assert DemandEntry.objects.filter(status="accepted").count() >= 7
