"""The contact channels the product knows, and how each is staffed.

Channel codes are stored in the database; the UI shows their names from the i18n catalog
(电话 phone, 在线 online chat, 微信 WeChat, 邮件 email, 工单 web/app ticket).
"""

CHANNELS: tuple[str, ...] = ("phone", "online", "wechat", "email", "ticket")


def in_channel_order(codes) -> list[str]:
    """The given channel codes in the product's order (电话, 在线, 微信, 邮件, 工单), unknown codes after them
    by name: the order of every table, chart and export, never the alphabet of the codes."""
    present = set(codes)
    return [c for c in CHANNELS if c in present] + sorted(c for c in present if c not in CHANNELS)


QUEUED = ("phone",)
"""Answered live from a queue: staffed with Erlang C (or Erlang A with abandonment)."""

CONCURRENT = ("online", "wechat")
"""Live chat where one agent serves several conversations at once."""

DEFAULT_CONCURRENCY = {"online": 2.0, "wechat": 2.5}
"""Chats one agent serves at once (not in the targets table yet)."""

ASYNC = ("email", "ticket")
"""Answered later within a response-time target: staffed by workload with backlog carried over."""
