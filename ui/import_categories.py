"""The Data page's (数据导入) cost category map, drawn in Streamlit: the quick map inside a blocked cost import
and the full editor of a source system's map (which category is which taxonomy leaf, and whether it counts)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import store
from ui import import_state as state
from ui import imports
from ui.format import listing
from ui.frame import remember
from ui.i18n import lang_key, t


def quick_map(source: str, categories: list[str], version: str) -> None:
    """Map the categories that block this import, right here; the plan re-validates with the saved map."""
    labels = imports.leaf_labels(version)
    codes = list(labels)
    st.session_state[state.PENDING_KEY] = (source, tuple(categories))
    with st.container(border=True):
        st.markdown(f"**{t('imp.quick.title', source=source)}**")
        chosen = {}
        for i, category in enumerate(categories):
            row = st.columns([2, 4, 2], vertical_alignment="center")
            row[0].markdown(category)
            code = row[1].selectbox(
                t("imp.cat.leaf"),
                codes,
                index=None,
                format_func=labels.get,
                placeholder=t("imp.quick.pick"),
                key=f"{lang_key('_imp_quick_leaf')}_{i}",
                label_visibility="collapsed",
            )
            counted = row[2].checkbox(t("imp.cat.counted"), value=True, key=f"_imp_quick_counted_{i}")
            if code:
                chosen[category] = (code, counted)
        left, right = st.columns(2)
        save = left.button(
            t("imp.quick.save"), type="primary", key="_imp_quick_save", disabled=not chosen, width="stretch"
        )
        right.button(
            t("imp.quick.open_editor"),
            key="_imp_quick_open",
            on_click=state.open_categories,
            args=(source,),
            icon=":material/edit:",
            width="stretch",
        )
        if save:
            rows = pd.DataFrame(
                [(c, code, counted, None) for c, (code, counted) in chosen.items()],
                columns=["source_category", "taxonomy_code", "counted", "note"],
            )
            try:
                saved = imports.save_categories(source, rows)
            except store.WriteBusyError:
                st.warning(imports.message("write_busy"))
                return
            state.flash("imp.cat.saved", n=saved)
            st.rerun()


def categories_section(version: str) -> None:
    """The category map of one source system (picked, or typed as a new one), editable and saved whole."""
    st.subheader(t("imp.cat.title"))
    st.caption(t("imp.cat.intro"))
    pending_source, pending = st.session_state.get(state.PENDING_KEY, ("", ()))
    systems = list(
        dict.fromkeys([*imports.source_systems(version), *([pending_source] if pending_source else [])])
    )
    current = st.session_state.get(state.CAT_SYSTEM_KEY) or (systems[0] if systems else None)
    if current and current not in systems:
        systems.append(current)
    system = st.selectbox(
        t("imp.cat.system"),
        systems,
        index=systems.index(current) if current in systems else None,
        key="_imp_cat_system_w",
        on_change=remember,
        args=("_imp_cat_system_w", state.CAT_SYSTEM_KEY),
        accept_new_options=True,
        placeholder=t("imp.cat.system_placeholder"),
        help=t("imp.cat.system_help"),
    )
    if not system:
        if not systems:  # a new database: say where a source system comes from
            st.info(t("imp.cat.none"))
        return
    st.session_state[state.CAT_SYSTEM_KEY] = system
    missing = imports.unmapped(system, tuple(pending) if system == pending_source else (), version)
    if missing:
        st.warning(t("imp.cat.unmapped", n=len(missing), categories=listing(missing)))
    labels = imports.leaf_labels(version)
    rows = imports.editor_rows(imports.categories(system, version), missing)
    edited = st.data_editor(
        rows,
        key=f"_imp_cat_editor_{system}_{version}",
        hide_index=True,
        width="stretch",
        num_rows="add",
        column_config={
            "source_category": st.column_config.TextColumn(t("imp.cat.category"), required=True),
            "taxonomy_code": st.column_config.SelectboxColumn(
                t("imp.cat.leaf"), options=list(labels), format_func=labels.get, required=True, width="large"
            ),
            "counted": st.column_config.CheckboxColumn(t("imp.cat.counted"), help=t("imp.cat.counted_help")),
            "note": st.column_config.TextColumn(t("imp.cat.note")),
        },
    )
    st.caption(t("imp.cat.hint"))
    if st.button(t("imp.cat.save"), type="primary", key="_imp_cat_save", icon=":material/save:"):
        try:
            saved = imports.save_categories(system, edited)
        except store.WriteBusyError:
            st.warning(imports.message("write_busy"))
            return
        except ValueError:
            st.error(t("imp.cat.invalid"))
            return
        state.flash("imp.cat.saved", n=saved)
        st.rerun()
