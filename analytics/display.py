"""How text shows: how wide where each character has a fixed width (a terminal, an Excel column, a grid's line),
and English counted nouns agreeing with their number."""

from __future__ import annotations

import re
import unicodedata

_COUNTED_NOUN = re.compile(r"\b(\d[\d,]*)((?: [A-Za-z/-]+)+)\(s\)")
"""English text writes a counted noun as 'noun(s)' after its number ('{n} blank row(s)'); `counted_nouns` then
writes '1 blank row' or '3 blank rows'."""


def text_width(text: str) -> int:
    """The widths of a Latin letter the text takes: two for each Chinese character or full-width punctuation."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes wrapped at `width` (in `text_width` units) the way the data grid wraps it: at
    spaces only, a piece without spaces wider than a line (a run of Chinese) cut where the line is full."""
    lines, used = 1, 0
    for word in text.split(" "):
        size = text_width(word)
        if used and used + 1 + size > width:  # does not fit after a space: the next line
            lines, used = lines + 1, 0
        elif used:
            size += 1
        while size > width:
            lines, size = lines + 1, size - width
        used += size
    return lines


def counted_nouns(text: str) -> str:
    """English text with each 'noun(s)' after a number made singular (after 1) or plural."""
    return _COUNTED_NOUN.sub(_plural, text)


def _plural(match: re.Match) -> str:
    number, words = match.group(1), match.group(2)
    return f"{number}{words}{'' if number == '1' else 's'}"
