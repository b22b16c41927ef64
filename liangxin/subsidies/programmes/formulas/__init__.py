"""The subsidy formulas, a class each, registered in `rules.FORMULAS` as their modules are imported (by the
app's ready()), in the order a user is offered them."""

# isort: off
from liangxin.subsidies.programmes.formulas import share_by_grade  # noqa: F401
from liangxin.subsidies.programmes.formulas import fixed_by_type  # noqa: F401
from liangxin.subsidies.programmes.formulas import share_with_cap  # noqa: F401
from liangxin.subsidies.programmes.formulas import capped_by_type  # noqa: F401
# isort: on
