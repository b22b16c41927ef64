"""The review flow: submitted by the entering side, accepted or returned with a reason by the list's lead
department (or the coordinator), never by the submitter; withdrawn with a reason; each step in the history
and the audit trail; who sees which entries; the reviewers' to-do."""

import pytest
from django.core.exceptions import PermissionDenied

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Conflict, Invalid
from liangxin.lists import access, entries, queries, review
from liangxin.lists.tests.helpers import (
    CABLE_CODE,
    consumer_data,
    demo_units,  # noqa: F401 - a fixture
    equipment_data,
    person,
    supply_data,
)
from liangxin.lists.todo import list_todos

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_units")]


@pytest.fixture
def submitted():
    entry = entries.create(person("enterprise"), "supply", supply_data())
    return review.submit(person("enterprise"), entry)


def test_an_enterprise_submits_and_the_lead_department_accepts_and_it_is_published(submitted):
    assert submitted.status == "submitted" and submitted.submitted_by == person("enterprise")
    assert list(queries.published()) == []
    entry = review.accept(person("gxj_reviewer"), submitted, "材料齐全")
    assert entry.status == "accepted" and entry.reviewed_by == person("gxj_reviewer")
    assert list(queries.published()) == [entry]
    assert [(c.step, c.from_status, c.to_status) for c in review.history(entry)] == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("accept", "submitted", "accepted"),
    ]
    audit = AuditEntry.objects.get(action="supply.accept")
    assert audit.before["status"] == "submitted" and audit.after["status"] == "accepted"


def test_only_a_reviewer_of_the_lead_department_or_the_coordinator_reviews(submitted):
    for username in ("gxj_reporter", "wjj_reviewer", "leader", "auditor", "enterprise"):
        with pytest.raises(PermissionDenied):
            review.accept(person(username), submitted)
    assert review.accept(person("fgj_coordinator"), submitted).status == "accepted"


def test_demand_is_reviewed_by_the_coordinator_not_by_the_supply_lead():
    entry = review.submit(
        person("wjj_reporter"), entries.create(person("wjj_reporter"), "demand", equipment_data())
    )
    with pytest.raises(PermissionDenied, match="发改局、商务局"):
        review.accept(person("gxj_reviewer"), entry)
    assert review.accept(person("fgj_coordinator"), entry).status == "accepted"


def test_nobody_reviews_what_they_submitted():
    entry = entries.create(person("fgj_coordinator"), "demand", consumer_data())
    review.submit(person("fgj_coordinator"), entry)
    with pytest.raises(PermissionDenied, match="不能审核本人提交的条目"):
        review.accept(person("fgj_coordinator"), entry)


def test_a_return_needs_a_reason_and_a_returned_entry_is_edited_and_submitted_again(submitted):
    with pytest.raises(Invalid, match="退回"):
        review.return_entry(person("gxj_reviewer"), submitted, "  ")
    entry = review.return_entry(person("gxj_reviewer"), submitted, "请补充防爆合格证编号")
    assert entry.status == "returned" and entry.review_note == "请补充防爆合格证编号"
    entry, _ = entries.update(person("enterprise"), entry, {"certifications": "MA 证书编号 MAH190001"})
    entry = review.submit(person("enterprise"), entry)
    assert entry.status == "submitted" and entry.review_note == ""
    assert [c.step for c in review.history(entry)] == ["create", "submit", "return", "update", "submit"]


def test_only_a_submitted_entry_is_reviewed(submitted):
    review.accept(person("gxj_reviewer"), submitted)
    with pytest.raises(Conflict, match="只有待审核的条目可以审核"):
        review.return_entry(person("gxj_reviewer"), submitted, "重复提交的条目")
    with pytest.raises(Conflict, match="只有草稿或已退回的条目可以修改、提交"):
        review.submit(person("enterprise"), submitted)


def test_withdrawing_needs_a_reason_takes_it_off_the_public_list_and_is_final(submitted):
    entry = review.accept(person("gxj_reviewer"), submitted)
    with pytest.raises(Invalid, match="撤回"):
        review.withdraw(person("enterprise"), entry, "x")
    entry = review.withdraw(person("enterprise"), entry, "该型号已停产")
    assert entry.status == "withdrawn" and entry.withdrawn_reason == "该型号已停产"
    assert list(queries.published()) == []
    with pytest.raises(Conflict):
        review.withdraw(person("gxj_reviewer"), entry, "该型号已停产")
    with pytest.raises(Conflict):
        review.submit(person("enterprise"), entry)


