"""Demo matches between the demo lists' accepted demands and supply entries: the demo enterprise signed
for dry-type transformers (with its value), the cable maker's distribution-system renewal is at 意向 with a
substation and only contacted for amorphous-alloy transformers. Marked through the matching functions, by
the people who would mark them."""

from datetime import date

from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.lists.matching import matches
from liangxin.lists.matching.models import Match
from liangxin.lists.models import DemandEntry, SupplyEntry

# demand subject, supply product, who marks, the states in order, the contract (万元, date) when signed
MATCHES = [
    (
        "更新老旧变压器为一级能效干式变压器",
        "SCB18 型干式电力变压器",
        "enterprise",
        ("contacted", "intention", "signed"),
        ("96", date(2026, 5, 20)),
    ),
    ("更新交联生产线配电系统", "35 kV 预装式智能变电站", "gxj_reviewer", ("contacted", "intention"), None),
    ("更新交联生产线配电系统", "非晶合金节能配电变压器", "gxj_reporter", ("contacted",), None),
]


def install_match_demo() -> int:
    """The demo matches, once; how many were made (0 when matches exist or the demo lists are missing)."""
    if Match.objects.exists():
        return 0
    made = 0
    for subject, product, username, states, contract in MATCHES:
        demand = DemandEntry.objects.filter(subject=subject, status="accepted").first()
        supply = SupplyEntry.objects.filter(product=product, status="accepted").first()
        if demand is None or supply is None:
            continue
        user = User.objects.get(username=username)
        for state in states:
            value, on = contract if state == "signed" else (None, None)
            if on is not None:
                on = min(on, timezone.localdate())
            note = "已签订采购合同" if state == "signed" else ""
            matches.mark(user, demand, supply, state, value, on, note)
        made += 1
    return made
