"""The demo matches load through the matching functions on the demo lists: one signed with its value, one
at 意向, one contacted; once only. Each is among the demand's ranked candidates."""

import pytest

from liangxin.demo.lists import install_list_demo
from liangxin.demo.matching import MATCHES, install_match_demo
from liangxin.lists.matching import candidates
from liangxin.lists.matching.models import Match
from liangxin.lists.tests.helpers import demo_units  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


def test_the_demo_matches_are_signed_intention_and_contacted_and_load_once():
    install_list_demo()
    assert install_match_demo() == len(MATCHES)
    assert install_match_demo() == 0
    assert sorted(Match.objects.values_list("state", flat=True)) == ["contacted", "intention", "signed"]
    signed = Match.objects.get(state="signed")
    assert signed.value == 96 and signed.steps.count() == 3
    for match in Match.objects.select_related("demand", "supply"):
        assert match.supply in [c.entry for c in candidates.for_demand(match.demand)]