def test_a_draft_is_not_withdrawn_and_others_cannot_withdraw():
    entry = entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    with pytest.raises(Conflict):
        review.withdraw(person("gxj_reporter"), entry, "不再供应该产品")
    review.submit(person("gxj_reporter"), entry)
    with pytest.raises(PermissionDenied):
        review.withdraw(person("wjj_reporter"), entry, "不再供应该产品")
    assert review.withdraw(person("gxj_reviewer"), entry, "不再供应该产品").status == "withdrawn"


def test_who_sees_which_entries():
    own = entries.create(person("enterprise"), "supply", supply_data())
    by_gxj = entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    by_wjj = entries.create(person("wjj_reporter"), "supply", supply_data(unit=CABLE_CODE))

    def seen(username):
        return set(access.entries_for(person(username), "supply"))

    assert seen("enterprise") == {own}  # not the department's entry for its unit either
    assert seen("gxj_reporter") == {by_gxj}  # the lead department sees others' only once submitted
    assert seen("wjj_reviewer") == {by_wjj}
    assert seen("leader") == seen("auditor") == seen("fgj_coordinator") == {own, by_gxj, by_wjj}
    review.submit(person("enterprise"), own)
    review.submit(person("wjj_reporter"), by_wjj)
    assert seen("gxj_reviewer") == {own, by_gxj, by_wjj}
    assert seen("swj_reporter") == set()  # 商务局 leads demand, not supply
    with pytest.raises(PermissionDenied):
        access.entries_for(person("gxj_caseworker"), "supply")


def test_allowed_actions_follow_the_rules(submitted):
    assert access.allowed_actions(person("gxj_reviewer"), submitted) == {
        "accept",
        "return",
        "withdraw",
        "reveal",
    }
    assert access.allowed_actions(person("enterprise"), submitted) == {"withdraw"}
    assert access.allowed_actions(person("leader"), submitted) == set()


def test_the_reviewers_to_do_counts_what_waits_and_the_enterprise_sees_its_returned(submitted):
    todos = {t.code: t.count for t in list_todos(person("gxj_reviewer"))}
    assert todos["supply_to_review"] == 1 and "demand_to_review" not in todos
    assert {t.code: t.count for t in list_todos(person("fgj_coordinator"))}["supply_to_review"] == 1
    assert list_todos(person("leader")) == []
    review.return_entry(person("gxj_reviewer"), submitted, "请补充产品图片")
    assert {t.code: t.count for t in list_todos(person("enterprise"))} == {"supply_returned": 1}
    assert "supply_returned" not in {t.code for t in list_todos(person("fgj_coordinator"))}


def test_search_and_filters():
    entries.create(
        person("gxj_reporter"),
        "supply",
        supply_data(unit=CABLE_CODE, product="交联聚乙烯绝缘电力电缆", category="输变电及电线电缆"),
    )
    entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    coordinator = person("fgj_coordinator")
    assert [e.product for e in queries.supply(coordinator, q="电力电缆")] == ["交联聚乙烯绝缘电力电缆"]
    assert queries.supply(coordinator, category="mining").count() == 1
    assert (
        queries.supply(coordinator, town="qjdz").count() == 2
        and queries.supply(coordinator, town="sgjd").count() == 0
    )
    entries.create(person("swj_reporter"), "demand", consumer_data())
    entries.create(person("wjj_reporter"), "demand", equipment_data())
    assert queries.demand(coordinator, kind="consumer").count() == 1
    assert queries.demand(coordinator, category="medical").count() == 1
    assert queries.demand(coordinator, category="appliance", town="dmjd").count() == 1
    assert queries.demand(coordinator, q="CT").count() == 1


def test_a_filter_that_cannot_match_finds_nothing_rather_than_failing():
    entries.create(person("gxj_reporter"), "supply", supply_data(unit=CABLE_CODE))
    coordinator = person("fgj_coordinator")
    assert queries.supply(coordinator, unit="abc").count() == 0
    assert queries.supply(coordinator, q="电缆\x00", town="qjdz\x00").count() == 1
    with pytest.raises(Invalid) as caught:
        entries.create(
            coordinator, "supply", supply_data(unit="\x00", category="mining\x00", honours=[2**70])
        )
    assert {p.field for p in caught.value.problems} == {"unit", "category", "honours"}
