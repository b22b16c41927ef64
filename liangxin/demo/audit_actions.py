from liangxin.audit.registry import declare, declare_category

declare_category("demo", "演示数据")
declare("demo", {"demo.history": "生成演示数据", "demo.subsidies": "生成演示补贴申请"})
