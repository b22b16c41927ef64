"""The bulletin's downloads on a period's page (reporting's), for those who may read it."""

from liangxin.monitoring.access import may_read_bulletin
from liangxin.reporting.period_links import LINKS, PeriodLink

LINKS.add(PeriodLink("report-docx", "下载调度通报（Word）", "monitoring:report_docx", may_read_bulletin))
LINKS.add(
    PeriodLink(
        "report-xlsx",
        "下载数据（Excel）",
        "monitoring:report_xlsx",
        may_read_bulletin,
        "btn-outline-secondary",
    )
)
