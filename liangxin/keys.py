"""Secrets kept outside the database and the repository.

Keys come from the environment (LIANGXIN_SECRET_KEY, LIANGXIN_AUDIT_KEY as hex) or from a key file
(LIANGXIN_KEY_FILE, JSON). Each purpose has its own key; keys carry an id so they can be rotated: new
entries use the current id, old entries are verified with the key they name.
"""

import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path


class KeyConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Keys:
    secret_key: str
    audit: dict[str, bytes]
    audit_current: str


def new_key_file_content() -> dict:
    return {
        "secret_key": secrets.token_urlsafe(50),
        "audit": {"current": "a1", "keys": {"a1": secrets.token_hex(32)}},
    }


def write_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(new_key_file_content(), handle, indent=2)


def _from_mapping(data: dict, where: str) -> Keys:
    try:
        audit = data["audit"]
        keys = {kid: bytes.fromhex(value) for kid, value in audit["keys"].items()}
        current = audit["current"]
        if current not in keys:
            raise KeyConfigError(f"{where}: 审计密钥 {current} 不存在")
        if any(len(k) < 32 for k in keys.values()):
            raise KeyConfigError(f"{where}: 审计密钥长度不足 32 字节")
        return Keys(secret_key=data["secret_key"], audit=keys, audit_current=current)
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyConfigError(f"{where}: 密钥文件格式错误（{exc}）") from exc


def load_keys(default_file: Path, create_if_missing: bool) -> Keys:
    """Environment first, then the key file; a missing key file is created only outside production."""
    env_secret = os.environ.get("LIANGXIN_SECRET_KEY")
    env_audit = os.environ.get("LIANGXIN_AUDIT_KEY")
    if env_secret and env_audit:
        return _from_mapping(
            {"secret_key": env_secret, "audit": {"current": "env", "keys": {"env": env_audit}}},
            "环境变量 LIANGXIN_AUDIT_KEY",
        )
    path = Path(os.environ.get("LIANGXIN_KEY_FILE", default_file))
    if not path.exists():
        if not create_if_missing:
            raise KeyConfigError(
                f"缺少密钥：请设置 LIANGXIN_SECRET_KEY 与 LIANGXIN_AUDIT_KEY，或提供密钥文件 {path}"
            )
        write_key_file(path)
        print(f"已生成开发用密钥文件 {path}（生产环境请自行保管密钥）", file=sys.stderr)
    return _from_mapping(json.loads(path.read_text(encoding="utf-8")), str(path))
