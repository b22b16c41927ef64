"""Events' pages and API: the list with its filters, paging and export (events and their outcomes), the
form keeping what was typed, the detail page adding and removing rows, the import all-or-nothing, the API
through an event's life, and an enterprise reading only its own events."""

import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from liangxin.enterprises.tests.test_units import person
from liangxin.events import records, rows
from liangxin.events.models import Event
from liangxin.events.tests.test_events import DEMAND, SUPPLY, event, event_data, held, units_made  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_list_filters_pages_and_exports_the_figures_and_outcomes(login, held):  # noqa: F811
    rows.add_outcome(
        person("gxj_reporter"), held, {"supply": SUPPLY, "demand": DEMAND, "kind": "签约", "value": "88.5"}
    )
    for number in range(55):
        records.create(
            person("swj_reporter"),
            event_data(title=f"家电促销 {number}", kind="家电以旧换新促销", organiser="swj"),
        )
    client = login("leader")
    page = client.get("/events/").content.decode()
    assert "登记活动" not in page and "共 56 场" in page and "page=2" in page
    page = client.get("/events/", {"kind": "matchmaking", "year": "2026"}).content.decode()
    assert held.title in page and "家电促销" not in page and "88.50" in page
    assert "家电促销 3" in client.get("/events/", {"q": "促销 3", "status": "planned"}).content.decode()
    answer = client.get("/events/export/", {"kind": "matchmaking"})
    book = load_workbook(
        io.BytesIO(b"".join(answer.streaming_content)) if answer.streaming else io.BytesIO(answer.content)
    )
    assert book.sheetnames == ["活动", "对接成果"]
    (header, row) = list(book["活动"].iter_rows(values_only=True))
    assert (
        row[0] == held.title
        and row[1] == "供需对接会"
        and row[2] == "已举办"
        and row[9:13] == (2, 0, 1, 88.5)
    )
    (_, outcome) = list(book["对接成果"].iter_rows(values_only=True))
    assert (
        outcome[2] == "泰安供方电缆有限公司" and outcome[4] == "泰安需方机械有限公司" and outcome[5] == "签约"
    )


def test_the_form_keeps_what_was_typed_and_names_each_fault(login):
    client = login("gxj_reporter")
    refused = client.post("/events/new/", event_data(kind="", start="昨天", title="新对接会"))
    body = refused.content.decode()
    assert refused.status_code == 422 and 'data-field="kind"' in body and 'data-field="start"' in body
    assert 'value="新对接会"' in body
    done = client.post("/events/new/", event_data(title="新对接会"))
    made = Event.objects.get(title="新对接会")
    assert done.status_code == 302 and done["Location"] == f"/events/{made.pk}/"
    assert (
        client.post(f"/events/{made.pk}/edit/", event_data(title="新对接会", place="泰山宾馆")).status_code
        == 302
    )
    made.refresh_from_db()
    assert made.place == "泰山宾馆"
    assert login("swj_reporter").get(f"/events/{made.pk}/edit/").status_code == 403


def test_the_detail_page_adds_and_removes_rows_and_marks_the_event_held(login, event, units_made):  # noqa: F811
    client = login("gxj_reporter")
    url = f"/events/{event.pk}/"
    assert client.post(f"{url}participants/", {"unit": SUPPLY, "role": "supply"}).status_code == 302
    assert client.post(f"{url}participants/", {"unit": DEMAND, "role": "demand"}).status_code == 302
    early = client.post(
        f"{url}outcomes/", {"supply": SUPPLY, "demand": DEMAND, "kind": "contract", "value": "10"}
    )
    assert early.status_code == 409 and "登记为已举办后" in early.content.decode()
    assert client.post(f"{url}held/", {"held_on": "2026-06-18"}).status_code == 302
    refused = client.post(
        f"{url}outcomes/", {"supply": SUPPLY, "demand": DEMAND, "kind": "contract", "value": ""}
    )
    assert refused.status_code == 422 and "签约须填写金额" in refused.content.decode()
    client.post(f"{url}outcomes/", {"supply": SUPPLY, "demand": DEMAND, "kind": "contract", "value": "10.5"})
    page = client.get(url).content.decode()
    assert "10.50 万元" in page and 'data-action="outcomes"' in page and 'data-action="held"' not in page
    outcome = event.outcomes.get()
    busy = event.participants.get(unit__credit_code=DEMAND)
    assert client.post(f"{url}participants/{busy.pk}/remove/").status_code == 409
    assert client.post(f"{url}outcomes/{outcome.pk}/remove/").status_code == 302
    assert client.post(f"{url}participants/{busy.pk}/remove/").status_code == 302
    assert client.post(f"{url}outcomes/{outcome.pk}/remove/").status_code == 404
    auditor_page = login("auditor").get(url).content.decode()
    assert "data-action" not in auditor_page and "泰安供方电缆有限公司" in auditor_page


