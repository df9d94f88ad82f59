"""Helpers for page tests: start the app as a user would, read everything the page shows."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ui.i18n import CATALOGS, counted_nouns

APP = Path(__file__).resolve().parent.parent / "app.py"

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")

ALLOWED_IN_ENGLISH = ("简体中文", "(万)", "调休")
"""Chinese that stays in English mode: the language's own name, 万 named once as the unit, and domain terms."""


def start_app(timeout: float = 120) -> AppTest:
    """Run the entrypoint, as a browser would, and return the AppTest."""
    return AppTest.from_file(str(APP), default_timeout=timeout).run()


def set_language(at: AppTest, lang: str) -> AppTest:
    """Pick the language in the frame's sidebar switch and rerun."""
    radio = next(r for r in at.sidebar.radio if r.key == "_lang_widget")
    return radio.set_value(lang).run()


@contextlib.contextmanager
def served_downloads() -> Iterator[dict[str, bytes]]:
    """Within the block, record what each download button would serve, by file name (AppTest shows a button's
    label but not its file); a file written on the click (data given as a callable) is written here."""
    served: dict[str, bytes] = {}
    keep, keep_deferred = MemoryMediaFileStorage.load_and_get_id, MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        served[filename] = path_or_data
        return keep(self, path_or_data, mimetype, kind, filename)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **options):
        served[file_name] = data_callable()
        return keep_deferred(self, data_callable, mimetype, coordinates, file_name, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
        patch.setattr(MediaFileManager, "add_deferred", record_deferred)
        yield served


def page_text(at: AppTest) -> str:
    """Everything the page's elements carry, as UTF-8 text (labels, values, captions, options, links)."""
    chunks = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            chunks.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(chunks)


def chinese_lines(text: str) -> list[str]:
    """Lines of text that still hold Chinese characters once the allowed terms are taken out."""
    offending = []
    for line in text.splitlines():
        stripped = line
        for allowed in ALLOWED_IN_ENGLISH:
            stripped = stripped.replace(allowed, "")
        if CJK.search(stripped):
            offending.append(line.strip())
    return offending


def chinese_in_english_mode(at: AppTest) -> list[str]:
    """Lines of page text that still hold Chinese characters once the allowed terms are taken out."""
    return chinese_lines(page_text(at))


def said(lang: str, key: str, **values) -> str:
    """What `t(key, **values)` shows in `lang`: the catalog text filled in, English plurals chosen."""
    text = CATALOGS[lang][key].format(**values)
    return counted_nouns(text) if lang == "en" else text


def abandon_moves(texts: list[str], catalog: dict) -> list[str]:
    """The levers the what-if levers' abandon-rate sentence among ``texts`` names, each checked to move up
    ('1.4% → 1.8%')."""
    head, tail = catalog["whatif.levers.abandon"].split("{rows}")
    found = [text for text in texts if text.startswith(head) and text.endswith(tail)]
    assert len(found) == 1, texts
    levers = []
    for move in found[0][len(head) : -len(tail)].split(catalog["whatif.levers.abandon_separator"]):
        matched = re.fullmatch(r"(.+) (\d+\.\d)% → (\d+\.\d)%(?:（.+）| \(.+\))?", move)
        assert matched and float(matched[2]) < float(matched[3]), move
        levers.append(matched[1])
    return levers
