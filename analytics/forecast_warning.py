"""A forecast warning (a code plus parameters for the UI to translate), kept apart from the model stack so a
budget version can store the warnings of the forecast it was drafted on and read them back cheaply."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ForecastWarning:
    """Something the user should know about a forecast, as a code plus parameters for the UI to translate."""

    code: str
    params: dict = field(default_factory=dict)


def warnings_to_json(warnings: list[tuple[str, ForecastWarning]]) -> str | None:
    """(channel, warning) pairs as JSON text for a database column; None when there are none."""
    if not warnings:
        return None
    return json.dumps(
        [{"channel": channel, "code": w.code, "params": w.params} for channel, w in warnings],
        ensure_ascii=False,
    )


def warnings_from_json(text: str | None) -> list[tuple[str, ForecastWarning]]:
    """The pairs warnings_to_json wrote (none for NULL)."""
    return [
        (item["channel"], ForecastWarning(item["code"], item["params"])) for item in json.loads(text or "[]")
    ]
