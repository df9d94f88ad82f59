"""How wide text shows where each character has a fixed width: a terminal, an Excel column, a grid's line."""

from __future__ import annotations

import unicodedata


def text_width(text: str) -> int:
    """The widths of a Latin letter the text takes: two for each Chinese character or full-width punctuation."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
