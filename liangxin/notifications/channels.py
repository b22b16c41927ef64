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


def _post(url: str, body: bytes, content_type: str) -> bytes:
    # the channel's URL was checked to be http(s) when it was configured (channel_setup.clean)
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"服务返回 HTTP {exc.code}{_refusal(exc.read())}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendFailed(f"无法连接：{getattr(exc, 'reason', exc)}") from exc


def _refusal(raw: bytes) -> str:
    """The code and message of a refusal, as the robots (errcode, errmsg) and 阿里云 (Code, Message) give them."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return ""
    if not isinstance(answer, dict):
        return ""
    code, text = answer.get("errcode", answer.get("Code")), answer.get("errmsg", answer.get("Message", ""))
    return f"：{code} {text}".rstrip() if code is not None else ""


def _post_json(url: str, payload: dict) -> bytes:
    return _post(url, json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=utf-8")


def _robot_answer(raw: bytes) -> None:
    """企业微信 and 钉钉 robots answer {"errcode": 0} on success, otherwise the code and its message."""
    try:
        answer = json.loads(raw or b"{}")
    except ValueError as exc:
        raise SendFailed("服务的应答不是 JSON") from exc
    if answer.get("errcode", 0) != 0:
        raise SendFailed(f"服务拒绝{_refusal(raw)}")


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


def _percent(value: str) -> str:
    """阿里云's percent-encoding: RFC 3986, UTF-8, only letters, digits and -_.~ left as they are."""
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(secret: str, params: dict[str, str]) -> str:
    """阿里云 RPC signature (SignatureVersion 1.0): HMAC-SHA1, keyed by the AccessKeySecret and "&", of
    "POST&%2F&" and the percent-encoded query of the sorted parameters; base64."""
    query = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"POST&{_percent('/')}&{_percent(query)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _template_text(text: str) -> str:
    # a template variable holds at most 35 characters (阿里云's rule for notification templates)
    return text if len(text) <= 35 else text[:34] + "…"


def send_sms(base: str, secret: list[str], message: Message) -> None:
    """阿里云短信 SendSms at the channel's base URL (https://dysmsapi.aliyuncs.com, or a gateway speaking its
    protocol): the district's approved sign name and template (settings), the message as the template's
    variables title, text and link."""
    if not settings.NOTIFY_SMS_ENABLED:
        raise SendFailed("短信渠道未启用（设置 LIANGXIN_NOTIFY_SMS_ENABLED）")
    if not settings.NOTIFY_SMS_TEMPLATE:
        raise SendFailed("未设置短信模板代码（LIANGXIN_SMS_TEMPLATE）")
    key_id, key_secret, numbers = secret
    variables = {"title": message.title, "text": _template_text(message.text), "link": message.link}
    params = {
        "AccessKeyId": key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": ",".join(n.strip() for n in numbers.split(",") if n.strip()),
        "RegionId": "cn-hangzhou",
        "SignName": settings.NOTIFY_SMS_SIGN_NAME,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": secrets.token_hex(16),
        "SignatureVersion": "1.0",
        "TemplateCode": settings.NOTIFY_SMS_TEMPLATE,
        "TemplateParam": json.dumps(variables, ensure_ascii=False),
        "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "Version": "2017-05-25",
    }
    params["Signature"] = aliyun_signature(key_secret, params)
    body = urllib.parse.urlencode(params, quote_via=urllib.parse.quote).encode()
    raw = _post(base, body, "application/x-www-form-urlencoded; charset=utf-8")
    try:
        answer = json.loads(raw or b"{}")
    except ValueError as exc:
        raise SendFailed("短信服务的应答不是 JSON") from exc
    if answer.get("Code") != "OK":
        raise SendFailed(f"短信服务拒绝{_refusal(raw) or '：应答中没有 Code'}")


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
        "短信（阿里云短信接口）",
        ("AccessKeyId", "AccessKeySecret", "手机号（多个用逗号分隔）"),
        send_sms,
        "https://dysmsapi.aliyuncs.com",
    ),
):
    CHANNEL_KINDS.add(_kind)
