"""The kinds of channel a notification is also sent through, each with its Chinese label, the parts of
its secret and its sender. Every sender takes the channel's base URL, so a private deployment (政务微信
on the government network) and the tests' local receiver can stand in for the public service.

A message is a title (the notification's kind), a short Chinese text and a link back: never personal data.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

from liangxin.core.codes import Registry

TIMEOUT_SECONDS = 10


class SendFailed(Exception):
    """The service refused the message or could not be reached; the message says why, in Chinese."""


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    link: str

    def markdown(self) -> str:
        link = f"\n[查看详情]({self.link})" if self.link else ""
        return f"**{self.title}**\n{self.text}{link}"

    def plain(self) -> str:
        return f"{self.title}：{self.text}" + (f" {self.link}" if self.link else "")


@dataclass(frozen=True)
class ChannelKind:
    code: str
    label: str
    secret_parts: tuple[str, ...]  # what the secret holds, one line each (read from standard input)
    send: Callable[[str, list[str], Message], None]  # (base URL, secret parts, message)
    url_hint: str


def _post_json(url: str, payload: dict, headers: dict | None = None) -> bytes:
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    # the channel's URL was checked to be http(s) when it was configured (channel_setup.clean)
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"服务返回 HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendFailed(f"无法连接：{getattr(exc, 'reason', exc)}") from exc


def _robot_answer(raw: bytes) -> None:
    """企业微信 and 钉钉 robots answer {"errcode": 0} on success, otherwise the code and its message."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError as exc:
        raise SendFailed("服务的应答不是 JSON") from exc
    if answer.get("errcode", 0) != 0:
        raise SendFailed(f"服务拒绝：{answer.get('errcode')} {answer.get('errmsg', '')}".strip())


def send_wecom(base: str, secret: list[str], message: Message) -> None:
    """企业微信 group robot (and 政务微信, the same protocol on its own server): the webhook key in the URL."""
    url = f"{base.rstrip('/')}/cgi-bin/webhook/send?{urllib.parse.urlencode({'key': secret[0]})}"
    _robot_answer(_post_json(url, {"msgtype": "markdown", "markdown": {"content": message.markdown()}}))


def dingtalk_sign(timestamp: str, secret: str) -> str:
    """钉钉 加签: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64 (url-encoded by the caller)."""
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def send_dingtalk(base: str, secret: list[str], message: Message) -> None:
    token, signing = secret
    timestamp = str(int(time.time() * 1000))
    query = urllib.parse.urlencode(
        {"access_token": token, "timestamp": timestamp, "sign": dingtalk_sign(timestamp, signing)}
    )
    payload = {"msgtype": "markdown", "markdown": {"title": message.title, "text": message.markdown()}}
    _robot_answer(_post_json(f"{base.rstrip('/')}/robot/send?{query}", payload))


def send_email(base: str, secret: list[str], message: Message) -> None:
    """To the addresses of a mailto: URL, through Django's mail framework (the SMTP settings)."""
    addresses = [a.strip() for a in base.removeprefix("mailto:").split(",") if a.strip()]
    try:
        send_mail(f"[两新平台] {message.title}", message.plain(), None, addresses)
    except OSError as exc:
        raise SendFailed(f"邮件未能发出：{exc}") from exc


def sms_signature(secret: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The SMS adapter's request signature: HMAC-SHA256 over the method, path, time, nonce and the body's
    SHA-256, base64 (the shape of 阿里云/腾讯云 signed APIs; a provider's own adapter replaces it)."""
    canonical = f"POST\n{path}\n{timestamp}\n{nonce}\n{hashlib.sha256(body).hexdigest()}"
    return base64.b64encode(hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).digest()).decode()


def send_sms(base: str, secret: list[str], message: Message) -> None:
    if not settings.NOTIFY_SMS_ENABLED:
        raise SendFailed("短信渠道未启用（设置 LIANGXIN_NOTIFY_SMS_ENABLED）")
    key_id, key_secret, numbers = secret
    payload = {"phone_numbers": [n.strip() for n in numbers.split(",") if n.strip()], "text": message.plain()}
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
    signature = sms_signature(key_secret, urllib.parse.urlsplit(base).path or "/", timestamp, nonce, body)
    headers = {
        "X-Lx-Key-Id": key_id,
        "X-Lx-Timestamp": timestamp,
        "X-Lx-Nonce": nonce,
        "X-Lx-Signature": signature,
    }
    raw = _post_json(base, payload, headers)
    try:
        answer = json.loads(raw or b"{}")
    except ValueError as exc:
        raise SendFailed("短信服务的应答不是 JSON") from exc
    if answer.get("code", "OK") != "OK":
        raise SendFailed(f"短信服务拒绝：{answer.get('code')} {answer.get('message', '')}".strip())


CHANNEL_KINDS: Registry[ChannelKind] = Registry("通知渠道类型")
for _kind in (
    ChannelKind("wecom", "企业微信群机器人", ("Webhook key",), send_wecom, "https://qyapi.weixin.qq.com"),
    ChannelKind(
        "dingtalk",
        "钉钉自定义机器人",
        ("access_token", "加签密钥"),
        send_dingtalk,
        "https://oapi.dingtalk.com",
    ),
    ChannelKind("govwecom", "政务微信群机器人", ("Webhook key",), send_wecom, "政务微信服务器地址"),
    ChannelKind("email", "电子邮件", (), send_email, "mailto:邮箱地址（多个用逗号分隔）"),
    ChannelKind(
        "sms",
        "短信",
        ("AccessKeyId", "AccessKeySecret", "手机号（多个用逗号分隔）"),
        send_sms,
        "短信服务接口地址",
    ),
):
    CHANNEL_KINDS.add(_kind)
