"""The `liangxin` console command, run as a user would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry

REPO = Path(__file__).resolve().parent.parent
LIANGXIN = Path(sys.executable).parent / "liangxin"


@pytest.mark.django_db
def test_user_add_reads_the_password_from_stdin(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Taishan#2024\n"))
    call_command(
        "user", "add", "wjj_zhang", "--department", "wjj", "--role", "reporter", "--role", "reviewer"
    )
    user = User.objects.get(username="wjj_zhang")
    assert user.check_password("Taishan#2024")
    assert user.role_codes == {"reporter", "reviewer"} and user.department.code == "wjj"
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "user.create" and entry.after["roles"] == ["reporter", "reviewer"]
    assert "Taishan#2024" not in str(entry.after)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["x1", "--department", "nowhere", "--role", "reporter"], "Taishan#2024", "部门代码 nowhere 不存在"),
        (["x1", "--department", "wjj", "--role", "boss"], "Taishan#2024", "未知角色：boss"),
        (["x1", "--department", "wjj", "--role", "admin", "--role", "reporter"], "Taishan#2024", "三员分立"),
        (["x1", "--role", "reporter"], "Taishan#2024", "必须属于一个部门"),
        (["leader", "--department", "qzf", "--role", "leader"], "Taishan#2024", "已存在"),
        (["x1", "--department", "wjj", "--role", "reporter"], "taishan", "至少 8 位"),
        (["x1", "--department", "wjj", "--role", "reporter"], "", "标准输入"),
        (["x1", "--role", "enterprise"], "Taishan#2024", "企业用户须登记本企业的统一社会信用代码"),
        (
            ["x1", "--role", "enterprise", "--credit-code", "91370900MA3C12345K"],
            "Taishan#2024",
            "校验位不正确",
        ),
        (
            ["x1", "--department", "wjj", "--role", "reporter", "--credit-code", "91370900MA3C12345J"],
            "Taishan#2024",
            "只有企业用户",
        ),
    ],
)
def test_user_add_refuses_bad_input_in_chinese(monkeypatch, args, password, message):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n" if password else ""))
    with pytest.raises(CommandError, match=message):
        call_command("user", "add", *args)
    assert not User.objects.filter(username="x1").exists()


def _production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANGXIN_", "DJANGO_"))}
    env.update(
        LIANGXIN_ENV="production",
        LIANGXIN_DATA_DIR=str(tmp_path),
        LIANGXIN_SECRET_KEY="p" * 20 + "roduction-secret-key-with-enough-entropy-0123456789",
        LIANGXIN_AUDIT_KEY="ab" * 32,
        LIANGXIN_PII_KEY="cd" * 16,
        LIANGXIN_BLIND_KEY="ef" * 32,
        LIANGXIN_ALLOWED_HOSTS="liangxin.example.gov.cn",
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = subprocess.run(
        [str(LIANGXIN), "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_keys(tmp_path):
    env = _production_env(tmp_path)
    del env["LIANGXIN_AUDIT_KEY"], env["LIANGXIN_SECRET_KEY"]
    result = subprocess.run(
        [str(LIANGXIN), "check"], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "缺少密钥" in result.stderr
    assert not (tmp_path / "keys.json").exists()


@pytest.mark.parametrize("batch", ["0", "-5", "五千"])
def test_an_import_batch_that_is_not_a_positive_whole_number_stops_the_start_in_chinese(tmp_path, batch):
    env = _production_env(tmp_path) | {"LIANGXIN_IMPORT_BATCH": batch}
    result = subprocess.run(
        [str(LIANGXIN), "check"], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert f"LIANGXIN_IMPORT_BATCH 应为正整数，而不是 '{batch}'" in result.stderr


def test_development_creates_a_private_key_file(tmp_path):
    env = _production_env(tmp_path)
    env["LIANGXIN_ENV"] = "development"
    del env["LIANGXIN_AUDIT_KEY"], env["LIANGXIN_SECRET_KEY"]
    result = subprocess.run(
        [str(LIANGXIN), "check"], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "keys.json"
    assert key_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_an_enterprise_account_is_made_with_its_credit_code(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Taishan#2024\n"))
    call_command("user", "add", "qiye2", "--role", "enterprise", "--credit-code", "91370902163010628y")
    assert User.objects.get(username="qiye2").credit_code == "91370902163010628Y"
