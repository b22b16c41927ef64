"""Money for a project per channel: what was asked for and what was granted (with its document), and a
flag wherever a channel shows more granted than requested."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from liangxin.accounts.models import User
from liangxin.audit import chain
from liangxin.core.errors import FieldProblem, Invalid
from liangxin.projects import access
from liangxin.projects.models import Funding, FundingChannel, Project
from liangxin.projects.records import _amount


@transaction.atomic
def add(
    user: User, project: Project, channel: str, kind: str, amount, on: date, document_number: str = ""
) -> Funding:
    access.require_edit(user, project)
    problems = []
    found = (
        FundingChannel.objects.filter(code=channel).first()
        or FundingChannel.objects.filter(name=channel).first()
    )
    if found is None:
        problems.append(FieldProblem("channel", "资金渠道：请选择已有的渠道"))
    if kind not in Funding.Kind.values:
        problems.append(FieldProblem("kind", "类别：应为申请或下达"))
    try:
        value = _amount(amount)
        if value == 0:
            raise ValueError("应大于 0")
    except ValueError as exc:
        problems.append(FieldProblem("amount", f"金额（万元）：{exc}"))
    if kind == Funding.Kind.GRANT and not document_number.strip():
        problems.append(FieldProblem("document_number", "文号：下达的资金须填写下达文件的文号"))
    if len(document_number) > 60:
        problems.append(FieldProblem("document_number", "文号：最多 60 字"))
    if problems:
        raise Invalid(problems[0].message if len(problems) == 1 else "资金信息有误", problems)
    entry = Funding.objects.create(
        project=project,
        channel=found,
        kind=kind,
        amount=value,
        on=on,
        document_number=document_number.strip(),
        entered_by=user,
    )
    chain.record(
        "project.funding",
        obj=project,
        after={
            "channel": found.code,
            "kind": kind,
            "amount": f"{value:.4f}",
            "document_number": entry.document_number,
        },
    )
    return entry


@dataclass(frozen=True)
class ChannelTotal:
    channel: FundingChannel
    requested: Decimal
    granted: Decimal

    @property
    def over_granted(self) -> bool:
        return self.granted > self.requested


def totals(project: Project) -> list[ChannelTotal]:
    sums = project.funding.values("channel", "kind").annotate(total=Sum("amount"))
    by_channel: dict[int, dict[str, Decimal]] = {}
    for row in sums:
        by_channel.setdefault(row["channel"], {})[row["kind"]] = row["total"]
    channels = FundingChannel.objects.in_bulk(list(by_channel))
    return [
        ChannelTotal(channels[pk], found.get("request", Decimal(0)), found.get("grant", Decimal(0)))
        for pk, found in by_channel.items()
    ]
