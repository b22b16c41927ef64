"""The audit log as an auditor searches it: by action (a Chinese label), by user (login or full name), by
object and by the district's days, with page links that keep every filter."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.audit.context import Actor, acting_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.json"
    worker = User.objects.get(username="swj_caseworker")
    with acting_as(Actor(worker.pk, worker.username, "caseworker", "10.0.0.1", "web")):
        for i in range(60):
            chain.record(
                "application.first.approve",
                object_type="subsidies.application",
                object_id=f"app-{i}",
                object_repr=f"申请 {i:03}",
            )
        chain.record(
            "pii.reveal", object_type="subsidies.application", object_id="app-7", object_repr="申请 007"
        )
    with acting_as(Actor(None, "someone", "", "10.0.0.2", "web")):
        chain.record(
            "payout.batch", object_type="subsidies.payoutbatch", object_id="9", object_repr="拨付批次 9"
        )


def rows(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_auditor_finds_a_users_actions_by_full_name_and_label_and_pages_through_them(login, entries):
    client = login("auditor")
    html = client.get("/audit/", {"actor": "吴经办", "action": "application.first.approve"}).content.decode()
    assert "共 60 条 · 第 1/2 页" in html
    assert {row[5] for row in rows(html)} == {"初审通过"} and {row[2] for row in rows(html)} == {
        "swj_caseworker"
    }
    assert 'href="?actor=%E5%90%B4%E7%BB%8F%E5%8A%9E&amp;action=application.first.approve&amp;page=2"' in html
    second = client.get("/audit/", {"actor": "吴经办", "action": "application.first.approve", "page": 2})
    assert len(rows(second.content.decode())) == 10


def test_the_object_is_found_by_its_name_or_id_and_the_days_are_the_districts(login, entries):
    client = login("auditor")
    by_id = rows(client.get("/audit/", {"object": "app-7"}).content.decode())
    assert sorted(row[5] for row in by_id) == ["初审通过", "查看完整个人信息"]
    by_name = rows(client.get("/audit/", {"object": "拨付批次"}).content.decode())
    assert [row[5] for row in by_name] == ["生成拨付批次"]
    today = timezone.localdate()
    shown = client.get("/audit/", {"action": "payout.batch", "since": today, "until": today})
    assert len(rows(shown.content.decode())) == 1
    tomorrow = client.get("/audit/", {"action": "payout.batch", "since": today + timedelta(days=1)})
    assert "没有符合条件的记录" in tomorrow.content.decode()
