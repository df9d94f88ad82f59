"""A forecast's warnings in the UI language, for the forecast page and for the plans on a forecast fitted now
or published (what-if, review, report, a budget version). No model stack imported here: a page that only reads
a published forecast stays light."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st

from analytics import events as event_store
from ui.data import cursor
from ui.format import listing
from ui.i18n import t, t_or


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _events(version: str) -> pd.DataFrame:
    return event_store.list_events(cursor())


def plan_warning_texts(warnings: Iterable, version: str) -> list[str]:
    """A fit's (channel, ForecastWarning) pairs in the UI language, every channel's, events named as the
    database has them now."""
    return warning_texts(warnings, event_labeller(_events(version)))


def event_labeller(events_frame: pd.DataFrame) -> Callable[[str], str]:
    """A function naming an event key: a user event's own name, else the catalog's name (618, 双11, …)."""

    def label(key: str) -> str:
        named = events_frame.loc[events_frame["event_key"] == key, "name"].dropna()
        return named.iloc[0] if len(named) else t_or(f"event.{key}", key)

    return label


def warning_texts(
    warnings: Iterable, event_label: Callable[[str], str], channel: str | None = None
) -> list[str]:
    """(channel, ForecastWarning) pairs in the UI language: every channel's, or with ``channel`` that channel's
    and the calendar one.

    A warning that several channels share word for word is one line naming them all (电话、在线、微信：…), so a
    short history gives one line per kind of warning, not one per channel.
    """
    shared: dict[tuple, tuple[str, dict, list[str]]] = {}
    for warning_channel, warning in warnings:
        if channel is not None and warning_channel != channel and warning.code != "provisional_calendar":
            continue
        params = {k: listing(map(str, v)) if isinstance(v, list) else v for k, v in warning.params.items()}
        if "event_key" in params:
            params["event"] = event_label(params["event_key"])
        key = (warning.code, tuple(sorted((name, str(value)) for name, value in params.items())))
        channels = shared.setdefault(key, (warning.code, params, []))[2]
        if warning_channel not in channels:
            channels.append(warning_channel)
    return [
        t(f"forecast.warning.{code}", **params, channel=listing([t(f"channel.{c}") for c in channels]))
        for code, params, channels in shared.values()
    ]
