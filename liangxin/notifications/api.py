"""API of the notification centre (the user's own notifications, the unread count, marking read) and of
the channels notifications are sent on through (list, add, switch on or off, test, the delivery log)."""

from datetime import datetime

from ninja import Router, Schema
from pydantic import Field

from liangxin.core import jsonout
from liangxin.core.schemas import ErrorOut, Id, Page, ProblemsOut, page
from liangxin.notifications import access, channel_setup, inbox
from liangxin.notifications.models import Channel, Delivery, Notification

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
    ids: list[Id] = Field(max_length=1000)


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


class ChannelOut(Schema):
    id: int
    department: str | None
    kind: str
    kind_label: str
    url: str
    secret: str  # masked
    enabled: bool


class ChannelIn(Schema):
    department: str
    kind: str
    url: str
    secret: str = ""  # one part a line: see the kind's secret parts


class MyChannelIn(Schema):
    kind: str
    url: str
    secret: str = ""  # one part a line: see the kind's secret parts


class EnabledIn(Schema):
    enabled: bool


class DeliveryOut(Schema):
    id: int
    kind: str
    text: str
    status: str
    status_label: str
    attempts: int
    error: str
    created_at: datetime
    sent_at: datetime | None


def _channel_out(c: Channel) -> dict:
    return {
        "id": c.pk,
        "department": c.department.code if c.department else None,
        "kind": c.kind,
        "kind_label": c.kind_label,
        "url": c.base_url,
        "secret": c.secret_masked,
        "enabled": c.enabled,
    }


def _delivery_out(d: Delivery) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "text": d.text,
        "status": d.status,
        "status_label": d.get_status_display(),
        "attempts": d.attempts,
        "error": d.error,
        "created_at": d.created_at,
        "sent_at": d.sent_at,
    }


@router.get(
    "/notifications/channels",
    response={200: Page[ChannelOut], 403: ErrorOut, 422: ProblemsOut},
    summary="通知渠道（可按部门代码筛选；密钥脱敏）",
)
def list_channels(request, department: str = "", limit: int = 100, offset: int = 0):
    channels = access.channels_for(request.user)
    found = page(channels.filter(department__code=department) if department else channels, limit, offset)
    return {"items": [_channel_out(c) for c in found["items"]], "count": found["count"]}


@router.post(
    "/notifications/channels",
    response={201: ChannelOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="为部门新增通知渠道（密钥逐行给出，加密保存）",
)
def create_channel(request, body: ChannelIn):
    department = channel_setup.department_of(body.department)
    channel = channel_setup.add(request.user, department, body.kind, body.url, body.secret)
    return jsonout.response(_channel_out(channel), status=201)


@router.get(
    "/notifications/my-channels",
    response={200: Page[ChannelOut], 403: ErrorOut, 422: ProblemsOut},
    summary="我的通知渠道（发给本人的通知也发到这里；密钥脱敏）",
)
def list_my_channels(request, limit: int = 100, offset: int = 0):
    found = page(access.own_channels(request.user), limit, offset)
    return {"items": [_channel_out(c) for c in found["items"]], "count": found["count"]}


@router.post(
    "/notifications/my-channels",
    response={201: ChannelOut, 403: ErrorOut, 422: ProblemsOut},
    summary="为自己新增通知渠道（如本人邮箱、手机短信；密钥逐行给出，加密保存）",
)
def create_my_channel(request, body: MyChannelIn):
    channel = channel_setup.add(request.user, request.user, body.kind, body.url, body.secret)
    return jsonout.response(_channel_out(channel), status=201)


@router.post(
    "/notifications/channels/{channel_id}/enabled",
    response={200: ChannelOut, 403: ErrorOut, 404: ErrorOut},
    summary="启用或停用通知渠道（部门的或自己的）",
)
def set_channel_enabled(request, channel_id: int, body: EnabledIn):
    channel = access.channel_or_404(request.user, channel_id)
    return _channel_out(channel_setup.set_enabled(request.user, channel, body.enabled))


@router.post(
    "/notifications/channels/{channel_id}/test",
    response={202: DeliveryOut, 403: ErrorOut, 404: ErrorOut},
    summary="向通知渠道（部门的或自己的）发送测试消息（排队发送；结果见发送记录）",
)
def test_channel(request, channel_id: int):
    channel = access.channel_or_404(request.user, channel_id)
    return jsonout.response(_delivery_out(channel_setup.send_test(request.user, channel)), status=202)


@router.get(
    "/notifications/deliveries",
    response={200: Page[DeliveryOut], 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut},
    summary="通知渠道的发送记录（已发送、失败及原因；channel 为渠道编号，可为自己的渠道；不给出则列出全部部门渠道的）",
)
def list_deliveries(request, channel: int | None = None, limit: int = 100, offset: int = 0):
    found = page(access.deliveries_for(request.user, channel), limit, offset)
    return {"items": [_delivery_out(d) for d in found["items"]], "count": found["count"]}
