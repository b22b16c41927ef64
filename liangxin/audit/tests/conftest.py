import pytest

from liangxin.audit.registry import ACTIONS, declare


@pytest.fixture(autouse=True)
def made_up_action():
    """The chain's tests record a made-up action on a made-up object; record() wants it declared like a
    real one, for those tests only."""
    declare("plan", {"thing.update": "修改测试事项"})
    yield
    ACTIONS.remove("thing.update")
