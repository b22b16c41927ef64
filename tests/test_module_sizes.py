"""No product module grows past 600 lines: a module that does is holding more than one responsibility and
is split (the bulletin into data, words, Word and Excel; subsidies into its sub-packages)."""

from pathlib import Path

PRODUCT = Path(__file__).resolve().parent.parent / "liangxin"
LIMIT = 600


def test_no_product_module_is_over_600_lines():
    sizes = {
        str(path.relative_to(PRODUCT.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PRODUCT.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PRODUCT).parts)
    }
    assert len(sizes) > 100
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
