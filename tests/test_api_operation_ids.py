"""Operation ids are part of the API's contract (generated clients call them by name): each is the app and
the endpoint function's name, whichever module inside the app holds it, and no two are alike."""

import re

from liangxin.api import api


def test_every_operation_id_is_its_app_and_function_and_unique():
    schema = api.get_openapi_schema()
    ids = [op["operationId"] for methods in schema["paths"].values() for op in methods.values()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"liangxin_[a-z]+_api_[a-z_]+", i) for i in ids), ids
    # endpoints moved into the subsidies app's sub-packages keep the names clients knew
    assert {"liangxin_subsidies_api_list_programmes", "liangxin_subsidies_api_second_decision"} <= set(ids)
    assert "liangxin_subsidies_api_resume_import" in ids
