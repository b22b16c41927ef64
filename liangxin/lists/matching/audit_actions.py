from liangxin.audit.registry import declare, declare_objects

declare(
    "lists",
    {
        "match.create": "登记供需对接",
        "match.state": "变更供需对接状态",
    },
)
declare_objects(
    {
        "lists.match": "供需对接",
        "lists.matchstep": "供需对接状态变更",
        "lists.supplytoken": "两优清单条目分词",
        "lists.demandtoken": "两新清单条目分词",
    }
)
