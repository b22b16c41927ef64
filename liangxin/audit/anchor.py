"""The chain's head, kept outside the database: after each committed entry the newest sequence number
and MAC are written (signed) to a small file, so deleting the newest entries, or all of them, no longer
leaves a chain that merely looks shorter.

Each anchor belongs to one database, named by the identity the database stores when it is created
(`DatabaseIdentity`): the file keeps one signed anchor per database that was used with this data folder,
so a second database (a new SQLite file, PostgreSQL after SQLite) gets its own anchor, and a database
whose identity the file does not know was swapped in, not shortened. A file written before anchors were
bound (`{"seq", "mac", "signature"}`) is read as one unbound anchor (identity ""), adopted by the database
whose chain it matches."""

import fcntl
import json
import os
from pathlib import Path

from django.conf import settings

from liangxin.core.crypto import hmac_sm3

UNBOUND = ""  # the anchor of a file written before anchors named their database


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _signature(identity: str, seq: int, mac: str) -> str:
    ring = settings.KEYS.rings["audit"]
    text = f"anchor:{seq}:{mac}" if identity == UNBOUND else f"anchor:{identity}:{seq}:{mac}"
    return hmac_sm3(ring.key, text.encode()).hex()


def _signed(identity: str, seq: int, mac: str) -> dict:
    return {"seq": seq, "mac": mac, "signature": _signature(identity, seq, mac)}


def read_all() -> dict[str, dict]:
    """Every anchor of the folder, by database identity."""
    path = anchor_path()
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8") or "null")
    if not data:
        return {}
    if "databases" in data:
        return dict(data["databases"])
    return {UNBOUND: data}  # the earlier, unbound form


def read(identity: str) -> dict | None:
    return read_all().get(identity)


def _update(change) -> None:
    """Change the anchors safely across processes: under a lock file, the new file is written beside the
    old one and renamed over it, so a kill at any moment leaves one whole file. `change(anchors)` edits the
    dict in place and answers whether anything changed."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            anchors = read_all()
        except ValueError:  # unreadable (a write cut short by older code): replaced by a whole one
            anchors = {}
        if not change(anchors):
            return
        fresh = path.with_name(path.name + ".new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"databases": anchors}, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(fresh, path)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)
    finally:
        os.close(lock)


def advance(identity: str, seq: int, mac: str) -> None:
    """Move this database's anchor forward (never back); a database new to the folder gets its first."""

    def change(anchors):
        current = anchors.get(identity)
        if current is not None and current.get("seq", 0) >= seq:
            return False
        anchors[identity] = _signed(identity, seq, mac)
        return True

    _update(change)


def adopt_unbound(identity: str) -> None:
    """Bind the earlier file's unbound anchor to this database, once its chain is known to match it."""

    def change(anchors):
        unbound = anchors.pop(UNBOUND, None)
        if unbound is None or identity in anchors:
            return False
        anchors[identity] = _signed(identity, unbound["seq"], unbound["mac"])
        return True

    _update(change)


def forged(identity: str, anchored: dict) -> bool:
    seq, mac = anchored.get("seq"), anchored.get("mac")
    return anchored.get("signature") != _signature(identity, seq, mac)


def problem(identity: str, last_seq: int, macs: dict[int, str]) -> str | None:
    """Compare this database's chain (its last seq, and the MAC of the anchored seq) with its anchor."""
    anchored = read(identity)
    if anchored is None:
        return None
    seq, mac = anchored.get("seq"), anchored.get("mac")
    if forged(identity, anchored):
        return "审计链锚点文件被改动（签名不符）"
    if last_seq < seq:
        return f"第 {last_seq + 1} 至第 {seq} 条记录缺失（锚点记录的最新一条为第 {seq} 条）"
    if macs.get(seq) != mac:
        return f"第 {seq} 条记录与锚点不符"
    return None
