from liangxin.audit.registry import declare_objects

declare_objects({"queue.periodicrun": "定时任务运行记录", "queue.job": "后台任务"})
