"""The frame every page starts with: page config, translated navigation, language and unit switches,
presentation mode, the first-start demo build, the demo banner and the data-freshness line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from ui import data
from ui.format import MONEY_UNIT_KEY, MONEY_UNITS, money_unit
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES, current_language, labeller, lang_key, t

PRESENTATION_KEY = "presentation"
_PRESENTATION_WIDGET = "_presentation_widget"
_FLASH_KEY = "_flash"
"""A message key to toast once on the next run (after a rerun that changed data)."""
_CONFIRM_EMPTY_KEY = "_confirm_start_empty"

_ROOT = Path(__file__).resolve().parent.parent

# (script path relative to the app root, i18n key, icon). A page appears once its script exists.
PAGES: list[tuple[str, str, str]] = [
    ("app.py", "nav.home", ":material/dashboard:"),
    ("pages/forecast.py", "nav.forecast", ":material/trending_up:"),
    ("pages/whatif.py", "nav.whatif", ":material/tune:"),
    ("pages/cost_structure.py", "nav.cost_structure", ":material/pie_chart:"),
    ("pages/budget.py", "nav.budget", ":material/account_balance:"),
    ("pages/evaluation.py", "nav.evaluation", ":material/radar:"),
    ("pages/data_import.py", "nav.data_import", ":material/upload_file:"),
]

_LANGUAGE_NAMES = {"zh": "简体中文", "en": "English"}

_LAYOUT_CSS = """
<style>
  @media (min-width: 1000px) and (max-width: 1500px) {  /* laptops, projectors: width to tables, not margins */
    [data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
    section[data-testid="stSidebar"][data-collapsed="false"] { max-width: 240px; }  /* can still be dragged narrower */
  }
</style>
"""

_PRESENTATION_CSS = """
<style>
  [data-testid="stHeader"], [data-testid="stToolbar"], footer { display: none; }
  [data-testid="stMainBlockContainer"] { padding-top: 1.2rem; max-width: 100%; }
  [data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
  [data-testid="stMain"] button, [data-testid="stMain"] [data-testid="stCaptionContainer"],
  [data-testid="stMain"] [data-testid="stMetricDelta"] {
    font-size: 24px !important;
  }
  [data-testid="stMain"] button { height: auto !important; min-height: 2.4em; padding: 0.25em 0.9em !important; }
  [data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 26px !important; }
  [data-testid="stMain"] [data-testid="stMetricValue"],
  [data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: clamp(28px, 2.5vw, 52px) !important; }
  /* Four tiles in a row at 1366 px: values scale with the screen, and words wrap instead of ending in "…". */
  [data-testid="stMain"] [data-testid="stMetric"] * { white-space: normal !important; overflow: visible !important; }
  [data-testid="stMain"] h1 { font-size: 56px !important; }
  [data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 38px !important; }
  [data-testid="stMain"] h4 { font-size: 30px !important; }  /* table and chart titles: above the 24 px text */
  /* Sliders: the 24 px value sat on the thumb and the track; lift it above the track, below a roomier label. */
  [data-testid="stMain"] [data-testid="stSlider"] [data-testid="stWidgetLabel"] { margin-bottom: 18px; }
  [data-testid="stMain"] [data-testid="stSliderThumbValue"] { top: -30px !important; }
  [data-testid="stMain"] [data-testid="stSliderThumbValue"] p { line-height: 1 !important; }
  /* Inputs: the chosen value of a select box, typed text and the open option list read at the labels' size. */
  [data-testid="stMain"] input, [data-testid="stMain"] textarea,
  [role="listbox"] [role="option"], [role="listbox"] [role="option"] * { font-size: 24px !important; }
  [data-testid="stMain"] [data-testid="stSelectbox"] [role="group"],
  [data-testid="stMain"] [data-testid="stTextInputRootElement"] { min-height: 48px; height: auto !important; }
  /* Data grids draw on a canvas that font sizes do not reach: zoom their frame, and let the grid take the zoomed
     frame's width (Streamlit sets it in pixels from the page's width, which the zoom would make 1.4 times wider).
     Chromium maps clicks and hovers through the zoom: sorting and tooltips hit the cell under the pointer. */
  [data-testid="stMain"] [data-testid="stFullScreenFrame"]:has(> [data-testid="stDataFrame"]) { zoom: 1.4; }
  [data-testid="stMain"] [data-testid="stDataFrame"] { width: 100% !important; }
  [data-testid="stMain"] [data-testid="stDataFrame"] > div:has(> .stDataFrameGlideDataEditor) { width: 100% !important; }
  /* its toolbar (search, download, full screen) keeps its size (1 / 1.4), and its icon buttons not the large
     buttons' padding: either way it grew over the grid's header row */
  [data-testid="stMain"] [data-testid="stDataFrame"] [data-testid="stElementToolbar"] { zoom: 0.72; }
  [data-testid="stMain"] [data-testid="stElementToolbar"] button {
    min-height: 24px; height: 24px !important; padding: 4px !important; font-size: 12px !important;
  }
  /* HTML tables (wide_table, the evaluation's metrics): the zoomed grids' size (14 px × 1.4), not the text's 24 px,
     so nine columns fit beside the what-if's sliders */
  [data-testid="stMain"] [data-testid="stTable"] p { font-size: 20px !important; }
  [data-testid="stMain"] [data-testid="stTable"] th p { font-size: 16px !important; }
</style>
"""


def presentation() -> bool:
    """True while presentation mode (large type, less chrome) is on."""
    return bool(st.session_state.get(PRESENTATION_KEY, False))


def table_height(rows: int) -> int:
    """A dataframe height that shows every row (header included) without an inner scrollbar."""
    return 35 * (rows + 1) + 3


MISSING = "—"
"""What a table shows where a value is missing."""


def grid(data, **options):
    """st.dataframe with a dash in missing cells: the grid's own placeholder is "None", in English, and a
    Styler's text for a missing value is not used (the grid knows the cell is empty and writes its own)."""
    options.setdefault("placeholder", MISSING)
    return st.dataframe(data, **options)


def wide_table(data: pd.DataFrame | Styler, key: str | None = None, **grid_options) -> None:
    """A table with more columns than a zoomed grid shows at once: a data grid (st.dataframe with
    `grid_options`) normally; in presentation mode an HTML table whose headers and cells wrap, as the zoomed
    grid scrolled sideways and cut the last columns off. An HTML table has no column_config: `data` carries
    its own number formats (ui.format.shown_as)."""
    if not presentation():
        grid(data, key=key, **grid_options)
        return
    styler = data if isinstance(data, Styler) else data.style
    # numbers, dates and short labels stay on one line (2027-02 broke after its hyphen); long text wraps
    short = [
        f"td.col{i} p" for i, column in enumerate(styler.data.columns) if _short_values(styler.data[column])
    ]
    if _short_values(styler.data.index.to_series()):
        short.append("th.row_heading p")
    styler = styler.set_table_styles(
        [{"selector": s, "props": "white-space: nowrap;"} for s in short], overwrite=False
    )
    st.table(styler.hide(axis="index") if grid_options.get("hide_index") else styler)


def _short_values(column: pd.Series) -> bool:
    """Numbers, dates and labels up to 12 characters: they stay on one line; longer text wraps."""
    return pd.api.types.is_numeric_dtype(column) or column.astype(str).str.len().max() <= 12


def set_presentation(on: bool) -> None:
    """Turn presentation mode on or off from code (a button callback); the sidebar toggle follows."""
    st.session_state[PRESENTATION_KEY] = on
    st.session_state[_PRESENTATION_WIDGET] = on


def frame(title_key: str) -> None:
    """Draw the frame; call it first on every page, with the i18n key of the page title."""
    _init_state()
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.title')}", page_icon="📊", layout="wide")
    _sidebar()
    _keep_choices_in_address()
    st.markdown(_LAYOUT_CSS, unsafe_allow_html=True)
    if presentation():
        st.markdown(_PRESENTATION_CSS, unsafe_allow_html=True)
    _first_start()
    if _FLASH_KEY in st.session_state:
        st.toast(t(st.session_state.pop(_FLASH_KEY)))
    _banner_and_freshness()


def _init_state() -> None:
    if LANGUAGE_KEY not in st.session_state:  # a new session: first visit, a reload (F5) or a shared link
        _choices_from_address()
    st.session_state.setdefault(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    st.session_state.setdefault(MONEY_UNIT_KEY, MONEY_UNITS[0])
    st.session_state.setdefault(PRESENTATION_KEY, False)


def address_choices() -> dict[str, str]:
    """The language, unit and presentation choices that differ from the defaults, as address parameters.

    They ride in the page address (?lang=en&unit=wan&present=1) so that a reload (F5) or a link sent to a
    colleague opens the app as it was; the defaults leave the address clean.
    """
    choices = {}
    if current_language() != DEFAULT_LANGUAGE:
        choices["lang"] = current_language()
    if money_unit() != MONEY_UNITS[0]:
        choices["unit"] = money_unit()
    if presentation():
        choices["present"] = "1"
    return choices


def _choices_from_address() -> None:
    """Start a new session with the choices its address carries; unknown values are ignored."""
    address = st.query_params
    if address.get("lang") in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = address["lang"]
    if address.get("unit") in MONEY_UNITS:
        st.session_state[MONEY_UNIT_KEY] = address["unit"]
    if address.get("present") == "1":
        st.session_state[PRESENTATION_KEY] = True


def _keep_choices_in_address() -> None:
    """Write the current choices into the address (Streamlit clears it on a page switch)."""
    wanted = address_choices()
    for name in ("lang", "unit", "present"):
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
        elif name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]


IMPORT_KIND_PARAM = "kind"
"""Address parameter that opens the Data import page on one kind of data (ui.import_steps reads it)."""
IMPORT_SOURCE_PARAM = "source"
"""Address parameter that fills in the source system of the import a kind parameter opens."""
FIRST_IMPORTS = ("volume", "costs", "staff")
"""What a new database needs, in order: contact volume (everything starts from it), the ledger, the roster."""


def import_link(kind: str, source: str | None = None) -> None:
    """A link to the Data import page with `kind` (an analytics.ingest kind name) already picked, and the
    source system typed in when `source` is given: what an empty page asks for is one click away."""
    params = {IMPORT_KIND_PARAM: kind} | ({IMPORT_SOURCE_PARAM: source} if source else {})
    label = t("frame.import_link", kind=t(f"imp.kind.{kind}"))
    st.page_link(
        "pages/data_import.py",
        label=t("frame.import_link_source", link=label, source=source) if source else label,
        icon=":material/upload_file:",
        query_params=address_choices() | params,
    )


def remember(widget_key: str, state_key: str) -> None:
    """on_change callback: keep a widget's value in a plain session_state key that survives page switches.

    Use as on_change=remember, args=(widget_key, state_key).
    """
    st.session_state[state_key] = st.session_state[widget_key]


def remembered_number(
    where, label: str, state_key: str, widget_name: str, default, low, high, step, help=None, format=None
):
    """A number_input in `where` (a column) starting at `default`, whose value is kept in the plain key
    `state_key` through page and language switches; its widget key is lang_key(widget_name); `format` as
    number_input's (printf style, e.g. '%.1f')."""
    widget_key = lang_key(widget_name)
    st.session_state.setdefault(state_key, default)
    st.session_state.setdefault(widget_key, st.session_state[state_key])
    return where.number_input(
        label,
        min_value=low,
        max_value=high,
        step=step,
        key=widget_key,
        help=help,
        format=format,
        on_change=remember,
        args=(widget_key, state_key),
    )


def remembered_tabs(codes: tuple[str, ...], label_prefix: str, state_key: str) -> list:
    """st.tabs whose open tab stays open through reruns (a widget, a write) and page or language switches.

    `codes` name the tabs; their labels are t(label_prefix + code); the open code is kept in state_key.
    """
    labels = {t(f"{label_prefix}{code}"): code for code in codes}
    key = lang_key(f"_{state_key}_widget")
    return st.tabs(
        list(labels),
        default=t(f"{label_prefix}{st.session_state.get(state_key, codes[0])}"),
        key=key,
        on_change=_remember_tab,
        args=(key, labels, state_key, codes[0]),
    )


def _remember_tab(widget_key: str, labels: dict[str, str], state_key: str, first: str) -> None:
    st.session_state[state_key] = labels.get(st.session_state.get(widget_key), first)


def _sidebar() -> None:
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        st.caption(t("app.tagline"))
        available = [(script, key, icon) for script, key, icon in PAGES if (_ROOT / script).exists()]
        # Streamlit knows app.py as a page only once pages/ holds a script: a lone entrypoint gets no nav.
        if len(available) > 1:
            for script, key, icon in available:
                st.page_link(script, label=t(key), icon=icon, query_params=address_choices())
        st.divider()
        st.radio(
            t("frame.language"),
            LANGUAGES,
            index=LANGUAGES.index(current_language()),
            format_func=_LANGUAGE_NAMES.get,
            horizontal=True,
            key="_lang_widget",
            on_change=remember,
            args=("_lang_widget", LANGUAGE_KEY),
        )
        st.radio(
            t("frame.money_unit"),
            MONEY_UNITS,
            index=MONEY_UNITS.index(money_unit()),  # money_unit() also ignores an invalid value
            format_func=labeller("unit.", MONEY_UNITS),
            horizontal=True,
            key=lang_key("_unit_widget"),
            on_change=remember,
            args=(lang_key("_unit_widget"), MONEY_UNIT_KEY),
        )
        # The toggle takes its value from its key, never from `value=`: a key set through session state and a
        # default value together make Streamlit warn on screen. The key is set on every run: after a page switch
        # Streamlit may keep a stale widget value, and the toggle then showed "off" every other page while
        # presentation mode stayed on.
        st.session_state[_PRESENTATION_WIDGET] = presentation()
        st.toggle(
            t("frame.presentation"),
            help=t("frame.presentation_help"),
            key=_PRESENTATION_WIDGET,
            on_change=remember,
            args=(_PRESENTATION_WIDGET, PRESENTATION_KEY),
        )
        if not presentation():
            st.caption(t("frame.database", path=data.database_path().name))


def _first_start() -> None:
    """On a brand-new database, build the demo data with a progress bar."""
    bar = None

    def show(fraction: float, step: str) -> None:
        nonlocal bar
        if bar is None:
            bar = st.progress(0.0, text=t("demo.building"))
        bar.progress(fraction, text=t("demo.building"))

    if data.ensure_database(progress=show):
        bar.empty()
        st.toast(t("demo.built"))


def _banner_and_freshness() -> None:
    info = data.freshness(data.data_version())
    if info["is_demo"] and not presentation():
        with st.container(border=True):
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(f"**{t('demo.banner')}**")
            if right.button(t("demo.start_empty"), key="_start_empty", width="stretch"):
                st.session_state[_CONFIRM_EMPTY_KEY] = True
        if st.session_state.get(_CONFIRM_EMPTY_KEY):
            _confirm_start_empty()
    if info["as_of"] is None:
        st.caption(t("frame.freshness_empty"))
    else:
        last_write = info["last_write"].strftime("%Y-%m-%d %H:%M") if info["last_write"] else "—"
        st.caption(
            t(
                "frame.freshness",
                as_of=info["as_of"].isoformat(),
                last_write=last_write,
                batch=info["last_batch"],
            )
        )


def _close_confirm() -> None:
    st.session_state[_CONFIRM_EMPTY_KEY] = False


def _confirm_start_empty() -> None:
    """The 'start empty' confirmation; open while the flag is set, so it survives full reruns."""

    @st.dialog(t("demo.start_empty"), on_dismiss=_close_confirm)
    def confirm() -> None:
        st.write(t("demo.confirm"))
        yes, no = st.columns(2)
        if yes.button(t("demo.confirm_yes"), type="primary", key="_confirm_empty_yes"):
            data.start_empty()
            _close_confirm()
            st.session_state[_FLASH_KEY] = "demo.emptied"
            st.rerun()
        if no.button(t("demo.cancel"), key="_confirm_empty_no"):
            _close_confirm()
            st.rerun()

    confirm()
