"""Each anchor belongs to one database: a second database used from the same data folder verifies clean,
a database swapped in under an existing anchor is reported as swapped, and entries deleted from an
anchored database are still reported as missing."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from liangxin.audit import anchor, chain
from liangxin.audit.models import AuditEntry, DatabaseIdentity

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]
LIANGXIN = Path(sys.executable).parent / "liangxin"


def raw_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def anchored(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            chain.record("thing.update", object_type="t", object_id=str(i))
    return settings.AUDIT_ANCHOR_FILE


def ours() -> str:
    return str(DatabaseIdentity.objects.get().identity)


def test_every_database_has_an_identity_from_its_creation_and_its_anchor_names_it(anchored):
    identity = DatabaseIdentity.objects.get()
    assert identity.after_seq == 0
    anchors = json.loads(anchored.read_text())["databases"]
    assert list(anchors) == [str(identity.identity)]
    assert anchors[str(identity.identity)]["seq"] == AuditEntry.objects.order_by("-seq").first().seq


def test_a_second_database_used_from_the_same_folder_verifies_clean(anchored, capsys):
    """The issue's case: the demo's database anchored 415 entries; another database (a new SQLite file,
    PostgreSQL after SQLite) used from the same folder has fewer, and is not a shortened first one."""
    first = str(uuid.uuid4())
    anchor.advance(first, 415, "a" * 64)
    result = chain.verify()
    assert result.ok, result.problem
    assert result.database == ours() and result.others == ((first, 415),)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"标识 {ours()}" in out and "审计链完好" in out
    assert f"另一个数据库：{first}（最新第 415 条）" in out


def test_a_database_swapped_in_under_an_existing_anchor_is_reported_as_swapped(anchored):
    """Another database, with its own entries, in the place of the anchored one: the folder's anchor does
    not know its identity."""
    anchored_one = ours()
    raw_sql("UPDATE audit_databaseidentity SET identity = %s", [uuid.uuid4().hex])
    result = chain.verify()
    assert not result.ok and result.swapped
    assert "数据库被替换" in result.problem and anchored_one in result.problem
    assert "缺失" not in result.problem


def test_deleting_entries_from_an_anchored_database_is_still_reported(anchored):
    last = AuditEntry.objects.order_by("-seq").first().seq
    anchor.advance(str(uuid.uuid4()), last + 50, "b" * 64)  # another database's anchor changes nothing
    raw_sql("DELETE FROM audit_auditentry WHERE seq > %s", [last - 2])
    result = chain.verify()
    assert not result.ok and not result.swapped
    assert f"第 {last - 1} 至第 {last} 条记录缺失" in result.problem


def test_removing_the_identity_is_reported_and_a_remade_one_says_so(
    anchored, django_capture_on_commit_callbacks
):
    raw_sql("DELETE FROM audit_databaseidentity")
    assert "没有数据库标识" in chain.verify().problem
    with django_capture_on_commit_callbacks(execute=True):
        chain.record("thing.update", object_type="t", object_id="after")
    result = chain.verify()
    assert not result.ok and "补建" in result.problem


def test_an_anchor_written_before_anchors_named_their_database_is_adopted_by_its_own(anchored):
    last = AuditEntry.objects.order_by("-seq").first()
    ring = __import__("django.conf").conf.settings.KEYS.rings["audit"]
    from liangxin.core.crypto import hmac_sm3

    signature = hmac_sm3(ring.key, f"anchor:{last.seq}:{last.mac}".encode()).hex()
    anchored.write_text(json.dumps({"seq": last.seq, "mac": last.mac, "signature": signature}))
    assert chain.verify().ok
    assert list(json.loads(anchored.read_text())["databases"]) == [ours()]
    raw_sql("DELETE FROM audit_auditentry WHERE seq = %s", [last.seq])
    assert "记录缺失" in chain.verify().problem


def _liangxin(folder: Path, database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LIANGXIN_", "DATABASE_URL"))}
    env |= {
        "LIANGXIN_DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(REPO),
    }
    return subprocess.run(
        [str(LIANGXIN), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )


def _new_identity(database: Path) -> None:
    with sqlite3.connect(database) as db:
        db.execute("UPDATE audit_databaseidentity SET identity = ?", [uuid.uuid4().hex])


def test_the_command_line_names_the_database_and_tells_second_swapped_and_shortened_apart(tmp_path):
    folder, plan = tmp_path / "var", REPO / "liangxin" / "plans" / "data" / "taishan-2024.yaml"
    first, second = folder / "liangxin.sqlite3", folder / "second.sqlite3"
    assert _liangxin(folder, first, "migrate", "-v0").returncode == 0
    shutil.copy(first, second)
    _new_identity(second)  # what migrating a new database gives it: an identity of its own
    for database in (first, second):
        assert _liangxin(folder, database, "plan", "load", str(plan)).returncode == 0

    clean = _liangxin(folder, second, "audit", "verify")
    assert clean.returncode == 0 and f"SQLite {second}" in clean.stdout, clean.stderr
    assert "另一个数据库" in clean.stdout

    swapped = folder / "swapped.sqlite3"  # the first database's copy under an identity the folder never saw
    shutil.copy(first, swapped)
    _new_identity(swapped)
    refused = _liangxin(folder, swapped, "audit", "verify")
    assert refused.returncode != 0 and "数据库被替换" in refused.stderr and "缺失" not in refused.stderr

    with sqlite3.connect(first) as db:
        newest = db.execute("SELECT max(seq) FROM audit_auditentry").fetchone()[0]
        db.execute("DELETE FROM audit_auditentry WHERE seq = ?", [newest])
    shortened = _liangxin(folder, first, "audit", "verify")
    assert shortened.returncode != 0 and f"第 {newest} 至第 {newest} 条记录缺失" in shortened.stderr
