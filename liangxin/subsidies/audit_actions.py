from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("programme", "补贴项目")
declare_category("application", "补贴申请")
declare_category("payout", "资金拨付")
declare_category("import", "批量导入")
declare("programme", {"programme.create": "新增补贴项目", "programme.update": "修改补贴项目"})
declare(
    "application",
    {
        "application.create": "提交补贴申请",
        "application.resubmit": "补正后重新提交",
        "application.invoice": "上传发票扫描件",
        "application.invoice.download": "下载发票扫描件",
        "application.first.approve": "初审通过",
        "application.first.reject": "初审不予补贴",
        "application.first.return": "初审退回补正",
        "application.second.approve": "复审通过",
        "application.second.reject": "复审不予补贴",
        "application.second.return": "复审退回补正",
    },
)
declare("personal_data", {"pii.reveal": "查看完整个人信息"})
declare(
    "payout",
    {
        "payout.batch": "生成拨付批次",
        "payout.approve": "复核通过拨付批次",
        "payout.return": "复核退回拨付批次",
        "payout.paid": "登记拨付成功",
        "payout.failed": "登记拨付失败",
    },
)
declare("import", {"import.start": "开始批量导入", "import.finish": "批量导入完成"})

declare_objects(
    {
        "subsidies.programme": "补贴项目",
        "subsidies.application": "补贴申请",
        "subsidies.modelprice": "型号指导价",
        "subsidies.flag": "核查标记",
        "subsidies.equipmentline": "设备明细",
        "subsidies.decision": "审核决定",
        "subsidies.payoutbatch": "拨付批次",
        "subsidies.payoutitem": "拨付明细",
        "subsidies.importjob": "批量导入",
        "subsidies.importrow": "导入行",
        "subsidies.applicationcounter": "申请编号计数器",
        "subsidies.invoice": "发票扫描件",
    }
)
