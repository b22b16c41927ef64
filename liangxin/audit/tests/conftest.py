from liangxin.audit.registry import declare

# the chain's tests record a made-up action on a made-up object; record() wants it declared like a real one
declare("plan", {"thing.update": "修改测试事项"})
