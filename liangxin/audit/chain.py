"""The HMAC-SM3 audit chain: `record` appends, `verify` walks it and names the first broken entry."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction

from liangxin.audit import anchor, registry
from liangxin.audit.context import current_actor
from liangxin.audit.models import AuditEntry
from liangxin.core.crypto import hmac_sm3

GENESIS = "0" * 64
_PG_LOCK_ID = 0x6C78_6175  # "lxau": serialises appends on PostgreSQL; SQLite serialises writers anyway


def _content(entry: AuditEntry) -> bytes:
    fields = {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "actor_roles": entry.actor_roles,
        "client_ip": entry.client_ip,
        "via": entry.via,
        "action": entry.action,
        "result": entry.result,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "key_id": entry.key_id,
        "prev_mac": entry.prev_mac,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _mac(entry: AuditEntry, key: bytes) -> str:
    return hmac_sm3(key, _content(entry)).hex()


def _jsonable(value):
    """Round-trip through JSON now, so the MAC is computed over exactly what the database will return."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def record(
    action,
    *,
    obj=None,
    object_type="",
    object_id="",
    object_repr="",
    before=None,
    after=None,
    result="success",
) -> AuditEntry:
    registry.require(action)
    actor = current_actor()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    key_id = settings.KEYS.audit_current
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])
        last = AuditEntry.objects.order_by("-seq").only("seq", "mac").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=datetime.now(UTC),
            actor_id=actor.user_id,
            actor_name=actor.name,
            actor_roles=actor.roles,
            client_ip=actor.client_ip,
            via=actor.via,
            action=action,
            result=result,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            before=_jsonable(before),
            after=_jsonable(after),
            key_id=key_id,
            prev_mac=last.mac if last else GENESIS,
        )
        entry.mac = _mac(entry, settings.KEYS.audit[key_id])
        entry.save()
        transaction.on_commit(lambda: anchor.advance(entry.seq, entry.mac))
    return entry


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify() -> VerifyResult:
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return VerifyResult(
                checked, expected_seq, f"第 {expected_seq} 条记录缺失（下一条为第 {entry.seq} 条）"
            )
        key = settings.KEYS.audit.get(entry.key_id)
        if key is None:
            return VerifyResult(checked, entry.seq, f"第 {entry.seq} 条记录的密钥 {entry.key_id} 不可用")
        if entry.prev_mac != expected_prev:
            return VerifyResult(
                checked, entry.seq, f"第 {entry.seq} 条记录与前一条不衔接（前序被删除或修改）"
            )
        if _mac(entry, key) != entry.mac:
            return VerifyResult(checked, entry.seq, f"第 {entry.seq} 条记录内容被修改（校验码不符）")
        expected_prev, expected_seq, checked = entry.mac, expected_seq + 1, checked + 1
    anchored = anchor.read()
    anchored_mac = {}
    if anchored and anchored.get("seq"):
        found = AuditEntry.objects.filter(seq=anchored["seq"]).values_list("mac", flat=True).first()
        anchored_mac = {anchored["seq"]: found}
    problem = anchor.problem(expected_seq - 1, anchored_mac)
    if problem:
        return VerifyResult(checked, expected_seq, problem)
    return VerifyResult(checked)
