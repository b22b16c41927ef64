"""The audit actions every app records alike."""

from liangxin.audit.registry import declare

declare("export", {"export": "导出数据"})
