"""The i18n catalog: both languages complete, Chinese in Chinese, English in English."""

from tests.pages import ALLOWED_IN_ENGLISH, CJK
from ui.i18n import CATALOGS

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
