"""The i18n catalog: both languages complete, Chinese in Chinese, English in English."""

import re

from tests.pages import ALLOWED_IN_ENGLISH, CJK
from ui.i18n import CATALOGS, counted_nouns

# Chinese strings that are fine without Chinese characters: numbers, brand and metric names used as is.
LANGUAGE_NEUTRAL = {"618", "CSAT", "—"}


def test_both_languages_have_the_same_keys():
    assert CATALOGS["zh"].keys() == CATALOGS["en"].keys()


def test_english_strings_hold_no_chinese():
    offending = {}
    for key, text in CATALOGS["en"].items():
        stripped = text
        for allowed in ALLOWED_IN_ENGLISH:
            stripped = stripped.replace(allowed, "")
        if CJK.search(stripped):
            offending[key] = text
    assert offending == {}


def test_chinese_strings_are_chinese():
    offending = {k: v for k, v in CATALOGS["zh"].items() if not CJK.search(v) and v not in LANGUAGE_NEUTRAL}
    assert offending == {}


def test_placeholders_match_between_languages():
    import string

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    mismatched = [k for k in CATALOGS["zh"] if fields(CATALOGS["zh"][k]) != fields(CATALOGS["en"][k])]
    assert mismatched == []


def test_english_counted_nouns_agree_with_their_number():
    assert counted_nouns("1 blank row(s) skipped") == "1 blank row skipped"
    assert counted_nouns("3 total/subtotal row(s) dropped (row 4)") == "3 total/subtotal rows dropped (row 4)"
    assert (
        counted_nouns("phone: 1,204 launch ramp-up day(s) left out")
        == "phone: 1,204 launch ramp-up days left out"
    )
    assert counted_nouns("Problems in 0 row(s)") == "Problems in 0 rows"
    assert counted_nouns("Handle time (s)") == "Handle time (s)"  # a unit, not a counted noun


def test_every_counted_noun_follows_its_number():
    """'(s)' is for counts only: each one in English comes right after a {placeholder} and its words."""
    for key, text in CATALOGS["en"].items():
        for found in re.finditer(r"\w\(s\)", text):
            before = text[: found.end()]
            assert re.search(r"\{\w+\}(?: [A-Za-z/-]+)+\(s\)$", before), key


def test_messages_name_pages_as_the_sidebar_does():
    """A message that sends the user to a page (or a page's tab) names it as the sidebar (or the tab) does: "the
    Data page" in some messages, while the sidebar said "Data" and the page title "Data import"."""
    for lang, pattern in (
        ("en", r"the ((?:[A-Z][\w&-]*)(?: [\w&-]+)*?) page\b"),
        ("zh", r"「([^」]+)」(?:页|页面)"),
    ):
        pages = {text for key, text in CATALOGS[lang].items() if key.startswith("nav.") or ".tab." in key}
        named = {(key, match) for key, text in CATALOGS[lang].items() for match in re.findall(pattern, text)}
        assert named, lang  # the pattern still finds the messages it is meant to check
        assert {(key, page) for key, page in named if page not in pages} == set(), lang
