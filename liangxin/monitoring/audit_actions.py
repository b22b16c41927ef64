from liangxin.audit.registry import declare

declare("export", {"report.export": "导出调度通报"})
