"""The Data page's (数据导入) frame and first steps, drawn in Streamlit: the section switch, the one-time
confirmation, the data kind with its templates, the upload, and what the reader detected in the file."""

from __future__ import annotations

import streamlit as st

from analytics import exports
from analytics.ingest.kinds import get_kind
from analytics.ingest.readers import MONEY_UNITS, IngestError, RawTable
from ui import import_state as state
from ui import imports
from ui.format import count, listing
from ui.frame import IMPORT_KIND_PARAM, IMPORT_SOURCE_PARAM, grid, presentation, remember
from ui.i18n import current_language, labeller, lang_key, t


def kind_from_address() -> None:
    """Open on the kind of data a link asked for (ui.frame.import_link): the import section with that kind
    picked, the source system typed in if the link gave one, and the flow started again. The parameters are
    read once and taken out of the address."""
    kind = st.query_params.get(IMPORT_KIND_PARAM)
    source = st.query_params.get(IMPORT_SOURCE_PARAM)
    for param in (IMPORT_KIND_PARAM, IMPORT_SOURCE_PARAM):
        if param in st.query_params:
            del st.query_params[param]
    if kind not in imports.KIND_NAMES:
        return
    st.session_state[state.SECTION_KEY] = "import"
    st.session_state[state.KIND_KEY] = kind
    st.session_state.pop(state.LINKED_SOURCE_KEY, None)  # an earlier link's, never used
    if source and source.strip():
        st.session_state[state.LINKED_SOURCE_KEY] = (kind, source.strip())
    for widget in (lang_key("_imp_section"), lang_key("_imp_kind")):  # redrawn from the state above
        st.session_state.pop(widget, None)
    state.reset_flow()


def section_switch() -> str:
    """The switch between importing, the import history and the category map; returns the section shown."""
    st.session_state.setdefault(state.SECTION_KEY, "import")
    st.segmented_control(
        t("imp.section"),
        state.SECTIONS,
        default=st.session_state[state.SECTION_KEY],
        format_func=labeller("imp.section.", state.SECTIONS),
        required=True,
        key=lang_key("_imp_section"),
        on_change=remember,
        args=(lang_key("_imp_section"), state.SECTION_KEY),
        label_visibility="collapsed",
    )
    return st.session_state[state.SECTION_KEY]  # anything else (a stale label) falls back to the import


def show_flash() -> None:
    """The confirmation a write left for this run, once."""
    if state.FLASH_KEY in st.session_state:
        flash_key, flash_values = st.session_state.pop(state.FLASH_KEY)
        st.success(t(flash_key, **flash_values))


def kind_step() -> str:
    """Step 1: what the file holds, with empty templates to download; returns the data kind."""
    if st.session_state.get(state.KIND_KEY) not in imports.KIND_NAMES:
        st.session_state[state.KIND_KEY] = "tickets"
    kind = st.session_state[state.KIND_KEY]

    st.subheader(t("imp.step.kind"))
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    left.selectbox(
        t("imp.kind.label"),
        imports.KIND_NAMES,
        index=imports.KIND_NAMES.index(kind),
        format_func=labeller("imp.kind.", imports.KIND_NAMES),
        key=lang_key("_imp_kind"),
        on_change=state.kind_changed,
    )
    for column, fmt in zip(right.columns(2), exports.MIME_TYPES, strict=True):
        column.download_button(
            t(f"imp.template.{fmt}"),
            imports.template(kind, fmt, current_language()),
            file_name=f"template_{kind}.{fmt}",
            mime=exports.MIME_TYPES[fmt],
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    spec = get_kind(kind)
    st.caption(
        t(
            "imp.kind.required",
            fields=listing(imports.field_label(kind, f.name) for f in spec.fields if f.required),
        )
    )
    return kind


UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "xlsm", "xls")
_UPLOADER_CSS = """<style>
[data-testid="stMain"] [data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {
  font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {
  content: "%s"; font-size: %s; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "%s"; font-size: 0.875rem; }
</style>"""
"""Streamlit draws the dropzone's button ("Upload") and size line ("50MB per file • CSV, ...") in English only:
they are hidden and the catalog's words put in their place (Streamlit 1.67's markup), the button's at the size
of the other buttons (24 px in presentation mode)."""


def upload_step() -> dict | None:
    """Step 2: the uploader; returns the kept file ({"name", "data", "hash"}) or None when there is none."""
    st.subheader(t("imp.step.upload"))
    limit = imports.upload_limit_mb()
    size = "24px" if presentation() else "1rem"
    words = (t("imp.upload.button"), size, t("imp.upload.dropzone", limit=limit))
    st.markdown(_UPLOADER_CSS % words, unsafe_allow_html=True)
    st.file_uploader(
        t("imp.upload.label"),
        type=list(UPLOAD_TYPES),
        key=state.uploader_key(),
        on_change=state.take_upload,
        max_upload_size=limit,
        help=t("imp.upload.help", limit=limit),
    )
    st.caption(t("imp.upload.limit", limit=limit))
    upload = st.session_state.get(state.FILE_KEY)
    if not upload:
        st.info(t("imp.upload.none"))
        return None
    if st.session_state.get(state.uploader_key()) is None:  # kept from before a page switch: say which file
        info, clear = st.columns([4, 1], vertical_alignment="center")
        info.markdown(t("imp.upload.current", name=upload["name"], size=_size(len(upload["data"]))))
        clear.button(t("imp.upload.clear"), on_click=state.clear_file, key="_imp_clear", width="stretch")
    return upload


