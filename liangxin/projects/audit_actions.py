from liangxin.audit.registry import declare, declare_category

declare_category("project", "项目库")
declare(
    "project",
    {
        "project.create": "新增项目",
        "project.update": "修改项目",
        "project.checklist": "更新前期工作",
        "project.stage": "变更项目阶段",
        "project.stage.ask": "申请变更项目阶段",
        "project.stage.confirm": "确认项目阶段变更",
        "project.stage.refuse": "不予确认项目阶段变更",
        "project.funding": "登记项目资金",
    },
)
