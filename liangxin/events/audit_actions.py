from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("event", "对接和促销活动")
declare(
    "event",
    {
        "event.create": "新增活动",
        "event.update": "修改活动",
        "event.delete": "删除活动",
        "event.held": "登记活动已举办",
        "event.cancel": "取消活动",
        "event.participant.add": "增加参加单位",
        "event.participant.remove": "移除参加单位",
        "event.outcome.add": "登记对接成果",
        "event.outcome.remove": "删除对接成果",
        "event.import": "导入活动",
    },
)
declare_objects(
    {
        "events.event": "活动",
        "events.participant": "活动参加单位",
        "events.outcome": "对接成果",
    }
)
