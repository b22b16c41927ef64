"""Bulk imports: streamed, row-level results, idempotent, and resumable after a crash."""

import csv
import io
from decimal import Decimal
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import Workbook, load_workbook

from liangxin.core import excel
from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.models import Application, ImportJob, ImportRow
from liangxin.subsidies.tests.test_review import load, numbered

pytestmark = pytest.mark.django_db

HEADER = list(pipeline.HEADERS)


def rows(n: int, bad: set[int] = frozenset(), duplicate_of: dict[int, int] | None = None) -> list[list]:
    out = []
    for i in range(n):
        source = numbered((duplicate_of or {}).get(i, i))
        if i in bad:
            source = source | {"id_number": "370902199001011234"}
        out.append([source[pipeline.HEADERS[h]] for h in HEADER])
    return out


def write_csv(path, data_rows, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(data_rows)
    return path


def test_csv_import_reports_every_row(tmp_path):
    programme = load()
    path = write_csv(tmp_path / "retailer.csv", rows(6, bad={2}, duplicate_of={5: 0}))
    out = StringIO()
    call_command(
        "subsidy", "import", "appliance-2025", str(path), "--result", str(tmp_path / "r.csv"), stdout=out
    )
    job = ImportJob.objects.get()
    assert (job.rows_done, job.accepted, job.flagged, job.refused) == (6, 4, 0, 2)
    assert "导入完成：共 6 行" in out.getvalue()
    result = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert result[0][:5] == ["行号", "结果", "原因", "补贴金额", "申请编号"] and result[0][5:] == HEADER
    by_line = {r[0]: r for r in result[1:]}
    assert by_line["4"][1] == "拒绝" and "身份证号：身份证号校验位不正确" in by_line["4"][2]
    assert by_line["2"][1] == "通过" and Decimal(by_line["2"][3]) > 0
    assert by_line["2"][6].startswith("3709**") and by_line["2"][5] == "张*"
    assert (
        by_line["2"][4] == Application.objects.get(pk=ImportRow.objects.get(number=2).application_id).number
    )
    assert "与已受理的申请" in by_line["7"][2] and by_line["7"][1] == "拒绝"
    assert Application.objects.filter(programme=programme).count() == 4


def test_the_same_file_twice_creates_nothing_new(tmp_path):
    load()
    path = write_csv(tmp_path / "f.csv", rows(4))
    call_command("subsidy", "import", "appliance-2025", str(path), stdout=StringIO())
    count = Application.objects.count()
    call_command("subsidy", "import", "appliance-2025", str(path), stdout=StringIO())
    assert Application.objects.count() == count == 4
    assert ImportJob.objects.count() == 1


def test_a_kill_in_the_middle_leaves_whole_batches_and_resumes(tmp_path, settings):
    programme = load()
    settings.IMPORT_BATCH = 3
    path = write_csv(tmp_path / "big.csv", rows(8))
    job = pipeline.start(None, programme, path)

    def crash(current):
        raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        pipeline.run(None, job, path, progress=crash)
    job.refresh_from_db()
    assert job.rows_done == 3 and job.status == "running"
    assert Application.objects.count() == 3 and ImportRow.objects.count() == 3
    finished = pipeline.run(None, job, path)
    assert finished.status == "done" and finished.rows_done == 8
    assert Application.objects.count() == 8 and ImportRow.objects.count() == 8
    assert sorted(ImportRow.objects.values_list("number", flat=True)) == list(range(2, 10))


def test_xlsx_import_and_xlsx_result(tmp_path):
    load()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows(3):
        sheet.append(r)
    path = tmp_path / "f.xlsx"
    book.save(path)
    call_command(
        "subsidy",
        "import",
        "appliance-2025",
        str(path),
        "--result",
        str(tmp_path / "r.xlsx"),
        stdout=StringIO(),
    )
    result = load_workbook(tmp_path / "r.xlsx")["导入结果"]
    assert [c.value for c in result[1]][:4] == ["行号", "结果", "原因", "补贴金额"]
    assert result.max_row == 4


def test_missing_columns_and_unknown_programme_are_refused_in_chinese(tmp_path):
    load()
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,身份证号\n张三,370902199001011235\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列：手机号"):
        call_command("subsidy", "import", "appliance-2025", str(bad), stdout=StringIO())
    with pytest.raises(CommandError, match="补贴项目 nope 不存在"):
        call_command("subsidy", "import", "nope", str(bad), stdout=StringIO())
    gbk = write_csv(tmp_path / "gbk.csv", rows(1), encoding="gbk")
    call_command("subsidy", "import", "appliance-2025", str(gbk), stdout=StringIO())
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(b"\x84\x31\x95\x33", "gb18030"), (b"\xef\xbb\xbf", "utf-8")],
    ids=["gb18030", "utf-8"],
)
def test_a_csv_with_a_byte_order_mark_imports_whatever_its_encoding(tmp_path, bom, encoding):
    """Excel on a Chinese Windows saves GB18030 with its own byte order mark; it was taken as part of
    the first column's name, and the file was refused with 缺少列：姓名."""
    load()
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows(2)])
    path = tmp_path / f"{encoding}-bom.csv"
    path.write_bytes(bom + text.getvalue().encode(encoding))
    assert next(pipeline.rows_of(path)) == HEADER
    call_command("subsidy", "import", "appliance-2025", str(path), stdout=StringIO())
    assert sorted(Application.objects.values_list("applicant_name", flat=True)) == ["张三", "张三"]


