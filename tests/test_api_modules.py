"""The API modules translate no domain error by hand: no try/except and no hand-built 4xx answer in any of
them. A domain function raises NotFound, Conflict or Invalid and the one handler in liangxin/api.py answers."""

import ast
from pathlib import Path

PRODUCT = Path(__file__).resolve().parent.parent / "liangxin"


def _api_modules() -> list[Path]:
    return sorted(p for p in PRODUCT.rglob("api.py") if "tests" not in p.parts and p.parent != PRODUCT)


def _is_4xx(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and 400 <= node.value < 500


def _hand_built_4xx(tree: ast.Module) -> list[int]:
    """`status=404` given to a response, or ninja's `Status(404, …)`."""
    keywords = [n.value for n in ast.walk(tree) if isinstance(n, ast.keyword) and n.arg == "status"]
    positional = [
        n.args[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Status" and n.args
    ]
    return [n.lineno for n in keywords + positional if _is_4xx(n)]


def test_no_api_module_catches_an_error_or_answers_4xx_itself():
    modules = _api_modules()
    assert len(modules) >= 9
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        handlers = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
        name = path.relative_to(PRODUCT.parent)
        assert handlers == [], f"{name} catches errors at lines {handlers}"
        assert _hand_built_4xx(tree) == [], f"{name} builds a 4xx answer at lines {_hand_built_4xx(tree)}"