def test_cancel_and_delete_from_the_page(login, event):  # noqa: F811
    client = login("gxj_reporter")
    assert client.post(f"/events/{event.pk}/cancel/", {"reason": ""}).status_code == 422
    assert client.post(f"/events/{event.pk}/cancel/", {"reason": "场地检修取消"}).status_code == 302
    assert client.post(f"/events/{event.pk}/delete/").status_code == 409
    other = records.create(person("gxj_reporter"), event_data(title="待删除"))
    assert (
        client.post(f"/events/{other.pk}/delete/").status_code == 302
        and not Event.objects.filter(pk=other.pk).exists()
    )


def _xlsx(rows_: list[list]) -> bytes:
    book = Workbook()
    for row in rows_:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADERS = ["活动类型", "活动名称", "开始日期", "结束日期", "地点", "主办部门", "举办日期"]


def test_the_import_saves_nothing_when_a_row_is_wrong_and_all_rows_otherwise(login):
    client = login("swj_reporter")
    bad = _xlsx(
        [
            HEADERS,
            ["汽车促销巡展", "春季巡展", "2025-04-19", "", "万达广场", "", "2025-04-19"],
            ["汽车促销巡展", "春季巡展", "2025-04-19", "", "万达广场", "", ""],
            ["舞会", "夏季", "2025-07-01", "", "广场", "", ""],
            ["家电以旧换新促销", "他部门的", "2025-07-01", "", "门店", "gxj", ""],
            ["家电以旧换新促销", "未来", "2025-07-01", "", "门店", "", "2099-01-01"],
        ]
    )
    refused = client.post("/events/import/", {"file": io.BytesIO(bad)})
    body = refused.content.decode()
    assert refused.status_code == 422 and not Event.objects.exists()
    for line in (
        "第 3 行：活动名称：与第 2 行是同一活动",
        "第 4 行：活动类型",
        "第 5 行：主办部门",
        "第 6 行：举办日期",
    ):
        assert line in body, line
    good = _xlsx(
        [
            HEADERS,
            ["汽车促销巡展", "春季巡展", "2025-04-19", "2025-04-20", "万达广场", "", "2025-04-19"],
            ["家电以旧换新促销", "国庆促销", "2025-10-01", "", "门店", "swj", ""],
        ]
    )
    assert client.post("/events/import/", {"file": io.BytesIO(good)}).status_code == 302
    spring = Event.objects.get(title="春季巡展")
    assert spring.status == "held" and spring.organiser.code == "swj"
    assert Event.objects.get(title="国庆促销").status == "planned"
    again = client.post("/events/import/", {"file": io.BytesIO(good)})
    assert again.status_code == 422 and "已登记" in again.content.decode()
    assert login("leader").get("/events/import/").status_code == 403


