"""The recommendation list for a funding round: the projects in the reserve (储备) ranked by how ready they
are (maturity), how well they fit the round's direction (task 24: 节能降碳, 超低排放, 安全生产, 数字化转型)
and their size, each with the reasons for its place."""

from dataclasses import dataclass
from decimal import Decimal

from liangxin.projects import preparation
from liangxin.projects.models import Project

FIT_POINTS = 30
SIZE_POINTS = 20
SIZE_FULL = Decimal("10000")  # 万元 of equipment investment that earns all SIZE_POINTS


@dataclass(frozen=True)
class Ranked:
    rank: int
    project: Project
    score: int
    maturity: int
    reasons: list[str]


def recommend(projects, direction: str = "") -> list[Ranked]:
    """`projects`: the queryset in the user's scope; those in 储备 are ranked."""
    scored = []
    for project in (
        projects.filter(stage="reserve").select_related("owner", "department").prefetch_related("checklist")
    ):
        ready = preparation.maturity(project)
        reasons = [f"成熟度 {ready.score} 分"] + ready.reasons
        score = ready.score
        if direction:
            if direction in project.directions:
                score += FIT_POINTS
                reasons.insert(1, f"符合本批次方向“{direction}”（加 {FIT_POINTS} 分）")
            else:
                reasons.insert(1, f"不在本批次方向“{direction}”之内")
        size = min(SIZE_POINTS, int(project.equipment_investment * SIZE_POINTS / SIZE_FULL))
        score += size
        reasons.insert(
            2 if direction else 1, f"设备投资 {project.equipment_investment:,.2f} 万元（加 {size} 分）"
        )
        scored.append((score, ready.score, project, reasons))
    scored.sort(key=lambda s: (-s[0], -s[1], -s[2].equipment_investment, s[2].pk))
    return [
        Ranked(i, p, score, maturity, reasons)
        for i, (score, maturity, p, reasons) in enumerate(scored, start=1)
    ]
