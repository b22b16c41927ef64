"""The imports and payouts lists: page links and the filters their users would use, on the pages and the
imports API."""

import pytest

from liangxin.subsidies import access, lists
from liangxin.subsidies.models import ImportJob
from liangxin.subsidies.payouts import batches
from liangxin.subsidies.tests.reviewed import reviewed
from liangxin.subsidies.tests.test_payouts import approved  # noqa: F401 - a fixture
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    programme = load()
    ImportJob.objects.bulk_create(
        ImportJob(
            programme=programme,
            file_name=f"{'泰山电器' if i % 2 else '岱岳商城'}-{i:03}.csv",
            sha256=f"{i:064}",
            status="done" if i % 3 else "failed",
        )
        for i in range(130)
    )


def test_the_imports_list_finds_by_file_name_and_status_and_pages(login, jobs):
    client = login("swj_caseworker")
    html = client.get("/subsidies/imports/", {"q": "泰山", "status": "done"}).content.decode()
    # odd numbers below 130 not divisible by 3: 65 odd, of which 22 are multiples of 3
    assert "共 43 次 · 第 1/1 页" in html and "泰山电器-001.csv" in html and "岱岳商城" not in html
    assert "泰山电器-003.csv" not in html  # failed
    paged = client.get("/subsidies/imports/", {"page": 3}).content.decode()
    assert "共 130 次 · 第 3/3 页" in paged and 'href="?page=2" rel="prev"' in paged


def test_the_imports_api_takes_the_same_search(client, api_token, jobs):
    headers = api_token("swj_caseworker")
    answer = client.get("/api/v1/subsidy/imports", {"q": "岱岳", "status": "failed"}, **headers).json()
    assert answer["count"] == 22 and all("岱岳商城" in j["file_name"] for j in answer["items"])


def test_payout_batches_are_found_by_programme_and_state(login, approved):  # noqa: F811
    appliance, apps = approved
    finance = person("czj_finance")
    batch, _ = batches.build_batch(finance, appliance, "k-1")
    reviewed(batch)
    mine = access.payout_batches_for(finance)
    assert list(lists.find_payout_batches(mine, "appliance-2025", "open")) == [batch]
    assert list(lists.find_payout_batches(mine, "car-scrap-2025")) == []
    batches.record_result(finance, batch, str(apps[0].public_id), False, "账号有误")
    for app in apps[1:]:
        batches.record_result(finance, batch, str(app.public_id), True)
    assert list(lists.find_payout_batches(mine, status="open")) == []
    assert list(lists.find_payout_batches(mine, status="failed")) == [batch]
    assert list(lists.find_payout_batches(mine, status="nonsense")) == []
    html = login("czj_finance").get("/subsidies/payouts/", {"status": "failed"}).content.decode()
    assert "共 1 批" in html and "有拨付失败" in html
    row = html[html.index('data-testid="batches"') :]
    # the counts and total are those of the batch's items, not multiplied by the state's filter
    assert '<td class="text-end">3</td>' in row and '<td class="text-end">2</td>' in row
    empty = login("czj_finance").get("/subsidies/payouts/", {"status": "done"}).content.decode()
    assert "没有符合条件的拨付批次" in empty