def test_the_api_through_an_events_life(client, api_token, units_made):  # noqa: F811
    headers = api_token("gxj_reporter")

    def call(method, path, body=None):
        return getattr(client, method)(
            f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **headers
        )

    made = call(
        "post",
        "/events",
        {"kind": "matchmaking", "title": "接口对接会", "start": "2026-06-18", "place": "会议室"},
    )
    assert (
        made.status_code == 201 and made.json()["organiser"] == "gxj" and made.json()["status"] == "planned"
    )
    pk = made.json()["id"]
    assert call("patch", f"/events/{pk}", {"co_organisers": "区商务局"}).json()["co_organisers"] == "区商务局"
    refused = call("post", "/events", {"kind": "x", "title": "", "start": "2026-06-18", "place": "会议室"})
    assert refused.status_code == 422 and {e["field"] for e in refused.json()["errors"]} == {"kind", "title"}
    call("post", f"/events/{pk}/participants", {"unit": SUPPLY, "role": "supply"})
    detail = call("post", f"/events/{pk}/participants", {"unit": DEMAND, "role": "需方"}).json()
    assert [p["role_label"] for p in detail["participants"]] == ["供方", "需方"]
    assert call("post", f"/events/{pk}/held", {"held_on": "2026-06-18"}).json()["status_label"] == "已举办"
    assert call("post", f"/events/{pk}/cancel", {"reason": "改期举办"}).status_code == 409
    detail = call(
        "post",
        f"/events/{pk}/outcomes",
        {"supply": SUPPLY, "demand": DEMAND, "kind": "contract", "value": 12.25},
    ).json()
    assert (
        detail["contracts"] == 1
        and detail["contract_value"] == 12.25
        and detail["outcomes"][0]["value"] == 12.25
    )
    outcome = detail["outcomes"][0]["id"]
    assert call("delete", f"/events/outcomes/{outcome}").json()["contracts"] == 0
    participant = detail["participants"][1]["id"]
    assert call("delete", f"/events/participants/{participant}").json()["participant_count"] == 1
    assert call("delete", f"/events/{pk}").status_code == 409
    listed = client.get("/api/v1/events", {"kind": "matchmaking", "status": "held"}, **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["participant_count"] == 1
    other = call(
        "post", "/events", {"kind": "other", "title": "待删", "start": "2026-07-01", "place": "会议室"}
    ).json()
    assert call("delete", f"/events/{other['id']}").status_code == 204
    swj = api_token("swj_reporter")
    assert (
        client.patch(f"/api/v1/events/{pk}", "{}", content_type="application/json", **swj).status_code == 403
    )


def test_an_enterprise_reads_only_the_events_it_takes_part_in(login, held, event):  # noqa: F811
    from liangxin.enterprises import units
    from liangxin.enterprises.tests.test_units import enterprise

    account = person("enterprise")
    units.create(
        person("fgj_coordinator"), enterprise(name="泰山示范机械有限公司", credit_code=account.credit_code)
    )
    other = records.create(person("gxj_reporter"), event_data(title="无关的活动"))
    rows.add_participant(person("gxj_reporter"), held, account.credit_code, "参展商")
    client = login("enterprise")
    page = client.get("/events/").content.decode()
    assert held.title in page and "无关的活动" not in page
    assert client.get(f"/events/{other.pk}/").status_code == 404
    assert "data-action" not in client.get(f"/events/{held.pk}/").content.decode()
    assert (
        client.post(f"/events/{held.pk}/participants/", {"unit": DEMAND, "role": "demand"}).status_code == 403
    )
    assert "对接和促销活动" in page
    assert login("admin").get("/events/").status_code == 403


def test_the_organisers_home_page_lists_its_past_events_still_planned(login, event):  # noqa: F811
    Event.objects.filter(pk=event.pk).update(start="2025-06-18", end="2025-06-18")
    records.create(person("swj_reporter"), event_data(title="他部门的", organiser="swj", start="2025-06-01"))
    page = login("gxj_reporter").get("/").content.decode()
    assert 'data-testid="todo-events"' in page and 'data-code="event_to_close"' in page
    assert "活动日期已过、尚未登记举办或取消的活动" in page and "status=planned&amp;organiser=gxj" in page
    records.mark_held(person("gxj_reporter"), event, "2025-06-18")
    assert "活动日期已过" not in login("gxj_reporter").get("/").content.decode()
    assert "活动日期已过" not in login("leader").get("/").content.decode()