def read_step(upload: dict, kind: str) -> RawTable | None:
    """The file read (with a sheet picker for a workbook of several) and what the reader found; None when it
    cannot be read or has no rows, said on screen."""
    raw = imports.read_file(
        upload["hash"], upload["name"], st.session_state.get(state.SHEET_KEY), kind, upload["data"]
    )
    if isinstance(raw, IngestError):
        st.error(t("imp.upload.unreadable", name=upload["name"], reason=imports.error_message(raw)))
        return None
    if raw.sheets and len(raw.sheets) > 1:
        sheet = st.selectbox(
            t("imp.upload.sheet"),
            raw.sheets,
            index=raw.sheets.index(raw.sheet) if raw.sheet in raw.sheets else 0,
            key=state.sheet_picker_key(upload["hash"], kind),
        )
        if sheet != raw.sheet:
            st.session_state[state.SHEET_KEY] = sheet
            state.reset_flow()
            st.rerun()

    st.markdown(f"**{t('imp.detect.title')}**")
    st.markdown(detected(raw))
    _other_kind(raw, kind)
    if raw.uncalculated_formulas:  # a program's workbook never opened in Excel: the formulas read as empty
        cells = listing(raw.uncalculated_formulas[:5])
        st.warning(
            imports.message("uncalculated_formulas", {"n": len(raw.uncalculated_formulas), "cells": cells})
        )
    with st.expander(t("imp.detect.preview", n=min(len(raw), imports.PREVIEW_ROWS)), expanded=False):
        grid(imports.preview(raw), width="stretch", placeholder="")  # the file's empty cells, left empty
    if len(raw) == 0:
        st.warning(t("imp.detect.no_rows"))
        return None
    return raw


def _other_kind(raw: RawTable, kind: str) -> None:
    """When the headers lack the picked kind's required columns but match another kind's, say so, with a
    button that switches to it (a ledger uploaded while 工单明细 is still picked)."""
    covered = imports.kinds_covered(raw)
    if not covered or kind in covered:
        return
    other = t(f"imp.kind.{covered[0]}")
    hint, button = st.columns([4, 1], vertical_alignment="center")
    hint.info(t("imp.other_kind.suggest", kind=other, picked=t(f"imp.kind.{kind}")))
    button.button(
        t("imp.other_kind.switch", kind=other),
        on_click=state.switch_kind,
        args=(covered[0],),
        key="_imp_kind_switch",
        width="stretch",
    )


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


def detected(raw: RawTable) -> str:
    """What the reader found, one line each."""
    lines = []
    if raw.encoding:
        lines.append(t("imp.detect.encoding", encoding=t(f"imp.encoding.{raw.encoding}")))
    if raw.delimiter:
        lines.append(
            t("imp.detect.delimiter", delimiter=t(f"imp.delimiter.{_delimiter_name(raw.delimiter)}"))
        )
    if raw.sheet:
        lines.append(t("imp.detect.sheet", sheet=raw.sheet))
    if raw.skipped_sheets:
        lines.append(t("imp.detect.sheets_skipped", sheets=listing(raw.skipped_sheets)))
    lines.append(t("imp.detect.header_row", row=raw.header_row))
    if raw.header_row > 1:
        lines.append(t("imp.detect.title_rows", n=raw.header_row - 1))
    if raw.ledger_year:
        lines.append(t("imp.detect.ledger_date", year=raw.ledger_year, column=raw.headers[-1]))
    if raw.ledger_columns:
        lines.append(
            t("imp.detect.ledger_columns", columns=listing(raw.ledger_columns), column=raw.headers[-1])
        )
    if years := raw.ledger_years:
        lines.append(
            t(
                "imp.detect.ledger_period",
                period=years.period,
                first_months=_months(years.turn, 12),
                first=years.first,
                second_months=_months(1, years.end),
                second=years.second,
                column=raw.headers[-1],
            )
        )
    if raw.title_unit and raw.title_unit != "元":
        lines.append(t("imp.detect.title_unit", unit=t(f"imp.unit.{MONEY_UNITS[raw.title_unit]}")))
    lines.append(t("imp.detect.rows", n=count(len(raw) + raw.unread_rows)))
    if raw.total_rows:
        rows = listing(str(r) for r in raw.total_rows)
        lines.append(t("imp.detect.totals", n=len(raw.total_rows), rows=rows))
    if raw.repeated_headers:
        rows = listing(str(r) for r in raw.repeated_headers)
        lines.append(t("imp.detect.repeated_headers", n=len(raw.repeated_headers), rows=rows))
    if raw.note_rows:
        rows = listing(str(r) for r in raw.note_rows)
        notes = listing(t("imp.detect.note", text=note[:40]) for note in raw.note_cells)
        lines.append(t("imp.detect.notes", n=len(raw.note_rows), rows=rows, notes=notes))
    if raw.blank_rows:
        lines.append(t("imp.detect.blank", n=raw.blank_rows))
    if raw.merged_cells:
        lines.append(t("imp.detect.merged", n=raw.merged_cells))
    return "\n".join(f"- {line}" for line in lines)


def _months(first: int, last: int) -> str:
    """A run of month numbers: 12, or 1–11."""
    return str(first) if first == last else f"{first}–{last}"


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", "\t": "tab", ";": "semicolon"}.get(delimiter, "other")
