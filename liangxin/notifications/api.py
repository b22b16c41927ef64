"""API of the notification centre: the user's own notifications, the unread count, marking read."""

from datetime import datetime

from ninja import Router, Schema

from liangxin.core.schemas import ErrorOut, Page, ProblemsOut, page
from liangxin.notifications import inbox
from liangxin.notifications.models import Notification

router = Router(tags=["消息通知"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    url: str
    object_type: str
    object_id: str
    created_at: datetime
    read_at: datetime | None


class UnreadOut(Schema):
    unread: int


class IdsIn(Schema):
    ids: list[int]


class MarkedOut(Schema):
    marked: int
    unread: int


def _out(n: Notification) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": n.kind_label,
        "text": n.text,
        "url": n.url,
        "object_type": n.object_type,
        "object_id": n.object_id,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get(
    "/notifications",
    response={200: Page[NotificationOut], 422: ProblemsOut},
    summary="我的通知（state=unread 只列未读，read 只列已读）",
)
def list_notifications(request, state: str = "", limit: int = 100, offset: int = 0):
    found = page(inbox.listed(request.user, state), limit, offset)
    return {"items": [_out(n) for n in found["items"]], "count": found["count"]}


@router.get("/notifications/unread-count", response=UnreadOut, summary="未读通知数")
def unread_count(request):
    return {"unread": inbox.unread_count(request.user)}


@router.post(
    "/notifications/read",
    response={200: MarkedOut, 403: ErrorOut, 422: ProblemsOut},
    summary="把自己的若干通知标为已读（他人的编号被忽略）",
)
def mark_read(request, body: IdsIn):
    marked = inbox.mark_read(request.user, body.ids)
    return {"marked": marked, "unread": inbox.unread_count(request.user)}


@router.post("/notifications/read-all", response=MarkedOut, summary="把自己的全部通知标为已读")
def mark_all_read(request):
    marked = inbox.mark_all_read(request.user)
    return {"marked": marked, "unread": inbox.unread_count(request.user)}
