"""Times a user reads in an export are the district's (Asia/Shanghai), as on the pages: an application
filed at 05:06 UTC was exported as 05:06 while the list page said 13:06 (issue 11 D.9)."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from liangxin.subsidies.intake import applications
from liangxin.subsidies.models import Application
from liangxin.subsidies.tests.test_applications import row
from liangxin.subsidies.tests.test_review import load, person

pytestmark = pytest.mark.django_db


def test_the_application_export_writes_the_submission_time_in_the_district_time_zone(login):
    app, _ = applications.submit(person("swj_caseworker"), load(), row())
    Application.objects.filter(pk=app.pk).update(created_at=datetime(2025, 6, 18, 5, 6, tzinfo=UTC))
    exported = login("swj_caseworker").get("/subsidies/applications/export.xlsx?programme=appliance-2025")
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert first[header.index("提交时间")] == "2025-06-18 13:06"
