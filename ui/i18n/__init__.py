"""The i18n catalog: every user-facing string, in 简体中文 (default) and English.

Each area keeps its strings in its own module here (common, home, ...), as two dicts ZH and EN with the same
keys. `t(key, **values)` looks a key up in the current language and fills `{placeholders}`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import streamlit as st

from analytics.display import counted_nouns

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_KEY = "lang"
"""The plain session_state key holding the language; it survives page switches."""


def _load_catalogs() -> dict[str, dict[str, str]]:
    catalogs: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for lang, table in (("zh", module.ZH), ("en", module.EN)):
            clash = catalogs[lang].keys() & table.keys()
            if clash:
                raise KeyError(f"i18n keys defined twice: {sorted(clash)}")
            catalogs[lang].update(table)
    return catalogs


CATALOGS = _load_catalogs()


_SPOKEN: ContextVar[str | None] = ContextVar("spoken_language", default=None)
"""The language set by `speaking`, outside a page run; None on a page (the user's pick in session state)."""


def spoken_language() -> str | None:
    """The language `speaking` set, or None on a page (where the session state holds the user's picks)."""
    return _SPOKEN.get()


def current_language() -> str:
    """The language the user picked (zh by default), or the one `speaking` set."""
    lang = spoken_language() or st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """`t`, `t_or` and the ui formatters speak `lang` inside the block, with no session state: the command
    line reuses the pages' texts and table builders this way (`with speaking("en"): ...`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    token = _SPOKEN.set(lang)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def t(key: str, **values) -> str:
    """The text for a key in the current language, with {placeholders} filled in (and English plurals chosen)."""
    return text_in(current_language(), key, **values)


def text_in(lang: str, key: str, **values) -> str:
    """`t` in a given language: for the HTML report and the CLI, outside a page run."""
    text = CATALOGS[lang].get(key)
    if text is None:
        raise KeyError(f"missing i18n key {key!r}")
    if not values:
        return text
    text = text.format(**values)
    return counted_nouns(text) if lang == "en" else text


def t_or(key: str, fallback: str) -> str:
    """The text for a key if the catalog has one, else the fallback (for data values such as categories)."""
    return CATALOGS[current_language()].get(key, fallback)


def labeller(prefix: str, options) -> Callable[[str], str]:
    """A widget format_func for options that are catalog key suffixes: labeller("period.", PERIOD_PRESETS).

    The labels are resolved now, in the current language, into a plain dict whose .get pickles (session state
    must stay serializable) and needs no session state when the widget formats a value later.
    """
    return {option: t(f"{prefix}{option}") for option in options}.get


def lang_key(name: str) -> str:
    """A widget key that changes with the language: `lang_key("_period")` -> "_period_zh".

    Right after a language switch the browser can echo an option's old label back for a widget whose
    format_func changed; a fresh key per language starts the widget clean instead (seen in Chromium on 1.67).
    """
    return f"{name}_{current_language()}"


def lang_keys(name: str) -> list[str]:
    """The widget keys of `name` in every language, to clear a widget whichever language drew it."""
    return [f"{name}_{lang}" for lang in LANGUAGES]
