from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("project", "项目库")
declare(
    "project",
    {
        "project.create": "新增项目",
        "project.update": "修改项目",
        "project.import": "导入项目",
        "project.import.checklist": "导入前期工作办理情况",
        "project.import.funding": "导入项目资金",
        "project.import.baselines": "导入设备投资基准数",
        "project.checklist": "更新前期工作",
        "project.stage": "变更项目阶段",
        "project.stage.ask": "申请变更项目阶段",
        "project.stage.confirm": "确认项目阶段变更",
        "project.stage.refuse": "不予确认项目阶段变更",
        "project.funding": "登记项目资金",
        "project.baseline": "填写设备投资基准数",
        "project.document.upload": "上传项目文件",
        "project.document.download": "下载项目文件",
        "project.document.delete": "删除项目文件",
    },
)
declare_objects(
    {
        "projects.project": "项目",
        "projects.fundingchannel": "资金渠道",
        "projects.checklistitem": "前期工作事项",
        "projects.stagechange": "项目阶段变更",
        "projects.funding": "项目资金",
        "projects.projectprogress": "项目进度",
        "projects.equipmentbaseline": "设备投资基准数",
        "projects.projectdocument": "项目文件",
    }
)
