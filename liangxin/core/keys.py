"""Secrets kept outside the database and the repository.

Keys come from the environment (LIANGXIN_SECRET_KEY, and LIANGXIN_AUDIT_KEY, LIANGXIN_PII_KEY,
LIANGXIN_BLIND_KEY as hex) or from a key file (LIANGXIN_KEY_FILE, JSON). Each purpose has its own key:
`audit` signs the audit chain (HMAC-SM3), `pii` encrypts personal data (SM4-GCM), `blind` makes the
keyed index used to find duplicates without decrypting (HMAC-SM3). Keys carry an id so they can be
rotated: new data uses the current id, old data is read with the key it names.
"""

import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

PURPOSES = {  # purpose → (key length in bytes, environment variable)
    "audit": (32, "LIANGXIN_AUDIT_KEY"),
    "pii": (16, "LIANGXIN_PII_KEY"),
    "blind": (32, "LIANGXIN_BLIND_KEY"),
}
_NAMES = {"audit": "审计", "pii": "个人信息加密", "blind": "查重索引"}


class KeyConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class KeyRing:
    current: str
    keys: dict[str, bytes]

    @property
    def key(self) -> bytes:
        return self.keys[self.current]


@dataclass(frozen=True)
class Keys:
    secret_key: str
    rings: dict[str, KeyRing]

    @property
    def audit(self) -> dict[str, bytes]:
        return self.rings["audit"].keys

    @property
    def audit_current(self) -> str:
        return self.rings["audit"].current


def _new_ring(purpose: str, kid: str) -> dict:
    return {"current": kid, "keys": {kid: secrets.token_hex(PURPOSES[purpose][0])}}


def new_key_file_content() -> dict:
    return {"secret_key": secrets.token_urlsafe(50)} | {p: _new_ring(p, f"{p[0]}1") for p in PURPOSES}


def write_key_file(path: Path, content: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(content or new_key_file_content(), handle, indent=2)


def _ring(purpose: str, data: dict, where: str) -> KeyRing:
    length, _ = PURPOSES[purpose]
    name = _NAMES[purpose]
    try:
        keys = {kid: bytes.fromhex(value) for kid, value in data["keys"].items()}
        current = data["current"]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyConfigError(f"{where}: {name}密钥格式错误（{exc}）") from exc
    if current not in keys:
        raise KeyConfigError(f"{where}: {name}密钥 {current} 不存在")
    if any(len(k) != length for k in keys.values()):
        raise KeyConfigError(f"{where}: {name}密钥应为 {length} 字节（{length * 2} 位十六进制）")
    return KeyRing(current, keys)


def _from_mapping(data: dict, where: str) -> Keys:
    if not data.get("secret_key"):
        raise KeyConfigError(f"{where}: 缺少 secret_key")
    missing = [p for p in PURPOSES if p not in data]
    if missing:
        raise KeyConfigError(f"{where}: 缺少{'、'.join(_NAMES[p] for p in missing)}密钥")
    return Keys(secret_key=data["secret_key"], rings={p: _ring(p, data[p], where) for p in PURPOSES})


def load_keys(default_file: Path, create_if_missing: bool) -> Keys:
    """Environment first, then the key file; outside production a missing file (or a purpose missing
    from an older file) is created, never in production."""
    env_secret = os.environ.get("LIANGXIN_SECRET_KEY")
    if env_secret:
        data = {"secret_key": env_secret}
        for purpose, (_, variable) in PURPOSES.items():
            if os.environ.get(variable):
                data[purpose] = {"current": "env", "keys": {"env": os.environ[variable]}}
        return _from_mapping(data, "环境变量（" + "、".join(v for _, v in PURPOSES.values()) + "）")
    path = Path(os.environ.get("LIANGXIN_KEY_FILE", default_file))
    if not path.exists():
        if not create_if_missing:
            raise KeyConfigError(
                f"缺少密钥：请设置 LIANGXIN_SECRET_KEY 及 {'、'.join(v for _, v in PURPOSES.values())}，"
                f"或提供密钥文件 {path}"
            )
        write_key_file(path)
        print(f"已生成开发用密钥文件 {path}（生产环境请自行保管密钥）", file=sys.stderr)
    data = json.loads(path.read_text(encoding="utf-8"))
    missing = [p for p in PURPOSES if p not in data]
    if missing and create_if_missing:
        data |= {p: _new_ring(p, f"{p[0]}1") for p in missing}
        write_key_file(path, data)
    return _from_mapping(data, str(path))
