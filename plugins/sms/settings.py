"""The `[sms]` section of a profile: the gateway's address and request shape, the length limit, the rate.

The usual Chinese SMS platforms differ only in shape — a JSON body or form fields, what the number and the
text are called, fixed fields (an account, a sign name 签名), where the answer says "ok" and gives the message
id — so the shape is configuration, e.g.::

    [sms]
    url = "https://sms.example.com/api/send"
    format = "json"                 # or "form"
    number_field = "mobile"
    text_field = "content"
    fixed = { account = "court01", sign = "【某某法院】" }
    key_field = "apikey"            # the secret goes into this field (key_header: into this header instead)
    key_env = "LIANLUO_SMS_KEY"     # or key_file = "/etc/lianluo/sms.key" (0600)
    ok_path = "code"                # where the answer says whether it was accepted …
    ok_value = "0"                  # … and the value that means yes
    id_path = "data.msgid"          # where the message id is
    max_length = 70                 # characters per message (70 for one Chinese SMS)
    long = "split"                  # or "refuse": a longer text is split into numbered parts, or refused
    max_parts = 5
    per_minute = 60                 # at most this many requests a minute
    receipts_url = ""               # where delivery receipts are fetched (`lianluo sms receipts`)
"""

from __future__ import annotations

import attrs

from lianluo.kernel import ProfileError, read_secret

KEY_ENV = "LIANLUO_SMS_KEY"


@attrs.frozen
class Settings:
    url: str
    format: str = "json"
    number_field: str = "mobile"
    text_field: str = "content"
    fixed: tuple[tuple[str, str], ...] = ()
    key_field: str = ""
    key_header: str = ""
    key: str = attrs.field(default="", repr=False)
    ok_path: str = "code"
    ok_value: str = "0"
    id_path: str = "msgid"
    max_length: int = 70
    long: str = "split"
    max_parts: int = 5
    per_minute: int = 60
    timeout: float = 10.0
    receipts_url: str = ""
    receipt_id_path: str = "msgid"
    receipt_status_path: str = "status"
    receipts_path: str = "receipts"


def load(params) -> Settings | None:
    """The settings, or None without `[sms] url` (the channel is then idle). Errors name `sms.KEY`."""
    url = params.str("url", "")
    key = read_secret(params, "key", KEY_ENV)
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise ProfileError(f"配置参数 sms.url 应以 http:// 或 https:// 开头，实为 {url!r}")
    shape = params.str("format", "json")
    if shape not in ("json", "form"):
        raise ProfileError(f"配置参数 sms.format 应为 json 或 form，实为 {shape!r}")
    long = params.str("long", "split")
    if long not in ("split", "refuse"):
        raise ProfileError(f"配置参数 sms.long 应为 split 或 refuse，实为 {long!r}")
    max_length = params.int("max_length", 70)
    if max_length < 10:
        raise ProfileError("配置参数 sms.max_length 应不少于 10")
    fixed = params.table("fixed", {})
    return Settings(
        url=url, format=shape, number_field=params.str("number_field", "mobile"),
        text_field=params.str("text_field", "content"),
        fixed=tuple(sorted((str(k), str(v)) for k, v in fixed.items())),
        key_field=params.str("key_field", ""), key_header=params.str("key_header", ""), key=key,
        ok_path=params.str("ok_path", "code"), ok_value=str(params.get("ok_value", "0")),
        id_path=params.str("id_path", "msgid"), max_length=max_length, long=long,
        max_parts=params.int("max_parts", 5) or 1, per_minute=params.int("per_minute", 60),
        timeout=float(params.int("timeout", 10) or 10), receipts_url=params.str("receipts_url", ""),
        receipt_id_path=params.str("receipt_id_path", "msgid"),
        receipt_status_path=params.str("receipt_status_path", "status"),
        receipts_path=params.str("receipts_path", "receipts"))
