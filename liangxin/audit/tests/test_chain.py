"""The audit chain: every write leaves one entry; an edited or deleted entry is found and named."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liangxin.audit import chain
from liangxin.audit.context import Actor, acting_as
from liangxin.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def raw_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_demo_install_left_an_intact_chain():
    result = chain.verify()
    assert result.ok and result.checked == AuditEntry.objects.count() > 0


def test_entry_records_who_when_where_what_and_before_after():
    with acting_as(Actor(7, "tester", "coordinator", "10.1.2.3", "web")):
        entry = chain.record(
            "thing.update",
            object_type="plans.thing",
            object_id="42",
            object_repr="某事项",
            before={"value": 1},
            after={"value": 2},
        )
    stored = AuditEntry.objects.get(seq=entry.seq)
    assert (stored.actor_name, stored.actor_roles, stored.client_ip, stored.via) == (
        "tester",
        "coordinator",
        "10.1.2.3",
        "web",
    )
    assert (stored.before, stored.after) == ({"value": 1}, {"value": 2})
    assert stored.prev_mac == AuditEntry.objects.get(seq=entry.seq - 1).mac
    assert chain.verify().ok


def test_edited_entry_is_detected_and_named():
    target = AuditEntry.objects.order_by("seq")[1]
    raw_sql("UPDATE audit_auditentry SET actor_name = %s WHERE seq = %s", ["mallory", target.seq])
    result = chain.verify()
    assert not result.ok and result.broken_seq == target.seq
    assert "内容被修改" in result.problem


def test_edited_before_after_is_detected():
    target = AuditEntry.objects.filter(action="plan.create").first()
    raw_sql("UPDATE audit_auditentry SET after = %s WHERE seq = %s", ['{"code": "forged"}', target.seq])
    assert chain.verify().broken_seq == target.seq


def test_deleted_entry_is_detected_and_named():
    target = AuditEntry.objects.order_by("seq")[2]
    raw_sql("DELETE FROM audit_auditentry WHERE seq = %s", [target.seq])
    result = chain.verify()
    assert result.broken_seq == target.seq and "缺失" in result.problem


def test_rebuilt_mac_without_the_key_breaks_the_next_link():
    first, second = AuditEntry.objects.order_by("seq")[:2]
    raw_sql("UPDATE audit_auditentry SET mac = %s WHERE seq = %s", ["f" * 64, first.seq])
    assert chain.verify().broken_seq == first.seq


def test_entries_cannot_be_edited_or_deleted_through_the_app():
    entry = AuditEntry.objects.first()
    entry.actor_name = "mallory"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert chain.verify().ok


def test_cli_verify_reports_ok_and_the_first_broken_entry(capsys):
    call_command("audit", "verify")
    assert "审计链完好" in capsys.readouterr().out
    target = AuditEntry.objects.order_by("seq")[3]
    raw_sql("UPDATE audit_auditentry SET result = 'failure' WHERE seq = %s", [target.seq])
    with pytest.raises(CommandError, match=f"第 {target.seq} 条记录内容被修改"):
        call_command("audit", "verify")


def test_auditor_page_lists_and_filters(login):
    client = login("auditor")
    page = client.get("/audit/?action=plan.create").content.decode()
    assert "载入方案" in page and "登录成功" not in page.split("<tbody>")[1]
    entry = AuditEntry.objects.get(action="plan.create")
    detail = client.get(f"/audit/{entry.seq}/").content.decode()
    assert "泰山政发〔2024〕1号" in detail


def test_audit_pages_accept_no_writes(login):
    client = login("auditor")
    entry = AuditEntry.objects.first()
    assert client.post("/audit/").status_code == 405
    assert client.post(f"/audit/{entry.seq}/").status_code == 405


@pytest.fixture
def anchored(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            chain.record("thing.update", object_type="t", object_id=str(i))
    return settings.AUDIT_ANCHOR_FILE


def test_deleting_the_newest_entries_is_detected_through_the_anchor(anchored):
    last = AuditEntry.objects.order_by("-seq").first().seq
    assert chain.verify().ok
    raw_sql("DELETE FROM audit_auditentry WHERE seq > %s", [last - 2])
    result = chain.verify()
    assert not result.ok and f"第 {last - 1} 至第 {last} 条记录缺失" in result.problem


def test_deleting_every_entry_is_detected(anchored):
    raw_sql("DELETE FROM audit_auditentry")
    assert "记录缺失" in chain.verify().problem


def test_an_edited_anchor_file_is_detected(anchored):
    import json

    data = json.loads(anchored.read_text())
    (ours,) = data["databases"].values()
    ours["seq"] -= 1
    anchored.write_text(json.dumps(data))
    assert "锚点文件被改动" in chain.verify().problem


def test_anchor_never_moves_back(anchored):
    from liangxin.audit import anchor

    identity = str(chain.database_identity().identity)
    head = anchor.read(identity)["seq"]
    anchor.advance(identity, 1, "x" * 64)
    assert anchor.read(identity)["seq"] == head


def test_a_cut_short_anchor_is_replaced_by_a_whole_one_at_the_next_entry(
    anchored, django_capture_on_commit_callbacks
):
    from liangxin.audit import anchor

    anchored.write_text('{"seq": 3, "ma')
    with django_capture_on_commit_callbacks(execute=True):
        chain.record("thing.update", object_type="t", object_id="4")
    identity = str(chain.database_identity().identity)
    assert anchor.read(identity)["seq"] == AuditEntry.objects.order_by("-seq").first().seq
    assert chain.verify().ok
    assert not list(anchored.parent.glob("*.new"))
