from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("reporting", "调度填报")
declare(
    "reporting",
    {
        "period.open": "开启填报期",
        "period.close": "关闭填报期",
        "period.remind": "发送提醒",
        "period.dispatch": "发送调度消息",
        "submission.save": "保存填报",
        "submission.submit": "报送",
        "submission.approve": "部门审核通过",
        "submission.accept": "采纳",
        "submission.return": "退回",
        "evidence.upload": "上传附件",
        "evidence.delete": "删除附件",
        "evidence.download": "下载附件",
        "bulletin.save": "保存通报草稿",
        "bulletin.issue": "印发通报",
    },
)

declare_objects(
    {
        "reporting.period": "填报期",
        "reporting.submission": "部门填报",
        "reporting.reportedvalue": "填报数值",
        "reporting.narrative": "进展情况",
        "reporting.submissionversion": "填报版本",
        "reporting.reminder": "提醒",
        "reporting.evidence": "佐证附件",
        "reporting.bulletindraft": "调度通报稿",
    }
)
