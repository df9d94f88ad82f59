"""The i18n catalog: every user-facing string, in 简体中文 (default) and English.

Each area keeps its strings in its own module here (common, home, ...), as two dicts ZH and EN with the same
keys. `t(key, **values)` looks a key up in the current language and fills `{placeholders}`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import streamlit as st

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


def current_language() -> str:
    """The language the user picked (zh by default)."""
    lang = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """The text for a key in the current language, with {placeholders} filled in."""
    text = CATALOGS[current_language()].get(key)
    if text is None:
        raise KeyError(f"missing i18n key {key!r}")
    return text.format(**values) if values else text


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
