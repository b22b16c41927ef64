"""The HMAC-SM3 audit chain: `record` appends, `verify` walks it and names the first broken entry."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction

from liangxin.audit import anchor, registry
from liangxin.audit.context import current_actor
from liangxin.audit.models import AuditEntry, DatabaseIdentity
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


def database_identity(create: bool = True) -> DatabaseIdentity | None:
    """This database's identity: made by its migration; remade (noting the newest entry then) only if it
    was removed, for instance by a test's flush, so that a chain can never quietly change databases."""
    found = DatabaseIdentity.objects.filter(pk=1).first()
    if found is None and create:
        newest = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        found, _ = DatabaseIdentity.objects.get_or_create(
            pk=1, defaults={"identity": uuid.uuid4(), "created_at": datetime.now(UTC), "after_seq": newest}
        )
    return found


def describe_database() -> str:
    """The database in words: its kind and name (a SQLite file's path, a PostgreSQL database and host)."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {conf.get('NAME')}"
    host = conf.get("HOST") or "localhost"
    return f"{connection.vendor} {conf.get('NAME')}@{host}"


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
        identity = str(database_identity().identity)
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
        transaction.on_commit(lambda: anchor.advance(identity, entry.seq, entry.mac))
    return entry


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    database: str = ""  # this database's identity, which its anchor names
    # the other databases anchored in this data folder: (identity, newest anchored seq)
    others: tuple[tuple[str, int], ...] = field(default=())
    swapped: bool = False  # a database the folder's anchors do not know, not a shortened one

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.problem


def _walk() -> tuple[int, int, str]:
    """(entries checked, seq of the first broken one or None, the problem): the chain itself."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return checked, expected_seq, f"第 {expected_seq} 条记录缺失（下一条为第 {entry.seq} 条）"
        key = settings.KEYS.audit.get(entry.key_id)
        if key is None:
            return checked, entry.seq, f"第 {entry.seq} 条记录的密钥 {entry.key_id} 不可用"
        if entry.prev_mac != expected_prev:
            return checked, entry.seq, f"第 {entry.seq} 条记录与前一条不衔接（前序被删除或修改）"
        if _mac(entry, key) != entry.mac:
            return checked, entry.seq, f"第 {entry.seq} 条记录内容被修改（校验码不符）"
        expected_prev, expected_seq, checked = entry.mac, expected_seq + 1, checked + 1
    return checked, None, ""


def _mac_at(seq) -> dict:
    found = AuditEntry.objects.filter(seq=seq).values_list("mac", flat=True).first() if seq else None
    return {seq: found}


def _is_this_chain_s(unbound: dict | None) -> bool:
    """Whether an anchor of the earlier, unbound file is this database's: signed, and its entry is here."""
    if not unbound or anchor.forged(anchor.UNBOUND, unbound):
        return False
    return _mac_at(unbound["seq"]) == {unbound["seq"]: unbound["mac"]}


def verify() -> VerifyResult:
    """Walk the chain, then check it against this database's anchor: entries deleted from an anchored
    database are named; a database that the folder's anchors do not know is reported as swapped in."""
    checked, broken, problem = _walk()
    found = database_identity(create=False)
    identity = str(found.identity) if found else ""
    anchors = anchor.read_all()
    if broken is not None:
        return VerifyResult(checked, broken, problem, identity)
    last = checked
    unbound = anchors.get(anchor.UNBOUND)
    if found is not None and identity not in anchors and _is_this_chain_s(unbound):
        anchor.adopt_unbound(identity)  # the earlier file's anchor is this database's
        anchors = anchor.read_all()
    others = tuple(sorted((k, v.get("seq", 0)) for k, v in anchors.items() if k != identity))
    if found is None:
        if last and anchors:
            why = "数据库中没有数据库标识（已被删除），无法确认锚点属于哪个数据库"
            return VerifyResult(checked, None, why, "", others)
        return VerifyResult(checked, None, "", "", others)
    if found.after_seq:
        why = (
            f"本库的数据库标识是在第 {found.after_seq} 条记录之后补建的（原标识被删除），"
            f"第 {found.after_seq} 条及以前的记录无法与锚点核对"
        )
        return VerifyResult(checked, None, why, identity, others)
    if identity in anchors:
        anchored = anchors[identity]
        why = anchor.problem(identity, last, _mac_at(anchored.get("seq")))
        return VerifyResult(checked, last + 1 if why else None, why or "", identity, others)
    if set(anchors) == {anchor.UNBOUND}:  # an earlier file, not this chain's: checked as it was before
        why = anchor.problem(anchor.UNBOUND, last, _mac_at(unbound.get("seq")))
        if why:
            why += "（锚点文件为升级前的格式，未记录数据库标识；也可能是换用了另一个数据库）"
            return VerifyResult(checked, last + 1, why, identity, others)
    if last and anchors:
        names = "、".join(f"{k or '升级前未绑定的锚点'}（第 {seq} 条）" for k, seq in others)
        why = (
            f"数据库被替换：当前数据库（标识 {identity}）有 {last} 条审计记录，但此数据文件夹的锚点中没有它，"
            f"只有其他数据库的锚点：{names}。这是换入了另一个数据库，不是记录被删除"
        )
        return VerifyResult(checked, None, why, identity, others, swapped=True)
    return VerifyResult(checked, None, "", identity, others)
