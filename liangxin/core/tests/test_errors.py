from liangxin.core.errors import Conflict, FieldProblem, Invalid, NotFound


def test_each_kind_of_error_answers_with_its_status_and_chinese_message():
    assert (NotFound().status, NotFound().body()) == (404, {"detail": "不存在或不在您的数据范围内"})
    assert (Conflict("填报期已关闭").status, Conflict("填报期已关闭").body()) == (
        409,
        {"detail": "填报期已关闭"},
    )


def test_an_invalid_input_names_each_field_and_row():
    error = Invalid(
        "导入文件有误", [FieldProblem("身份证号", "校验位不对", row=3), FieldProblem("预算", "应为数值")]
    )
    assert error.status == 422
    assert isinstance(error, ValueError)
    assert error.body() == {
        "detail": "导入文件有误",
        "errors": [
            {"field": "身份证号", "message": "校验位不对", "row": 3},
            {"field": "预算", "message": "应为数值"},
        ],
    }


def test_a_forms_messages_are_grouped_by_field_and_a_bare_error_is_the_forms_own():
    found = Invalid(
        "有误", [FieldProblem("name", "必填"), FieldProblem("name", "太长"), FieldProblem("code", "格式")]
    )
    assert found.messages_by_field() == {"name": ["必填", "太长"], "code": ["格式"]}
    assert Conflict("已存在").messages_by_field() == {"": ["已存在"]}
