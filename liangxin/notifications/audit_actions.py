from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("notification", "消息通知")
declare("notification", {"notification.read": "标记通知已读"})
declare_objects({"notifications.notification": "通知"})
