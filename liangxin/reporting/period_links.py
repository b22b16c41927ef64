"""Links that higher apps put on a period's page (monitoring's 调度通报 downloads), registered from their
`AppConfig.ready()` so that reporting names no app above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from liangxin.core.codes import Registry


@dataclass(frozen=True)
class PeriodLink:
    code: str
    label: str
    url_name: str  # reversed with the plan's code and the period's key
    may_follow: Callable  # (user) -> bool
    style: str = "btn-outline-primary"


LINKS: Registry[PeriodLink] = Registry("填报期页面的链接")


def links_for(user, period) -> list[dict]:
    return [
        {
            "code": link.code,
            "label": link.label,
            "url": reverse(link.url_name, args=[period.plan.code, period.key]),
            "style": link.style,
        }
        for link in LINKS
        if link.may_follow(user)
    ]
