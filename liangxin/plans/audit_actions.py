from liangxin.audit.registry import declare

declare("plan", {"plan.create": "载入方案", "plan.update": "更新方案"})
