"""建设性质 on a project (so that 技改 projects can be counted) and the list's filters a computed figure
links to: 建设性质, several fields, the year a project started."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from liangxin.core.errors import Invalid
from liangxin.enterprises.tests.test_units import person
from liangxin.projects import queries, records, stages
from liangxin.projects.tests.test_reserve import owner, project_data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def started(project, on: date):
    """Move a project through 储备, 申报 and 下达 (the coordinator confirming) to 开工 on the day."""
    reporter, coordinator = person(f"{project.department.code}_reporter"), person("fgj_coordinator")
    for to in ("reserve", "applied", "selected", "started"):
        change = stages.move(reporter, project, to, on)
        if change.status == "pending":
            stages.decide(coordinator, change, True)
    project.refresh_from_db()
    return project


def test_the_construction_kind_is_read_as_code_or_label_and_defaults_to_other(owner):  # noqa: F811
    gxj = person("gxj_reporter")
    assert records.create(gxj, project_data(construction="技术改造")).construction == "renovation"
    assert records.create(gxj, project_data(code="", name="乙")).construction == "other"
    with pytest.raises(Invalid) as caught:
        records.create(gxj, project_data(code="", construction="翻新"))
    assert [(p.field, p.message[:5]) for p in caught.value.problems] == [("construction", "建设性质：")]


def test_the_list_filters_by_construction_fields_and_the_year_started(owner):  # noqa: F811
    gxj = person("gxj_reporter")
    renovation = started(records.create(gxj, project_data(construction="renovation")), date(2025, 6, 1))
    energy = records.create(gxj, project_data(code="", name="光伏", field="energy", construction="new"))
    leader = person("leader")

    def names(**filters):
        return {p.name for p in queries.matching(leader, **filters)}

    assert names(construction="renovation") == {renovation.name}
    assert names(field="goal") == {renovation.name}
    assert names(field="energy,industry") == {renovation.name, energy.name}
    assert names(started="2025") == {renovation.name} and names(started="2026") == set()
    assert names(started="2024-2025") == {renovation.name} and names(started="明年") == set()
    for nonsense in ("0000", "2026-2024", "xx"):  # no year of the calendar: nothing, never an error
        assert names(started=nonsense) == set() and names(progress=nonsense) == set()


def test_the_form_the_page_and_the_api_carry_the_construction_kind(login, client, api_token, owner):  # noqa: F811
    reporter = login("gxj_reporter")
    done = reporter.post("/projects/new/", project_data(code="", construction="equipment", directions=[]))
    assert done.status_code == 302
    page = reporter.get(done.url).content.decode()
    assert 'data-testid="construction">设备购置更新' in page
    listed = reporter.get("/projects/", {"construction": "equipment"}).content.decode()
    assert "设备购置更新" in listed and project_data()["name"] in listed
    assert project_data()["name"] not in reporter.get("/projects/", {"construction": "new"}).content.decode()
    exported = load_workbook(
        io.BytesIO(reporter.get("/projects/export.xlsx", {"construction": "equipment"}).content)
    )
    rows = list(exported.active.iter_rows(values_only=True))
    assert rows[0][5] == "建设性质" and [r[5] for r in rows[1:]] == ["设备购置更新"]
    token = api_token("gxj_reporter")
    body = project_data(name="接口项目", construction="renovation") | {"directions": []}
    created = client.post("/api/v1/projects", json.dumps(body), content_type="application/json", **token)
    assert created.status_code == 201 and created.json()["construction"] == "renovation"
    found = client.get("/api/v1/projects", {"construction": "renovation"}, **token).json()
    assert [p["name"] for p in found["items"]] == ["接口项目"]
    changed = client.patch(
        f"/api/v1/projects/{created.json()['id']}",
        json.dumps({"construction": "拆迁"}),
        content_type="application/json",
        **token,
    )
    assert changed.status_code == 422 and "建设性质" in changed.content.decode()
