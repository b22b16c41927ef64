"""The checks' look-ups pass a batch's values as one parameter; any text must come back as written."""

import pytest

from liangxin.subsidies import applications, check_queries
from liangxin.subsidies.tests.test_applications import appliance, caseworker, row  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

AWKWARD = ['引号"在中间', "反斜杠\\在中间", "逗号,分隔", "{花括号}", "NULL", "  前后空格 ", "单引号'"]


def test_awkward_text_is_looked_up_exactly(appliance):  # noqa: F811
    for i, serial in enumerate(AWKWARD):
        applications.submit(
            caseworker(),
            appliance,
            row(serial_number=serial, voucher_number=f"AV{i}", invoice_number=f"2437200000000000030{i}"),
        )
    written = [s.strip() for s in AWKWARD]  # as parsing keeps them
    stored = {value for value, _ in check_queries.holders("serial_number", [*written, "不存在", '"'])}
    assert stored == set(written)
