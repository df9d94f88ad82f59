"""The Data page's (数据导入) import history, drawn in Streamlit: every batch with its counts, and undoing a
committed import after a confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import store
from analytics.ingest.readers import IngestError
from ui import import_state as state
from ui import imports
from ui.format import count
from ui.frame import grid
from ui.i18n import lang_key, t

COLUMNS = [
    "batch_id", "kind", "source", "file_name", "rows_inserted", "rows_updated", "rows_unchanged",
    "rows_rejected", "rows_removed", "imported_by", "imported_at", "status",
]  # fmt: skip
COUNTS = ("rows_inserted", "rows_updated", "rows_unchanged", "rows_rejected", "rows_removed")


def history_section(version: str) -> None:
    """The import history table, then the undo of one committed batch."""
    st.subheader(t("imp.history.title"))
    undone = st.session_state.pop(state.UNDONE_KEY, None)
    if undone:
        batch, deleted, restored = undone
        st.success(t("imp.undo.done", batch=batch, what=_listed({"deleted": deleted, "restored": restored})))
    batches = imports.history(version)
    if batches.empty:
        st.info(t("imp.history.empty"))
        return
    _history_table(batches)
    st.caption(t("imp.history.demo_note"))
    _undo(batches)


def _shown_columns(batches: pd.DataFrame) -> list[str]:
    """The table's columns: lines taken out only when some batch took any (only a corrected summary does)."""
    return [c for c in COLUMNS if c != "rows_removed" or batches["rows_removed"].any()]


def _history_table(batches: pd.DataFrame) -> None:
    shown = batches.copy()
    shown["kind"] = [
        t(f"imp.kind.{k}") if k in imports.KIND_NAMES else t("imp.kind.demo") for k in shown["kind"]
    ]
    shown["status"] = [  # an undone batch says when, in the same cell (a column of its own ran off the page)
        t("imp.status.undone_at", when=f"{pd.Timestamp(at):%Y-%m-%d %H:%M}")
        if s == "undone" and not pd.isna(at)
        else t(f"imp.status.{s}")
        for s, at in zip(shown["status"], shown["undone_at"], strict=True)
    ]
    shown["batch_id"] = [f"#{b}" for b in shown["batch_id"]]
    columns = _shown_columns(batches)
    grid(
        shown[columns],
        hide_index=True,
        width="stretch",
        column_config={
            **{c: st.column_config.Column(t(f"imp.history.{c}")) for c in columns},
            "imported_at": st.column_config.DatetimeColumn(
                t("imp.history.imported_at"), format="YYYY-MM-DD HH:mm"
            ),
            **{
                c: st.column_config.NumberColumn(t(f"imp.history.{c}"), format="localized")
                for c in COUNTS
                if c in columns
            },
        },
    )


def _undo(batches: pd.DataFrame) -> None:
    """Pick a committed batch, confirm, and take its rows out."""
    choices = imports.undoable(batches)
    st.markdown(f"**{t('imp.undo.title')}**")
    if not choices:
        st.caption(t("imp.undo.none"))
        return
    by_id = batches.set_index("batch_id")
    labels = {
        b: t(
            "imp.undo.option",
            batch=b,
            kind=t(f"imp.kind.{by_id.at[b, 'kind']}"),
            file=by_id.at[b, "file_name"] or "—",
            when=f"{by_id.at[b, 'imported_at']:%Y-%m-%d %H:%M}",
        )
        for b in choices
    }
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    batch = left.selectbox(
        t("imp.undo.pick"), choices, format_func=labels.get, key=lang_key("_imp_undo_pick")
    )
    if right.button(t("imp.undo.button"), key="_imp_undo", width="stretch", icon=":material/undo:"):
        st.session_state[state.CONFIRM_UNDO_KEY] = batch
    pending = st.session_state.get(state.CONFIRM_UNDO_KEY)
    if pending is None or pending not in choices:
        return
    row = by_id.loc[pending]
    with st.container(border=True):
        st.warning(t("imp.undo.confirm", batch=pending, what=_undo_effects(row)))
        yes, no = st.columns(2)
        if yes.button(t("imp.undo.yes"), type="primary", key="_imp_undo_yes", width="stretch"):
            st.session_state.pop(state.CONFIRM_UNDO_KEY, None)
            try:
                deleted = imports.undo(int(pending))
            except store.WriteBusyError:
                st.warning(imports.message("write_busy"))
                return
            except IngestError as error:
                st.error(imports.error_message(error))
                return
            # the undo deletes the rows the batch wrote, updates too, and puts back those it overwrote or took out
            restored = int(row["rows_updated"] + row["rows_removed"])
            st.session_state[state.UNDONE_KEY] = (int(pending), deleted - int(row["rows_updated"]), restored)
            st.rerun()
        if no.button(t("imp.undo.no"), key="_imp_undo_no", width="stretch"):
            st.session_state.pop(state.CONFIRM_UNDO_KEY, None)
            st.rerun()


def _undo_effects(batch: pd.Series) -> str:
    """What undoing the batch does, in one clause: the rows it inserted go, those it updated or took out come back
    (a part only when the batch did any of it; the inserted part when it did nothing)."""
    return _listed({part: batch[f"rows_{part}"] for part in ("inserted", "updated", "removed")})


def _listed(counts: dict[str, int]) -> str:
    """The parts of an undo ('imp.undo.<part>' with its count) that count any rows, in one clause; the first part
    when none does."""
    parts = [t(f"imp.undo.{part}", n=count(n)) for part, n in counts.items() if n]
    if not parts:
        first = next(iter(counts))
        return t(f"imp.undo.{first}", n=count(0))
    if len(parts) == 1:
        return parts[0]
    return t("imp.undo.comma").join(parts[:-1]) + t("imp.undo.and") + parts[-1]
