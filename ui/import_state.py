"""The Data page's (数据导入) session state: the plain keys that carry an import through reruns and page
switches, and the widget callbacks that move them."""

from __future__ import annotations

import streamlit as st

from analytics.ingest import importer
from ui import imports
from ui.frame import remember
from ui.i18n import lang_key

SECTIONS = ("import", "history", "categories")
MODES = importer.MODES
AUTO = "__auto__"
NO_COLUMN = ""

SECTION_KEY = "imp_section"
KIND_KEY = "imp_kind"
FILE_KEY = "imp_file"  # {"name", "data", "hash"}: the upload survives reruns and page switches
SHEET_KEY = "imp_sheet"
PROFILE_KEY = "imp_profile"
PROFILE_FORCED_KEY = "imp_profile_forced"
MAPPING_KEY = "imp_mapping"
MAPPING_FOR_KEY = "imp_mapping_for"
CONFIDENCE_KEY = "imp_confidence"
JOINS_KEY = "imp_joins"  # field -> the joined choice proposed, offered again after it is undone
GEN_KEY = "imp_gen"  # bumped when the mapping is re-proposed, so its widgets start from the new mapping
SOURCE_KEY = "imp_source"
LINKED_SOURCE_KEY = "imp_linked_source"  # (kind, system) from a link: the next mapping's source
WHO_KEY = "imp_who"
MODE_KEY = "imp_mode"
VALIDATED_KEY = "imp_validated"
RESULT_KEY = "imp_result"
CONFIRM_UNDO_KEY = "imp_confirm_undo"
UNDONE_KEY = "imp_undone"
CAT_SYSTEM_KEY = "imp_cat_system"
PENDING_KEY = "imp_pending_categories"  # (source, categories) of a blocked cost import
UPLOADER_KEY = "imp_uploader"  # bumped to give the next file an empty uploader
LANG_KEY = "imp_lang"  # the language the mapping widgets were drawn in
FLASH_KEY = "imp_flash"  # (i18n key, values): a confirmation shown once after a rerun
CARRY_KEY = "imp_carry"  # the last sheet's title account: the next sheet of a workbook keeps the mapping
AUTO_VALIDATE_KEY = "imp_auto_validate"  # check the next sheet at once, as if the button were clicked


def sheet_picker_key(content_hash: str, kind: str) -> str:
    """The sheet picker's widget key: per file and kind (the sheet picked for a kind shows again)."""
    return f"_imp_sheet_{content_hash[:12]}_{kind}"


def reset_flow() -> None:
    """Forget the validation, the result and the mapping's file, so the next run starts them again."""
    for key in (VALIDATED_KEY, RESULT_KEY, MAPPING_FOR_KEY, PROFILE_FORCED_KEY, CARRY_KEY, AUTO_VALIDATE_KEY):
        st.session_state.pop(key, None)


def next_sheet(sheet: str, content_hash: str, kind: str, title_account: str | None) -> None:
    """On to the workbook's next sheet of the same layout: the mapping and the source system stay, and the sheet
    is checked at once."""
    st.session_state[SHEET_KEY] = st.session_state[sheet_picker_key(content_hash, kind)] = sheet
    reset_flow()
    st.session_state[CARRY_KEY] = title_account or ""
    st.session_state[AUTO_VALIDATE_KEY] = True


def uploader_key() -> str:
    """The file uploader's current widget key (a new one gives an empty uploader)."""
    return f"_imp_upload_{st.session_state.get(UPLOADER_KEY, 0)}"


def take_upload() -> None:
    """Keep the uploaded file in plain state (or drop it when the user took it out of the uploader)."""
    uploaded = st.session_state.get(uploader_key())
    if uploaded is None:  # the user took the file out of the uploader
        clear_file()
        return
    content = uploaded.getvalue()
    st.session_state[FILE_KEY] = {"name": uploaded.name, "data": content, "hash": imports.digest(content)}
    st.session_state.pop(SHEET_KEY, None)
    reset_flow()


def clear_file() -> None:
    """Drop the kept file and everything worked out from it."""
    if st.session_state.get(uploader_key()) is not None:  # a fresh, empty uploader for the next file
        st.session_state[UPLOADER_KEY] = st.session_state.get(UPLOADER_KEY, 0) + 1
    st.session_state.pop(FILE_KEY, None)
    st.session_state.pop(SHEET_KEY, None)
    reset_flow()


def switch_kind(kind: str) -> None:
    """Pick another data kind for the file (the kind its headers match) and start the flow again."""
    st.session_state[KIND_KEY] = kind
    st.session_state[lang_key("_imp_kind")] = kind
    reset_flow()


def kind_changed() -> None:
    """Remember the picked data kind and start the flow again."""
    remember(lang_key("_imp_kind"), KIND_KEY)
    reset_flow()


def profile_changed(widget_key: str) -> None:
    """Apply the picked mapping profile on the next run, even if the headers match another one."""
    st.session_state[PROFILE_KEY] = st.session_state[widget_key]
    st.session_state[PROFILE_FORCED_KEY] = True
    st.session_state.pop(MAPPING_FOR_KEY, None)
    st.session_state.pop(VALIDATED_KEY, None)


def open_categories(source: str) -> None:
    """Switch to the category map, on this source system."""
    st.session_state[SECTION_KEY] = st.session_state[lang_key("_imp_section")] = "categories"
    st.session_state[CAT_SYSTEM_KEY] = source


def flash(key: str, **values) -> None:
    """A confirmation to show once, after the rerun that follows a write."""
    st.session_state[FLASH_KEY] = (key, values)
