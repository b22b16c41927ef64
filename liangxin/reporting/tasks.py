from liangxin.queue.periodic import Finding, periodic
from liangxin.reporting import deadlines


@periodic("deadline_reminders", "报送期限提醒")
def remind_deadlines() -> Finding:
    sent = deadlines.send()
    return Finding(f"已发送 {sent} 条报送提醒" if sent else "今天没有需要发送的报送提醒")


@periodic("overdue_check", "逾期未报送检查")
def check_overdue() -> Finding:
    """Each open period's overdue departments, kept as the run's finding and told to the coordinator (the
    home page's to-do lists them, with the way to remind them)."""
    text, details = deadlines.overdue_finding(deadlines.overdue_lists())
    return Finding(text, problem=bool(details["periods"]), details=details, tell="coordinator", link="/")
