from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("plan", "工作方案")
declare("plan", {"plan.create": "载入方案", "plan.update": "更新方案"})

declare_objects(
    {
        "plans.plan": "工作方案",
        "plans.plandepartment": "方案责任部门",
        "plans.section": "方案章节",
        "plans.task": "重点任务",
        "plans.tasklead": "任务责任部门",
        "plans.indicator": "指标",
        "plans.target": "目标",
        "plans.policy": "政策措施",
        "plans.policylead": "政策责任部门",
        "plans.recordsversion": "计算指标记录版本",
    }
)