def test_result_cells_cannot_run_as_formulas(tmp_path):
    load()
    data = rows(1)
    data[0][HEADER.index("销售商户")] = '=HYPERLINK("http://x")'
    path = write_csv(tmp_path / "f.csv", data)
    call_command(
        "subsidy",
        "import",
        "appliance-2025",
        str(path),
        "--result",
        str(tmp_path / "r.xlsx"),
        stdout=StringIO(),
    )
    sheet = load_workbook(tmp_path / "r.xlsx")["导入结果"]
    assert sheet.cell(2, 5 + HEADER.index("销售商户") + 1).value.startswith("'=")
    assert excel.safe("=1") == "'=1"


def test_web_upload_runs_in_the_background_and_shows_progress_and_results(tmp_path, settings, login):
    settings.IMPORT_DIR = tmp_path / "imports"
    load()
    path = write_csv(tmp_path / "retailer.csv", rows(3, bad={1}))
    client = login("swj_caseworker")
    with path.open("rb") as handle:
        response = client.post("/subsidies/imports/upload/", {"programme": "appliance-2025", "file": handle})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/subsidies/imports/{job.pk}/"
    assert job.total_rows == 3 and job.status == "done" and (job.accepted, job.refused) == (2, 1)
    assert job.stored_name.startswith(job.sha256)
    # the uploaded file, ID and phone numbers in clear, is deleted once its job has finished
    assert not (settings.IMPORT_DIR / job.stored_name).exists()
    fragment = client.get(f"/subsidies/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "已处理 3 / 3 行" in fragment and "hx-trigger" not in fragment
    result = client.get(f"/subsidies/imports/{job.pk}/result.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(result.streaming_content)))["导入结果"]
    assert [sheet.cell(r, 2).value for r in range(2, 5)] == ["通过", "拒绝", "通过"]
    page = client.get(f"/subsidies/imports/{job.pk}/").content.decode()
    assert 'data-testid="import-result-whole"' in page  # a caseworker may download it whole, with a reason
    whole = client.post(f"/subsidies/imports/{job.pk}/result.xlsx", {"reason": "核对零售商报送名单"})
    assert quote("retailer-导入结果（完整信息）.xlsx") in whole["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(whole.streaming_content)))["导入结果"]
    assert sheet.cell(2, 6 + HEADER.index("身份证号")).value == "370902199001011235"
    refused = client.post(f"/subsidies/imports/{job.pk}/result.xlsx", {"reason": ""}, follow=True)
    assert "下载完整信息须填写理由" in refused.content.decode()
    leader = login("leader").get(f"/subsidies/imports/{job.pk}/").content.decode()
    assert "已处理 3 / 3 行" in leader and 'data-testid="import-result-whole"' not in leader
    with path.open("rb") as handle:
        client.post("/subsidies/imports/upload/", {"programme": "appliance-2025", "file": handle})
    assert ImportJob.objects.count() == 1 and Application.objects.count() == 2
    assert (
        login("swj_approver").post("/subsidies/imports/upload/", {"programme": "appliance-2025"}).status_code
        == 403
    )


def test_a_running_job_polls_and_a_stalled_one_offers_to_resume(tmp_path, settings, login, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    settings.IMPORT_DIR = tmp_path / "imports"
    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(2))
    monkeypatch.setattr(pipeline, "launch", lambda job: None)
    client = login("swj_caseworker")
    with path.open("rb") as handle:
        client.post("/subsidies/imports/upload/", {"programme": "appliance-2025", "file": handle})
    job = ImportJob.objects.get(programme=programme)
    assert 'hx-trigger="every 2s"' in client.get(f"/subsidies/imports/{job.pk}/").content.decode()
    early = client.get(f"/subsidies/imports/{job.pk}/result.xlsx", follow=True).content.decode()
    assert "导入尚未完成，完成后才能下载逐行结果" in early
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    page = client.get(f"/subsidies/imports/{job.pk}/").content.decode()
    assert "从第 2 行继续导入" in page and "（已中断）" in page
    monkeypatch.setattr(pipeline, "launch", lambda job: pipeline.run(None, job, pipeline.stored_path(job)))
    client.post(f"/subsidies/imports/{job.pk}/resume/")
    job.refresh_from_db()
    assert job.status == "done" and job.rows_done == 2


def test_rows_prepared_in_worker_processes_give_the_same_results_in_file_order(tmp_path, settings):
    programme = load()
    settings.IMPORT_BATCH = 2
    path = write_csv(tmp_path / "w.csv", rows(9, bad={4}, duplicate_of={8: 1}))
    job = pipeline.run(None, pipeline.start(None, programme, path), path, workers=2)
    assert (job.status, job.rows_done, job.accepted, job.refused) == ("done", 9, 7, 2)
    results = list(job.rows.order_by("number").values_list("number", "result", "application__serial_number"))
    assert [n for n, _, _ in results] == list(range(2, 11))
    assert [r for _, r, _ in results] == ["通过"] * 4 + ["拒绝"] + ["通过"] * 3 + ["拒绝"]
    expected = [rows(9)[i][HEADER.index("序列号")] for i in range(8) if i != 4]
    assert [s for _, r, s in results if r == "通过"] == expected


def test_ordered_map_keeps_order_and_bounds_the_work_in_flight():
    from liangxin.core.workers import ordered_map

    taken = []

    def items():
        for i in range(10):
            taken.append(i)
            yield i

    seen = []
    for item, square in ordered_map(abs, items(), workers=2):
        seen.append((item, square))
        assert len(taken) - len(seen) <= 2
    assert seen == [(i, i) for i in range(10)]


def test_a_file_without_the_columns_leaves_no_job_and_enterprises_see_only_their_own_imports(
    tmp_path, settings, login
):
    settings.IMPORT_DIR = tmp_path / "imports"
    load()
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,身份证号\n张三,370902199001011235\n", encoding="utf-8")
    client = login("swj_caseworker")
    with bad.open("rb") as handle:
        page = client.post(
            "/subsidies/imports/upload/", {"programme": "appliance-2025", "file": handle}, follow=True
        ).content.decode()
    assert "缺少列：手机号" in page and not ImportJob.objects.exists()
    assert list((tmp_path / "imports").iterdir()) == []
    with write_csv(tmp_path / "good.csv", rows(2)).open("rb") as handle:
        client.post("/subsidies/imports/upload/", {"programme": "appliance-2025", "file": handle})
    job = ImportJob.objects.get()
    assert login("enterprise").get(f"/subsidies/imports/{job.pk}/").status_code == 404
    assert "good.csv" not in login("enterprise").get("/subsidies/imports/").content.decode()


def test_bad_cells_are_refused_by_row_and_a_broken_file_stops_the_job_with_its_reason(tmp_path):
    programme = load()
    data = rows(4)
    data[1][HEADER.index("序列号")] = "S" * 150  # longer than the column
    data[2][HEADER.index("销售商户")] = "泰山\x00电器"
    path = write_csv(tmp_path / "cells.csv", data)
    job = pipeline.run(None, pipeline.start(None, programme, path), path)
    reasons = dict(job.rows.values_list("number", "reason"))
    assert (job.status, job.accepted, job.refused) == ("done", 2, 2)
    assert (
        "序列号：不能超过 100 个字符" in reasons[3] and "销售商户：含有换行符或不可见的控制字符" in reasons[4]
    )
    huge = write_csv(tmp_path / "huge.csv", rows(2))
    with huge.open("a", encoding="utf-8") as handle:
        handle.write("张三," + "9" * 200_000 + "\n")
    job = pipeline.start(None, programme, huge)
    with pytest.raises(pipeline.ImportRefused, match="第 4 行超过 64000 个字符"):
        pipeline.run(None, job, huge)
    job.refresh_from_db()
    assert job.status == "failed" and "第 4 行超过 64000 个字符" in job.error and job.rows_done == 0


def test_utf8_is_recognised_even_when_a_character_straddles_the_sample(tmp_path):
    text = write_csv(tmp_path / "u.csv", rows(2)).read_bytes()
    line = "。" * 300  # lines of cells no longer than a file may hold (1,000 characters)
    for pad in range(3):  # one of these cuts a three-byte character at the 65,536th byte
        tail = "x" * pad + "\n" + f"{line}\n" * ((65536 - len(text)) // 901 + 3)
        padded = tmp_path / f"u{pad}.csv"
        padded.write_bytes(text + tail.encode())
        read = list(pipeline.rows_of(padded))
        assert read[1][HEADER.index("姓名")] == rows(2)[0][HEADER.index("姓名")] and read[-1] == [line]


def test_rules_edited_during_an_import_apply_to_the_rows_taken_after_the_change(tmp_path, settings):
    from liangxin.subsidies.models import Programme

    programme = load()
    settings.IMPORT_BATCH = 2
    path = write_csv(tmp_path / "rules.csv", rows(4))

    def tighten(job):
        if job.rows_done == 2:
            rules = dict(job.programme.rules) | {"cap_per_item": 1}
            Programme.objects.filter(pk=job.programme_id).update(rules=rules)

    job = pipeline.run(None, pipeline.start(None, programme, path), path, progress=tighten, workers=1)
    amounts = list(job.rows.order_by("number").values_list("amount", flat=True))
    assert amounts[0] > 1 and amounts[1] > 1 and amounts[2:] == [Decimal("1.00"), Decimal("1.00")]


def test_a_window_edited_during_an_import_applies_to_the_rows_taken_after_the_change(tmp_path, settings):
    from datetime import date

    from liangxin.subsidies.models import Programme

    programme = load()
    settings.IMPORT_BATCH = 2
    path = write_csv(tmp_path / "window.csv", rows(4))  # every sale on 2025-06-18

    def close_early(job):
        if job.rows_done == 2:
            Programme.objects.filter(pk=job.programme_id).update(window_end=date(2025, 6, 1))

    job = pipeline.run(None, pipeline.start(None, programme, path), path, progress=close_early, workers=1)
    taken = list(job.rows.order_by("number").values_list("result", "reason"))
    assert [result for result, _ in taken] == ["通过", "通过", "待核查", "待核查"]
    assert "不在本项目的交易期内（2025-01-01 至 2025-06-01）" in taken[2][1]


def test_a_result_kept_in_the_earlier_form_downloads_the_same(tmp_path):
    programme = load()
    path = write_csv(tmp_path / "r.csv", rows(3, bad={1}))
    job = pipeline.run(None, pipeline.start(None, programme, path), path)
    pipeline.write_result(job, tmp_path / "now.csv")
    for kept in job.rows.all():  # results imported before 2026-11-29 hold the cells keyed by column name
        kept.cells = dict(zip(HEADER, kept.cells, strict=True))
        kept.save()
    pipeline.write_result(job, tmp_path / "earlier.csv")
    now = (tmp_path / "now.csv").read_text(encoding="utf-8-sig")
    assert now == (tmp_path / "earlier.csv").read_text(encoding="utf-8-sig")
    assert "张*" in now and "3709**********1235" in now and "拒绝" in now


def test_a_file_with_its_columns_in_another_order_and_one_of_its_own_is_masked_by_column_name(tmp_path):
    programme = load()
    order = ["序号", *reversed(HEADER)]
    path = tmp_path / "other-order.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(order)
        for n, cells in enumerate(rows(2), start=1):
            by_name = dict(zip(HEADER, cells, strict=True))
            writer.writerow([n, *(by_name[h] for h in reversed(HEADER))])
    job = pipeline.run(None, pipeline.start(None, programme, path), path)
    assert job.accepted == 2
    pipeline.write_result(job, tmp_path / "result.csv")
    result = list(csv.DictReader(io.StringIO((tmp_path / "result.csv").read_text(encoding="utf-8-sig"))))
    first = numbered(0)
    assert (result[0]["姓名"], result[0]["身份证号"], result[0]["手机号"]) == (
        "张*",
        "3709**********1235",
        "138****0000",
    )
    assert result[0]["序列号"] == first["serial_number"] and result[0]["成交价格"] == first["price"]
    written = (tmp_path / "result.csv").read_text(encoding="utf-8-sig")
    assert first["phone"] not in written and first["id_number"] not in written


def test_the_migration_masks_phone_and_id_numbers_left_in_clear_by_the_earlier_column_mix_up(tmp_path):
    import importlib

    from django.apps import apps

    repair = importlib.import_module("liangxin.subsidies.migrations.0012_mask_leaked_result_cells")
    programme = load()
    path = write_csv(tmp_path / "leak.csv", rows(2))
    job = pipeline.run(None, pipeline.start(None, programme, path), path)
    leaked, clean = job.rows.order_by("number")
    leaked.cells = dict(zip(HEADER, ["1", "张*", "13800130000", "370902199001011235 ", "冰箱"], strict=False))
    leaked.save()
    clean_cells = clean.cells
    repair.mask_cells(apps, None)
    leaked.refresh_from_db()
    clean.refresh_from_db()
    assert leaked.cells == {
        "姓名": "1",
        "身份证号": "张*",
        "手机号": "138****0000",
        "品类": "3709**********1235",
        "能效等级": "冰箱",
    }
    assert clean.cells == clean_cells  # masked already: unchanged


def test_an_import_sets_its_connection_for_bulk_work_for_its_run_only(tmp_path):
    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(3))
    wanted = pipeline.BULK_SETTINGS[connection.vendor]

    def current():
        with connection.cursor() as cursor:
            return {name: pipeline._setting(cursor, name) for name in wanted}

    before, during = current(), []
    pipeline.run(
        None, pipeline.start(None, programme, path), path, progress=lambda job: during.append(current())
    )
    assert during[0] == wanted != before
    assert current() == before

    def crash(job):
        raise KeyboardInterrupt("killed")

    again = write_csv(tmp_path / "g.csv", rows(4))
    with pytest.raises(KeyboardInterrupt):  # set back when a run stops half-way too
        pipeline.run(None, pipeline.start(None, programme, again), again, progress=crash)
    assert current() == before


def test_a_connection_that_cannot_be_set_back_does_not_hide_why_the_import_stopped(tmp_path, monkeypatch):
    from django.db import DatabaseError

    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(3))

    def broken(before):
        raise DatabaseError("server closed the connection unexpectedly")

    def crash(job):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(pipeline, "_restore", broken)
    job = pipeline.start(None, programme, path)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(None, job, path, progress=crash)
    job.refresh_from_db()
    assert job.status == "running" and job.error == ""  # resumable, not failed with the restore's error


def test_an_import_collects_cycles_less_often_for_its_run_only(tmp_path):
    import gc

    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(3))
    before, during = gc.get_threshold(), []
    pipeline.run(
        None,
        pipeline.start(None, programme, path),
        path,
        progress=lambda job: during.append((gc.get_threshold()[0], gc.get_freeze_count())),
    )
    threshold, frozen = during[0]
    assert threshold > before[0] and frozen > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    def crash(job):
        raise KeyboardInterrupt("killed")

    again = write_csv(tmp_path / "g.csv", rows(4))
    with pytest.raises(KeyboardInterrupt):  # set back when a run stops half-way too
        pipeline.run(None, pipeline.start(None, programme, again), again, progress=crash)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_an_absurd_amount_or_date_refuses_its_row_not_the_file(tmp_path):
    load()
    data = rows(8)
    price, moment = HEADER.index("成交价格"), HEADER.index("交易时间")
    data[1][price] = "1e30"
    data[3][moment] = "0001-01-01"
    data[5][moment] = "9999-12-31T23:59:59-10:00"
    path = write_csv(tmp_path / "odd.csv", data)
    call_command("subsidy", "import", "appliance-2025", str(path), "--result", str(tmp_path / "r.csv"))
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, job.accepted, job.refused) == ("done", 8, 5, 3)
    result = {r[0]: r for r in csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig"))}
    assert "成交价格：应为大于 0、小于 1 万亿元" in result["3"][2]
    assert "交易时间：应在 2024-01-01 至" in result["5"][2] and "交易时间：应在" in result["7"][2]
