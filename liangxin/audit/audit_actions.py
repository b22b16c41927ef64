"""The audit actions every app records alike."""

from liangxin.audit.registry import declare, declare_category, declare_objects

# categories that cut across apps: any app may file its exports and reveals under them
declare_category("export", "数据导出")
declare_category("personal_data", "个人信息查看")
declare("export", {"export": "导出数据"})

declare_objects({"audit.auditentry": "审计记录", "audit.databaseidentity": "数据库标识"})
