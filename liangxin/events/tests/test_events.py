"""Events: the record checked field by field, who keeps which event, held and cancelled, the participants
and outcomes with their rules, the summary figures computed from the rows, and who sees which event."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from liangxin.audit.models import AuditEntry
from liangxin.core.errors import Conflict, Invalid
from liangxin.core.tests.test_identifiers import make_credit_code
from liangxin.enterprises import units
from liangxin.enterprises.tests.test_units import enterprise, person
from liangxin.events import access, queries, records, rows
from liangxin.events.models import Event

pytestmark = pytest.mark.django_db
SUPPLY = make_credit_code("91370902MA3C00001")
DEMAND = make_credit_code("91370902MA3C00002")
OUTSIDER = make_credit_code("91370902MA3C00003")


def event_data(**changes) -> dict:
    return {
        "kind": "供需对接会",
        "title": "2026 泰山区设备更新供需对接会",
        "start": "2026-06-18",
        "end": "",
        "place": "泰山区政务服务中心",
        "organiser": "gxj",
        "co_organisers": "区发展和改革局",
    } | changes


@pytest.fixture
def units_made():
    coordinator = person("fgj_coordinator")
    return {
        code: units.create(coordinator, enterprise(name=name, credit_code=code))
        for code, name in (
            (SUPPLY, "泰安供方电缆有限公司"),
            (DEMAND, "泰安需方机械有限公司"),
            (OUTSIDER, "泰安旁观有限公司"),
        )
    }


@pytest.fixture
def event():
    return records.create(person("gxj_reporter"), event_data())


@pytest.fixture
def held(event, units_made):
    reporter = person("gxj_reporter")
    rows.add_participant(reporter, event, SUPPLY, "供方")
    rows.add_participant(reporter, event, DEMAND, "demand")
    return records.mark_held(reporter, event, date(2026, 6, 18))


def test_an_event_is_created_planned_one_day_long_with_an_audit_entry(event):
    assert event.kind == "matchmaking" and event.status == "planned"
    assert event.end == event.start == date(2026, 6, 18)
    assert AuditEntry.objects.get(action="event.create").after["organiser"] == "gxj"


def test_every_fault_is_named_by_its_field():
    with pytest.raises(Invalid) as refused:
        records.create(
            person("gxj_reporter"),
            event_data(kind="舞会", title="", start="明天", place="x\ny", organiser="qjdz"),
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"kind", "title", "start", "place", "organiser"}
    assert any("供需对接会" in p.message for p in refused.value.problems if p.field == "kind")
    with pytest.raises(Invalid, match="结束日期：不能早于开始日期"):
        records.create(person("gxj_reporter"), event_data(end="2026-06-01"))


def test_a_department_organises_and_keeps_its_own_events_and_the_coordinator_any(event):
    with pytest.raises(PermissionDenied, match="只能维护本部门主办的活动"):
        records.create(person("gxj_reporter"), event_data(organiser="swj"))
    with pytest.raises(PermissionDenied, match="只能维护本部门主办的活动"):
        records.update(person("swj_reporter"), event, {"title": "改名"})
    with pytest.raises(PermissionDenied, match="只能维护本部门主办的活动"):
        records.update(person("gxj_reporter"), event, {"organiser": "swj"})  # not handed to another
    with pytest.raises(PermissionDenied, match="只有主办部门"):
        records.create(person("leader"), event_data())
    changed, did = records.update(person("fgj_coordinator"), event, {"place": "泰山宾馆"})
    assert did and changed.place == "泰山宾馆"
    assert AuditEntry.objects.get(action="event.update").before["place"] == "泰山区政务服务中心"
    assert records.update(person("gxj_reporter"), event, {"place": "泰山宾馆"})[1] is False


def test_held_on_a_day_not_after_today_and_only_once(event):
    reporter = person("gxj_reporter")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(Invalid, match="举办日期：不能晚于今天"):
        records.mark_held(reporter, event, tomorrow)
    with pytest.raises(Invalid, match="举办日期：应为日期"):
        records.mark_held(reporter, event, "六月")
    records.mark_held(reporter, event, "2026-06-18")
    event.refresh_from_db()
    assert event.status == "held" and event.held_on == date(2026, 6, 18)
    with pytest.raises(Conflict, match="只有计划中的活动可以登记为已举办"):
        records.mark_held(reporter, event, "2026-06-19")
    with pytest.raises(Conflict, match="只有计划中的活动可以取消"):
        records.cancel(reporter, event, "天气原因延期")
    with pytest.raises(Conflict, match="已举办的活动计入指标，不能删除"):
        records.delete(reporter, event)
    assert AuditEntry.objects.get(action="event.held").after == {"held_on": "2026-06-18"}


def test_cancelled_with_a_reason_and_then_left_alone(event, units_made):
    reporter = person("gxj_reporter")
    with pytest.raises(Invalid, match="取消须填写理由"):
        records.cancel(reporter, event, " ")
    records.cancel(reporter, event, "场地检修，改期举办")
    event.refresh_from_db()
    assert event.status == "cancelled" and event.cancel_reason == "场地检修，改期举办"
    with pytest.raises(Conflict, match="已取消的活动不能再修改"):
        records.update(reporter, event, {"title": "新名称"})
    with pytest.raises(Conflict, match="已取消的活动不能再增减参加单位"):
        rows.add_participant(reporter, event, SUPPLY, "supply")
    assert access.allowed_actions(reporter, event) == set()


def test_a_planned_event_may_be_deleted_by_its_department(event):
    with pytest.raises(PermissionDenied):
        records.delete(person("swj_reporter"), event)
    records.delete(person("gxj_reporter"), event)
    assert not Event.objects.exists()
    assert AuditEntry.objects.get(action="event.delete").before["title"] == event.title


def test_participants_are_registered_units_each_once_with_a_role(event, units_made):
    reporter = person("gxj_reporter")
    with pytest.raises(Invalid) as refused:
        rows.add_participant(reporter, event, "不存在的公司", "嘉宾")
    assert {p.field for p in refused.value.problems} == {"unit", "role"}
    rows.add_participant(reporter, event, "泰安供方电缆有限公司", "供方")
    with pytest.raises(Invalid, match="已是本活动的参加单位"):
        rows.add_participant(reporter, event, SUPPLY, "需方")
    with pytest.raises(PermissionDenied):
        rows.add_participant(person("swj_reporter"), event, DEMAND, "需方")
    assert [p.role for p in event.participants.all()] == ["supply"]


def test_outcomes_come_after_the_event_between_its_participants(event, units_made):
    reporter = person("gxj_reporter")
    rows.add_participant(reporter, event, SUPPLY, "供方")
    outcome = {"supply": SUPPLY, "demand": "某医院", "kind": "签约", "value": "100"}
    with pytest.raises(Conflict, match="登记为已举办后才能登记"):
        rows.add_outcome(reporter, event, outcome)
    records.mark_held(reporter, event, date(2026, 6, 18))
    with pytest.raises(Invalid) as refused:
        rows.add_outcome(
            reporter, event, {"supply": DEMAND, "demand": OUTSIDER, "kind": "赠送", "note": "x" * 301}
        )
    assert {p.field for p in refused.value.problems} == {"supply", "demand", "kind", "note"}
    with pytest.raises(Invalid, match="签约须填写金额"):
        rows.add_outcome(reporter, event, outcome | {"value": ""})
    with pytest.raises(Invalid, match="应大于 0"):
        rows.add_outcome(reporter, event, outcome | {"value": "0"})
    with pytest.raises(Invalid, match="最多保留 4 位小数"):
        rows.add_outcome(reporter, event, outcome | {"value": "1.00001"})
    with pytest.raises(Invalid, match="需方：必填"):
        rows.add_outcome(reporter, event, outcome | {"demand": " "})
    made = rows.add_outcome(reporter, event, outcome | {"value": "100.1234"})
    assert made.value == Decimal("100.1234") and made.demand is None and made.demand_name == "某医院"
    intention = rows.add_outcome(reporter, event, {"supply": SUPPLY, "demand": "某学校", "kind": "intention"})
    assert intention.value is None
    assert AuditEntry.objects.filter(action="event.outcome.add").count() == 2


def test_a_unit_in_an_outcome_stays_a_participant_until_the_outcome_goes(held):
    reporter = person("gxj_reporter")
    outcome = rows.add_outcome(
        reporter,
        held,
        {"supply": SUPPLY, "demand": "泰安需方机械有限公司", "kind": "contract", "value": "50"},
    )
    assert outcome.demand.credit_code == DEMAND
    demand = held.participants.get(unit__credit_code=DEMAND)
    with pytest.raises(Conflict, match="请先删除这些成果"):
        rows.remove_participant(reporter, held, demand)
    rows.remove_outcome(reporter, held, outcome)
    rows.remove_participant(reporter, held, demand)
    assert held.participants.count() == 1
    assert (
        AuditEntry.objects.filter(action__in=["event.outcome.remove", "event.participant.remove"]).count()
        == 2
    )


def test_the_summary_figures_are_computed_from_the_rows(held):
    reporter = person("gxj_reporter")
    for kind, value in (("contract", "100.5"), ("contract", "20"), ("intention", "300"), ("intention", "")):
        rows.add_outcome(reporter, held, {"supply": SUPPLY, "demand": DEMAND, "kind": kind, "value": value})
    records.create(reporter, event_data(title="另一场对接会"))
    found = {e.title: e for e in queries.matching(person("leader"))}
    figures = found[held.title]
    assert (figures.participant_count, figures.intentions, figures.contracts) == (2, 2, 2)
    assert figures.contract_value == Decimal("120.5")
    other = found["另一场对接会"]
    assert (other.participant_count, other.contracts, other.contract_value) == (0, 0, 0)


def test_who_sees_which_event(held, event):
    other = records.create(
        person("swj_reporter"), event_data(title="家电促销", kind="家电以旧换新促销", organiser="swj")
    )
    for username in ("leader", "auditor", "fgj_coordinator", "wjj_reporter", "czj_finance"):
        assert set(access.events_for(person(username))) == {held, other}, username
    enterprise_user = person("enterprise")
    assert list(access.events_for(enterprise_user)) == []
    units.create(
        person("fgj_coordinator"),
        enterprise(name="泰山示范机械有限公司", credit_code=enterprise_user.credit_code),
    )
    rows.add_participant(person("gxj_reporter"), held, enterprise_user.credit_code, "exhibitor")
    assert list(access.events_for(enterprise_user)) == [held]
    assert access.allowed_actions(enterprise_user, held) == set()
    with pytest.raises(Http404):
        access.event_or_404(enterprise_user, other.pk)
    with pytest.raises(PermissionDenied):
        access.events_for(person("admin"))
    assert access.allowed_actions(person("auditor"), held) == set()
    assert access.allowed_actions(person("gxj_reporter"), held) == {"edit", "participants", "outcomes"}
    assert access.allowed_actions(person("fgj_coordinator"), other) == {
        "edit",
        "participants",
        "held",
        "cancel",
        "delete",
    }


def test_the_list_filters_by_kind_year_status_organiser_window_and_search(held):
    reporter = person("swj_reporter")
    planned = records.create(
        reporter, event_data(title="汽车巡展", kind="car_promotion", organiser="swj", start="2027-03-01")
    )
    leader = person("leader")

    def titles(**filters):
        return {e.title for e in queries.matching(leader, **filters)}

    assert titles(kind="car_promotion") == {"汽车巡展"}
    assert titles(year="2027") == {"汽车巡展"} and titles(year="2026") == {held.title}
    assert titles(status="held") == {held.title} and titles(organiser="swj") == {planned.title}
    assert titles(q="供方电缆") == {held.title} and titles(q="巡展") == {"汽车巡展"}
    assert titles(since="2026-06-19") == {"汽车巡展"} and titles(until="2026-06-18") == {held.title}
    assert titles(year="二〇二六", until="not a day") == {held.title, "汽车巡展"}
