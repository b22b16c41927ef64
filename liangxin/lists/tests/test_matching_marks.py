"""Marking a match: the states and their order, the signed value and date, the reason for 未成, who may
mark, who sees the matches, and the history and audit of each change."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Conflict, Invalid
from liangxin.lists.matching import access, matches
from liangxin.lists.tests.matching_world import demand, own_unit, person, supply, unit

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 1)


@pytest.fixture
def pair():
    hospital = unit("泰山区人民医院", department="wjj")
    return demand(hospital, "更新电力电缆"), supply(unit("泰安电缆"), "电力电缆")


def test_contacted_then_intention_then_signed_with_value_and_date(pair):
    coordinator = person("fgj_coordinator")
    match = matches.mark(coordinator, *pair, "contacted")
    matches.mark(coordinator, *pair, "intention", note="已看样")
    match = matches.mark(coordinator, *pair, "signed", value="120.5", on=TODAY)
    assert (match.state, match.value, match.signed_on) == ("signed", Decimal("120.5000"), TODAY)
    assert [(s.from_state, s.to_state) for s in match.steps.all()] == [
        ("", "contacted"),
        ("contacted", "intention"),
        ("intention", "signed"),
    ]
    entries = AuditEntry.objects.filter(object_type="lists.match", object_id=str(match.pk)).order_by("seq")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["match.create", "match.state", "match.state"]


def test_a_signed_match_is_final_and_a_closed_one_may_be_taken_up_again(pair):
    coordinator = person("fgj_coordinator")
    matches.mark(coordinator, *pair, "contacted")
    matches.mark(coordinator, *pair, "closed", note="价格未谈拢")
    assert matches.mark(coordinator, *pair, "contacted").state == "contacted"
    matches.mark(coordinator, *pair, "signed", value=10, on=TODAY)
    with pytest.raises(Conflict, match="对接现为“签约”，不能改为“未成”（可改为：无）"):
        matches.mark(coordinator, *pair, "closed", note="对方违约")


def test_a_new_match_cannot_start_closed(pair):
    with pytest.raises(Conflict, match="尚未对接"):
        matches.mark(person("fgj_coordinator"), *pair, "closed", note="没有联系上")


def test_signed_needs_a_positive_value_and_a_date_not_in_the_future(pair):
    coordinator = person("fgj_coordinator")
    for value, on, field in (
        ("", TODAY, "value"),
        ("abc", TODAY, "value"),
        ("0", TODAY, "value"),
        ("10", None, "on"),
        ("10", timezone.localdate() + timedelta(days=1), "on"),
    ):
        with pytest.raises(Invalid) as refused:
            matches.mark(coordinator, *pair, "signed", value=value, on=on)
        assert [p.field for p in refused.value.problems] == [field]


def test_closed_needs_a_reason_and_the_state_must_be_known(pair):
    coordinator = person("fgj_coordinator")
    matches.mark(coordinator, *pair, "contacted")
    with pytest.raises(Invalid, match="未成"):
        matches.mark(coordinator, *pair, "closed", note="x")
    with pytest.raises(Invalid, match="对接状态"):
        matches.mark(coordinator, *pair, "won")


def test_only_accepted_entries_start_a_match():
    need = demand(unit("医院"), "电力电缆", status="submitted")
    offer = supply(unit("电缆厂"), "电力电缆")
    with pytest.raises(Conflict, match="已采纳"):
        matches.mark(person("fgj_coordinator"), need, offer, "contacted")


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("fgj_coordinator", True),  # the coordinator
        ("gxj_reviewer", True),  # the supply list's lead department
        ("wjj_reporter", True),  # the department that entered the demand and manages its unit
        ("nyncj_reporter", False),  # another department
        ("leader", False),  # reads, does not mark
        ("swj_caseworker", False),
    ],
)
def test_who_may_mark(pair, username, allowed):
    assert access.may_mark(person(username), *pair) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            matches.mark(person(username), *pair, "contacted")


def test_an_enterprise_marks_the_matches_of_its_own_unit_on_either_side():
    mine = own_unit()
    enterprise = person("enterprise")
    other = demand(unit("医院"), "电力电缆")
    assert access.may_mark(enterprise, other, supply(mine, "电力电缆"))
    assert access.may_mark(enterprise, demand(mine, "电力电缆"), supply(unit("电缆厂"), "电力电缆"))
    assert not access.may_mark(enterprise, other, supply(unit("别家"), "电力电缆"))


def test_who_sees_which_matches(pair):
    match = matches.mark(person("fgj_coordinator"), *pair, "contacted")
    elsewhere = matches.mark(
        person("fgj_coordinator"),
        demand(unit("学校"), "电缆", department=None),
        supply(own_unit(), "电缆"),
        "contacted",
    )
    seen = {
        u: set(access.matches_for(person(u)))
        for u in ("leader", "gxj_reporter", "wjj_reporter", "nyncj_reporter", "enterprise")
    }
    assert seen["leader"] == seen["gxj_reporter"] == {match, elsewhere}
    assert seen["wjj_reporter"] == {match}
    assert seen["nyncj_reporter"] == set()
    assert seen["enterprise"] == {elsewhere}
    with pytest.raises(PermissionDenied):
        access.matches_for(person("admin"))
