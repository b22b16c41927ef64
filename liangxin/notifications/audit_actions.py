from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("notification", "消息通知")
declare(
    "notification",
    {
        "notification.read": "标记通知已读",
        "channel.create": "新增通知渠道",
        "channel.update": "修改通知渠道",
        "channel.test": "测试通知渠道",
    },
)
declare_objects(
    {
        "notifications.notification": "通知",
        "notifications.channel": "通知渠道",
        "notifications.delivery": "渠道发送记录",
    }
)
