"""The nightly check of the audit chain, the same as `liangxin audit verify`."""

from liangxin.audit.chain import verify
from liangxin.queue.periodic import Finding, periodic


@periodic("audit_verify", "审计链校验")
def verify_chain() -> Finding:
    result = verify()
    if not result.ok:
        return Finding(
            f"审计链校验失败：{result.problem}（此前 {result.checked} 条完好）",
            problem=True,
            tell="auditor",
            link="/audit/",
        )
    return Finding(f"审计链完好：共 {result.checked} 条记录")
