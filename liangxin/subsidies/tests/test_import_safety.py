"""Hostile import files: a zip bomb, an XML entity bomb, oversized files and rows; and the files kept."""

import io
import os
import stat
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from liangxin.subsidies.imports import pipeline
from liangxin.subsidies.models import ImportJob
from liangxin.subsidies.tests.test_imports import HEADER, rows, write_csv
from liangxin.subsidies.tests.test_review import load

pytestmark = pytest.mark.django_db

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName='
        '"/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook {NS} xmlns:r="{REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}


def _cells(row: list, number: int, first: int = 0) -> str:
    return "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'
        for i, v in enumerate(row)
        if i >= first
    )


def _sheet(data_row: list) -> str:
    """The header row as inline strings, then one row whose first cell (姓名) is shared string 0."""
    return (
        f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1">{_cells(HEADER, 1)}</row>'
        f'<row r="2"><c r="A2" t="s"><v>0</v></c>{_cells(data_row, 2, first=1)}</row></sheetData></worksheet>'
    )


def zip_bomb(path, megabytes: int = 200):
    """A valid .xlsx of about 200 KB whose one shared string (the first row's 姓名) unzips to `megabytes` MB,
    its sizes declared honestly."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(rows(1)[0]))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0"?><sst {NS} count="1" uniqueCount="1"><si><t>'.encode())
            block = b"A" * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
            member.write(b"</t></si></sst>")
    return path


def billion_laughs(path):
    """A small .xlsx whose shared strings expand an entity a billion times."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(rows(1)[0]))
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst {NS}><si><t>&lol9;</t></si></sst>',
        )
    return path


