"""A forecast warning (a code plus parameters for the UI to translate), kept apart from the model stack so a
published forecast and a budget version can store the warnings of their fit and read them back cheaply."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

PLAN_WARNINGS = (
    "short_history",
    "no_yearly_wave",
    "no_backtest",
    "launch_ramp_trimmed",
    "missing_days",
    "event_without_history",
)
"""The warnings of a fit that say its volume is less sure (no yearly season, no backtest, days missing or left
out, an event never seen): a plan keeps them from the forecast it starts from, and a published forecast's track
record shows them. Left out: the outage days set aside (the forecast is not weaker for them), uncalibrated bands
(a plan uses the forecast, not its bands) and a provisional calendar (the what-if page names the years itself)."""


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
