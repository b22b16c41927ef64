from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("unit", "企业与单位")
declare(
    "unit",
    {
        "unit.create": "新增单位",
        "unit.update": "修改单位信息",
        "unit.import": "导入单位名录",
        "unit.reveal": "查看单位联系电话",
        "honour.record": "登记荣誉",
        "honour.withdraw": "撤销荣誉",
        "honour_kind.create": "新增荣誉类型",
    },
)
declare_objects(
    {"enterprises.unit": "单位", "enterprises.honourkind": "荣誉类型", "enterprises.honour": "荣誉"}
)