def _peak_while(call):
    """What `call` returns, and the peak of Python's allocations during it, in MB."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_by_the_api_with_422_and_little_memory(tmp_path, settings, api_token, client):
    settings.IMPORT_DIR = tmp_path / "imports"
    load()
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    token = api_token("swj_caseworker")
    with bomb.open("rb") as handle:
        response, peak = _peak_while(
            lambda: client.post(
                "/api/v1/subsidy/imports", {"programme": "appliance-2025", "file": handle}, **token
            )
        )
    assert response.status_code == 422, response.content
    assert "超过 1000 个字符" in response.json()["detail"]
    assert peak < 40, f"peak {peak:.0f} MB"
    assert not ImportJob.objects.exists() and list(settings.IMPORT_DIR.iterdir()) == []


def test_a_zip_bomb_is_refused_on_the_page_with_its_reason_and_little_memory(tmp_path, settings, login):
    settings.IMPORT_DIR = tmp_path / "imports"
    load()
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    client = login("swj_caseworker")
    with bomb.open("rb") as handle:
        response, peak = _peak_while(
            lambda: client.post(
                "/subsidies/imports/upload/", {"programme": "appliance-2025", "file": handle}, follow=True
            )
        )
    assert "共享字符串中有单元格超过 1000 个字符" in response.content.decode()
    assert peak < 40, f"peak {peak:.0f} MB"
    assert not ImportJob.objects.exists() and list(settings.IMPORT_DIR.iterdir()) == []


def test_an_upload_over_the_size_limit_is_refused_while_it_is_stored(tmp_path, settings, api_token, client):
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.IMPORT_MAX_UPLOAD_BYTES = 100_000
    load()
    path = write_csv(tmp_path / "big.csv", rows(1000))
    with path.open("rb") as handle:
        response = client.post(
            "/api/v1/subsidy/imports",
            {"programme": "appliance-2025", "file": handle},
            **api_token("swj_caseworker"),
        )
    assert response.status_code == 422 and "文件超过 0 MB" in response.json()["detail"]
    assert list(settings.IMPORT_DIR.iterdir()) == []


@pytest.mark.parametrize("kind", ["cell", "columns", "line"])
def test_a_csv_with_a_giant_cell_or_row_is_refused_with_its_row(tmp_path, kind):
    path = tmp_path / "f.csv"
    header = ",".join(HEADER) + "\n"
    good = ",".join(str(c) for c in rows(1)[0]) + "\n"
    bad = {
        "cell": "x" * 1001 + good[good.index(",") :],
        "columns": ",".join(["x"] * 65) + "\n",
        "line": "x" * 70_000 + "\n",
    }[kind]
    path.write_text(header + good + bad, encoding="utf-8")
    with pytest.raises(pipeline.ImportRefused, match="第 3 行"):
        list(pipeline.rows_of(path))


def test_an_xlsx_cell_over_the_limit_is_refused_while_streaming_and_a_normal_one_reads(tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(rows(1)[0])
    workbook.save(tmp_path / "ok.xlsx")
    assert list(pipeline.rows_of(tmp_path / "ok.xlsx"))[1][1] == rows(1)[0][1]
    workbook.active.append(["y" * 1001])
    workbook.save(tmp_path / "long.xlsx")
    with pytest.raises(pipeline.ImportRefused, match="超过 1000 个字符"):
        list(pipeline.rows_of(tmp_path / "long.xlsx"))


def test_a_billion_laughs_xlsx_is_422_everywhere_and_leaves_nothing(tmp_path, settings, api_token, client):
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # openpyxl's own parsing refuses entities too, not only our check before it
    settings.IMPORT_DIR = tmp_path / "imports"
    load()
    laughs = billion_laughs(tmp_path / "laughs.xlsx")
    with laughs.open("rb") as handle:
        response = client.post(
            "/api/v1/subsidy/imports",
            {"programme": "appliance-2025", "file": handle},
            **api_token("swj_caseworker"),
        )
    assert response.status_code == 422, response.content
    assert "文档类型声明" in response.json()["detail"]
    assert not ImportJob.objects.exists() and list(settings.IMPORT_DIR.iterdir()) == []
    from liangxin.core import excel

    with pytest.raises(excel.SpreadsheetInvalid, match="文档类型声明"):
        excel.read_sheet(laughs.read_bytes(), ["姓名"])


def test_uploaded_files_are_private_and_gone_once_the_job_has_finished(tmp_path, settings, login):
    settings.IMPORT_DIR = tmp_path / "imports"
    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(3))
    seen = {}
    real_run = pipeline.run

    def run(user, job, stored, **kwargs):
        seen["mode"] = stat.S_IMODE(os.stat(stored).st_mode)
        seen["folder"] = stat.S_IMODE(os.stat(settings.IMPORT_DIR).st_mode)
        return real_run(user, job, stored, **kwargs)

    pipeline.run = run
    try:
        with path.open("rb") as handle:
            login("swj_caseworker").post(
                "/subsidies/imports/upload/", {"programme": programme.code, "file": handle}
            )
    finally:
        pipeline.run = real_run
    assert seen == {"mode": 0o600, "folder": 0o700}
    assert ImportJob.objects.get().status == "done"
    assert list(settings.IMPORT_DIR.iterdir()) == []
    pipeline.write_result(ImportJob.objects.get(), tmp_path / "r.csv", whole=True)
    assert stat.S_IMODE(os.stat(tmp_path / "r.csv").st_mode) == 0o600


def test_a_stopped_upload_keeps_its_file_to_resume_from(tmp_path, settings):
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.IMPORT_BATCH = 2
    programme = load()
    path = write_csv(tmp_path / "f.csv", rows(5))
    from liangxin.accounts.models import User

    user = User.objects.get(username="swj_caseworker")
    job, _ = pipeline.store_upload(programme, "f.csv", [path.read_bytes()], user)

    def killed(current):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.run(None, job, pipeline.stored_path(job), progress=killed)
    assert pipeline.stored_path(job).exists()  # a killed import resumes from its file
    done = pipeline.run(None, ImportJob.objects.get(), pipeline.stored_path(job))
    assert done.status == "done" and done.rows_done == 5 and not pipeline.stored_path(job).exists()


def test_an_xlsx_import_reads_what_openpyxl_writes(tmp_path):
    """The check passes the files real programs write (openpyxl's writer, as in the measured sizes)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows(3):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "w.xlsx").write_bytes(buffer.getvalue())
    assert len(list(pipeline.rows_of(tmp_path / "w.xlsx"))) == 4


def test_sizes_declared_smaller_than_the_data_do_not_let_a_bomb_through(tmp_path):
    """The check counts what it unzips: a member declaring 1 KB that holds 50 MB is refused."""
    import struct

    from liangxin.core import xlsxguard

    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(rows(1)[0]))
        archive.writestr("xl/sharedStrings.xml", f"<sst {NS}><si><t>{'A' * (50 << 20)}</t></si></sst>")
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = data.find(signature)
        while at != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 19] == b"xl/sharedStrings.xm":
                data[at + offset : at + offset + 4] = struct.pack("<I", 1000)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    limits = xlsxguard.Limits(1 << 30, 1000, 64)
    tracemalloc.start()
    try:
        with pytest.raises(xlsxguard.XlsxRefused):
            xlsxguard.check(path, limits)
        assert tracemalloc.get_traced_memory()[1] < 10 * 1024 * 1024
    finally:
        tracemalloc.stop()


def test_an_xlsx_row_with_too_many_values_is_refused_but_styled_empty_cells_are_not_counted(tmp_path):
    from liangxin.core import xlsxguard

    limits = xlsxguard.Limits(1 << 30, 1000, 64)

    def sheet_with(cells: str):
        path = tmp_path / "s.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in PARTS.items():
                archive.writestr(name, text)
            archive.writestr("xl/sharedStrings.xml", f"<sst {NS}/>")
            archive.writestr(
                "xl/worksheets/sheet1.xml",
                f'<worksheet {NS}><sheetData><row r="1">{_cells(HEADER, 1)}</row>'
                f'<row r="2">{cells}</row></sheetData></worksheet>',
            )
        return path

    xlsxguard.check(sheet_with('<c s="1"/>' * 500 + "<c><v>1</v></c>" * 64), limits)
    with pytest.raises(xlsxguard.XlsxRefused, match="第 2 行超过 64 列"):
        xlsxguard.check(sheet_with("<c><v>1</v></c>" * 65), limits)
