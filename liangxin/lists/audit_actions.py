from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("lists", "两优两新清单")
declare(
    "lists",
    {
        "supply.create": "新增两优清单条目",
        "supply.update": "修改两优清单条目",
        "supply.submit": "提交两优清单条目",
        "supply.accept": "采纳两优清单条目",
        "supply.return": "退回两优清单条目",
        "supply.withdraw": "撤回两优清单条目",
        "supply.reveal": "查看两优清单联系电话",
        "supply.import": "导入两优清单",
        "supply_category.create": "增加两优清单产品类别",
        "demand.create": "新增两新清单条目",
        "demand.update": "修改两新清单条目",
        "demand.submit": "提交两新清单条目",
        "demand.accept": "采纳两新清单条目",
        "demand.return": "退回两新清单条目",
        "demand.withdraw": "撤回两新清单条目",
        "demand.reveal": "查看两新清单联系电话",
        "demand.import": "导入两新清单",
    },
)
declare_objects(
    {
        "lists.supplycategory": "两优清单产品类别",
        "lists.supplyentry": "两优清单条目",
        "lists.demandentry": "两新清单条目",
        "lists.supplychange": "两优清单条目变更",
        "lists.demandchange": "两新清单条目变更",
    }
)
