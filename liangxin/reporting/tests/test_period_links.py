"""Links a higher app puts on a period's page: monitoring's bulletin downloads, for those who may read the
bulletin, without reporting naming monitoring."""

from datetime import date

import pytest
from django.urls import reverse

from liangxin.accounts.models import User
from liangxin.plans.models import Plan
from liangxin.reporting import workflow
from liangxin.reporting.period_links import LINKS

pytestmark = pytest.mark.django_db
PAGE = "/plans/taishan-2024/periods/2026-10/"


def test_every_registered_link_is_labelled_in_chinese_and_leads_to_a_route():
    assert {link.code for link in LINKS} >= {"report-docx", "report-xlsx"}
    for link in LINKS:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in link.label), link
        assert reverse(link.url_name, args=["taishan-2024", "2026-10"]).startswith("/plans/taishan-2024/")


def test_the_coordinator_sees_the_bulletin_downloads_and_a_reporter_does_not(login):
    coordinator = User.objects.get(username="fgj_coordinator")
    workflow.open_period(coordinator, Plan.objects.get(code="taishan-2024"), "2026-10", date(2026, 11, 5))
    html = login("fgj_coordinator").get(PAGE).content.decode()
    assert 'href="/plans/taishan-2024/periods/2026-10/report.docx"' in html and "下载数据（Excel）" in html
    assert "report.docx" not in login("wjj_reporter").get(PAGE).content.decode()
