"""The chain's head, kept outside the database: after each committed entry the newest sequence number
and MAC are written (signed) to a small file, so deleting the newest entries, or all of them, no longer
leaves a chain that merely looks shorter."""

import fcntl
import json
import os
from pathlib import Path

from django.conf import settings

from liangxin.core.crypto import hmac_sm3


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _signature(seq: int, mac: str) -> str:
    ring = settings.KEYS.rings["audit"]
    return hmac_sm3(ring.key, f"anchor:{seq}:{mac}".encode()).hex()


def read() -> dict | None:
    path = anchor_path()
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8") or "null")


def advance(seq: int, mac: str) -> None:
    """Move the anchor forward (never back), safely across processes: under a lock file, the new anchor
    is written beside the old one and renamed over it, so a kill at any moment leaves one whole anchor."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = read()
        except ValueError:  # unreadable (a write cut short by older code): replaced by a whole one
            current = None
        if current is not None and current.get("seq", 0) >= seq:
            return
        fresh = path.with_name(path.name + ".new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"seq": seq, "mac": mac, "signature": _signature(seq, mac)}, handle)
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


def problem(last_seq: int, macs: dict[int, str]) -> str | None:
    """Compare the database's chain (its last seq, and the MAC of the anchored seq) with the anchor."""
    anchored = read()
    if anchored is None:
        return None
    seq, mac = anchored.get("seq"), anchored.get("mac")
    if anchored.get("signature") != _signature(seq, mac):
        return "审计链锚点文件被改动（签名不符）"
    if last_seq < seq:
        return f"第 {last_seq + 1} 至第 {seq} 条记录缺失（锚点记录的最新一条为第 {seq} 条）"
    if macs.get(seq) != mac:
        return f"第 {seq} 条记录与锚点不符"
    return None
