"""The kinds of notification a person receives, each with its Chinese label: every workflow event that asks
someone to act, and the reminders."""

from dataclasses import dataclass

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class Kind:
    code: str
    label: str


KINDS: Registry[Kind] = Registry("通知类型")
for _kind in (
    Kind("submission_returned", "填报被退回"),
    Kind("submission_waiting", "填报待处理"),
    Kind("deadline", "报送期限提醒"),
    Kind("dispatch", "调度消息"),
    Kind("application_waiting", "补贴申请待复审"),
    Kind("application_returned", "补贴申请被退回"),
    Kind("application_flagged", "补贴申请待核查"),
    Kind("application_approved", "补贴申请待拨付"),
    Kind("payout_waiting", "拨付批次待复核"),
    Kind("payout_reviewed", "拨付批次已复核"),
    Kind("import_finished", "导入已结束"),
    Kind("periodic_problem", "定时检查发现问题"),
    Kind("channel_test", "渠道测试"),
):
    KINDS.add(_kind)
