"""What a caseworker sees of an import: progress that moves for any file, a template per programme, and the
refused rows' reasons on the page."""

import csv
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from liangxin.accounts.models import User
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.models import ImportJob
from liangxin.subsidies.tests.test_imports import HEADER, rows, write_csv
from liangxin.subsidies.tests.test_review import load

pytestmark = pytest.mark.django_db


def test_a_file_smaller_than_one_batch_shows_progress_moving(
    tmp_path, settings, api_token, client, monkeypatch
):
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.IMPORT_BATCH = 5000
    monkeypatch.setattr(pipeline, "PROGRESS_SECONDS", 0)
    programme = load()
    user = User.objects.get(username="swj_caseworker")
    path = write_csv(tmp_path / "small.csv", rows(200))
    job, _ = pipeline.store_upload(programme, "small.csv", [path.read_bytes()], user)
    token = api_token("swj_caseworker")
    seen = []

    def progress(current):
        answer = client.get(f"/api/v1/subsidy/imports/{current.pk}", **token).json()
        seen.append((answer["rows_read"], answer["rows_done"], answer["percent"]))

    pipeline.run(user, job, pipeline.stored_path(job), progress=progress, reading=progress)
    reads = [read for read, done, _ in seen if done == 0]
    assert reads[:3] == [64, 128, 192] and reads[-1] == 200  # the first pass over the file is shown too
    percents = [p for *_, p in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    moving = [p for p in percents if 0 < p < 100]
    assert len(set(moving)) >= 15, percents  # not 0 until the end: 20 steps for a file of any size
    dones = sorted({done for _, done, _ in seen})
    assert dones[:3] == [0, 10, 20] and dones[-1] == 200


def test_the_page_shows_the_rows_read_and_the_percentage(tmp_path, settings, login):
    load()
    job = ImportJob.objects.create(
        programme_id=load().pk, file_name="f.csv", sha256="0" * 64, total_rows=1000, rows_read=400
    )
    fragment = login("swj_caseworker").get(f"/subsidies/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "正在读取文件：已读 400 / 1000 行" in text and "width: 40%" in text
    ImportJob.objects.filter(pk=job.pk).update(rows_read=1000, rows_done=500)
    text = (
        login("swj_caseworker").get(f"/subsidies/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    )
    assert "已处理 500 / 1000 行（50%）" in text and "width: 50%" in text


def _fill(sheet, data):
    for row in data:
        sheet.append(row)


def test_the_xlsx_template_offers_the_programmes_choices_and_imports_once_filled(tmp_path, settings, login):
    settings.IMPORT_DIR = tmp_path / "imports"
    programme = load()
    client = login("swj_caseworker")
    listing = client.get("/subsidies/imports/").content.decode()
    assert f"/subsidies/imports/template/{programme.code}.xlsx" in listing
    response = client.get(f"/subsidies/imports/template/{programme.code}.xlsx")
    assert response.status_code == 200 and quote("导入模板.xlsx") in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    options = workbook["可选值"]
    category, grade = (chr(65 + HEADER.index(h)) + "2" for h in ("品类", "能效等级"))
    assert set(lists) == {category, grade}
    values = {
        options.cell(1, c).value: [options.cell(r, c).value for r in range(2, options.max_row + 1)]
        for c in (1, 2)
    }
    assert values["品类"][:3] == ["冰箱", "洗衣机", "电视"] and None not in values["品类"]
    assert [v for v in values["能效等级"] if v] == ["1级", "2级"]
    assert lists[category] == f"'可选值'!$A$2:$A${len(values['品类']) + 1}"
    _fill(sheet, rows(3))
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    with filled.open("rb") as handle:
        client.post("/subsidies/imports/upload/", {"programme": programme.code, "file": handle})
    job = ImportJob.objects.get()
    assert (job.status, job.accepted + job.flagged, job.refused) == ("done", 3, 0)


def test_the_csv_template_has_the_importers_columns_and_imports_once_filled(tmp_path, settings, login):
    settings.IMPORT_DIR = tmp_path / "imports"
    programme = load()
    client = login("swj_caseworker")
    response = client.get(f"/subsidies/imports/template/{programme.code}.csv")
    text = response.content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == HEADER
    filled = tmp_path / "filled.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows(2))
    filled.write_bytes(response.content + buffer.getvalue().encode())
    with filled.open("rb") as handle:
        client.post("/subsidies/imports/upload/", {"programme": programme.code, "file": handle})
    job = ImportJob.objects.get()
    assert (job.status, job.accepted + job.flagged, job.refused) == ("done", 2, 0)
    assert login("leader").get(f"/subsidies/imports/template/{programme.code}.csv").status_code == 403
    assert login("gxj_caseworker").get(f"/subsidies/imports/template/{programme.code}.csv").status_code == 404


def test_the_page_lists_the_refused_rows_with_field_and_reason(tmp_path, settings, login):
    settings.IMPORT_DIR = tmp_path / "imports"
    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(5, bad={1}, duplicate_of={4: 0}))
    client = login("swj_caseworker")
    with path.open("rb") as handle:
        client.post("/subsidies/imports/upload/", {"programme": programme.code, "file": handle})
    job = ImportJob.objects.get()
    page = client.get(f"/subsidies/imports/{job.pk}/").content.decode()
    assert 'data-testid="import-refused"' in page
    assert '<td class="text-end">3</td><td>身份证号</td><td>身份证号校验位不正确</td>' in page
    assert '<td class="text-end">6</td><td>整行</td><td>与已受理的申请' in page
    assert pipeline.refused_rows(job, limit=1) == [
        {"number": 3, "field": "身份证号", "reason": "身份证号校验位不正确"}
    ]
