from liangxin.audit.registry import declare, declare_category

declare_category("plan", "工作方案")
declare("plan", {"plan.create": "载入方案", "plan.update": "更新方案"})
