"""The `[email]` section of a profile: where the SMTP server is, how to log in, who the mail is from."""

from __future__ import annotations

import attrs

from lianluo.kernel import ProfileError, read_secret

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
PASSWORD_ENV = "LIANLUO_SMTP_PASSWORD"


@attrs.frozen
class Settings:
    host: str
    port: int
    security: str
    sender: str
    sender_name: str = ""
    username: str = ""
    password: str = attrs.field(default="", repr=False)  # never in a repr, a log or an error
    timeout: float = 30.0
    ca_file: str = ""

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def load(params) -> Settings | None:
    """The settings, or None when the profile has no `[email] host` (the channel is then idle: every notice
    goes to another channel or stays in the outbox). Errors name `email.KEY`."""
    host = params.str("host", "")
    if not host:
        read_secret(params, "password", PASSWORD_ENV)  # a password in the profile is refused even so
        return None
    security = params.str("security", "starttls")
    if security not in SECURITY:
        raise ProfileError(f"配置参数 email.security 应为 {'、'.join(SECURITY)} 之一，实为 {security!r}")
    sender = params.str("sender", "")
    if "@" not in sender:
        raise ProfileError("配置参数 email.sender 应为发件邮箱地址（如 lianluo@court.gov.cn）")
    username = params.str("username", "")
    password = read_secret(params, "password", PASSWORD_ENV)
    timeout = params.int("timeout", 30)
    return Settings(host=host, port=params.int("port", DEFAULT_PORTS[security]) or DEFAULT_PORTS[security],
                    security=security, sender=sender, sender_name=params.str("sender_name", ""),
                    username=username, password=password, timeout=float(timeout or 30),
                    ca_file=params.str("ca_file", ""))
