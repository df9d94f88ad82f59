"""The Data page's (数据导入) last steps, drawn in Streamlit: validation with the row-level report, the commit
(all or nothing, or the valid rows with a rejects file) and its result."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from analytics import exports, store
from analytics.display import wrapped_lines
from analytics.ingest import importer, mapping
from analytics.ingest.readers import IngestError, RawTable
from ui import import_state as state
from ui import imports
from ui.format import count, listing
from ui.frame import grid, remember
from ui.i18n import lang_key, t
from ui.import_categories import quick_map


def validate_step(raw: RawTable, current: mapping.Mapping, source: str, upload: dict, version: str) -> None:
    """Step 4: validate on request and show the report; then the commit step, or the result of the commit."""
    st.subheader(t("imp.step.validate"))
    missing = imports.required_missing(current)
    if missing:
        labels = [imports.field_label(current.kind, f.name) for f in missing]
        st.error(t("imp.validate.missing", fields=listing(labels)))
        one_value = [
            imports.field_label(current.kind, f.name) for f in missing if imports.every_row_choices(f)
        ]
        if one_value:
            st.info(t("imp.validate.missing_every_row", fields=listing(one_value)))
    if not source:
        st.info(t("imp.validate.need_source"))
    key = [upload["hash"], raw.sheet, current.to_json(), source]
    clicked = st.button(
        t("imp.validate.button"), type="primary", key="_imp_validate", disabled=bool(missing) or not source
    )
    auto = st.session_state.pop(state.AUTO_VALIDATE_KEY, False) and not missing and bool(source)
    if clicked or auto:  # auto: the next sheet of a workbook, mapped as the last one was
        st.session_state[state.VALIDATED_KEY] = key
        st.session_state.pop(state.RESULT_KEY, None)
        with st.status(t("imp.validate.running", n=count(len(raw))), expanded=False) as status:
            imports.plan(*key, version, raw, upload["data"])
            status.update(label=t("imp.validate.done"), state="complete")

    result = st.session_state.get(state.RESULT_KEY)
    if result and result.get("hash") == upload["hash"]:
        st.subheader(t("imp.step.commit"))
        show_result(
            result, imports.later_sheets_alike(upload["hash"], upload["name"], raw.sheet, upload["data"], raw)
        )
        return
    if st.session_state.get(state.VALIDATED_KEY) != key:
        if st.session_state.get(state.VALIDATED_KEY):
            st.caption(t("imp.validate.stale"))
        return
    plan = imports.plan(*key, version, raw, upload["data"])
    if plan.already_imported:
        batch, when = plan.already_imported
        params = {
            "file": upload["name"],
            "earlier_file": plan.earlier_file or "—",
            "batch_id": batch,
            "imported_at": f"{when:%Y-%m-%d %H:%M}",
        }
        st.warning(imports.message("file_already_imported", params))
        alike = imports.later_sheets_alike(upload["hash"], upload["name"], raw.sheet, upload["data"], raw)
        _next_sheet(st.container(), alike, upload["hash"], current.kind, raw.title_account)
        return
    if _report(plan, upload, version):
        commit_step(plan, upload)


def _next_sheet(place, alike: list[str], content_hash: str, kind: str, title_account: str | None) -> None:
    """Once a sheet of a workbook is in (or was already): a button on to the next sheet of the same headers
    (`alike`), mapped as this one and checked at once (twelve monthly sheets, each its own batch)."""
    if alike:
        place.button(
            t("imp.result.next_sheet", sheet=alike[0], n=len(alike)),
            type="primary",
            on_click=state.next_sheet,
            args=(alike[0], content_hash, kind, title_account),
            key="_imp_next_sheet",
            icon=":material/arrow_forward:",
        )


def _report(plan: importer.ImportPlan, upload: dict, version: str) -> bool:
    """The counts, the file's problems and the row-level report; True when the file may be committed."""
    validation = plan.validation
    valid_rows = int(validation.valid.sum())
    cols = st.columns(3)
    cols[0].metric(t("imp.validate.rows"), count(validation.rows), border=True)
    cols[1].metric(t("imp.validate.valid"), count(valid_rows), border=True)
    cols[2].metric(t("imp.validate.rejected"), count(validation.rejected_rows), border=True)

    for issue in validation.file_issues:
        st.error(imports.file_issue_message(plan.kind, issue))
        if issue["code"] == "unmapped_cost_category":
            quick_map(plan.source, issue["unmapped"], version)
    if validation.ok:
        st.success(t("imp.validate.ok", n=count(validation.rows)))
    else:
        table = imports.report(plan)  # counted here, shown below
        st.markdown(f"**{t('imp.report.title', n=count(len(table)))}**")
        _reasons_grid(imports.report_shown(plan), 400)
        _downloads(
            "imp.report.download",
            imports.report_frame(plan),
            "imp.report.sheet",
            f"report_{upload['hash'][:8]}",
            "_imp_report_dl",
        )
    _notices(plan)
    if validation.file_issues or valid_rows == 0:
        st.caption(t("imp.commit.blocked"))
        return False
    return True


def _notices(plan: importer.ImportPlan) -> None:
    """Valid rows worth a second look before committing; they block nothing."""
    table = imports.notices(plan)
    if table.empty:
        return
    rows = table["row"].nunique()  # a row can have two notices (a spike, and more handled than offered)
    st.warning(t("imp.notice.title", n=count(rows)), icon=":material/search:")
    _reasons_grid(table.rename(columns=imports.report_labels()), 300)


LINE_WIDTH = 66
"""What one line of the reason column holds at 1366 px (about 450 px), in widths of a Latin letter: a Chinese
character takes two."""


def _row_height(reasons: pd.Series) -> int:
    """The height of the report's rows: one line, or as many lines as the longest reason takes wrapped (up to
    five; the grid wraps text only in rows taller than 4rem, so a wrapped row is at least 70 px)."""
    lines = min(5, max((wrapped_lines(str(r), LINE_WIDTH) for r in reasons), default=1))
    return 35 if lines <= 1 else max(70, 16 + 20 * lines)


def _reasons_grid(table: pd.DataFrame, max_height: int) -> None:
    """The report or the notices: row numbers to the right, the file name narrow, and long reasons wrapped so they
    are read whole on the page (a cell cut off at one line hid the half that says what to do)."""
    reason = t("imp.report.reason")
    row_height = _row_height(table[reason])
    grid(
        table,
        hide_index=True,
        width="stretch",
        height=min(max_height, 38 + row_height * len(table)),
        row_height=row_height,
        column_config={
            t("imp.report.row"): st.column_config.TextColumn(alignment="right", width=60),
            t("imp.report.file"): st.column_config.TextColumn(width=120),
            # at most medium: a long value (a summary line's five key parts) must not push the reason off screen
            t("imp.report.column"): st.column_config.TextColumn(width=150),
            t("imp.report.value"): st.column_config.TextColumn(width="medium"),
            reason: st.column_config.TextColumn(width="large"),
        },
    )


def commit_step(plan: importer.ImportPlan, upload: dict) -> None:
    """Step 5: who imports, how rejected rows are handled, and the commit (one transaction)."""
    st.subheader(t("imp.step.commit"))
    rejected = plan.validation.rejected_rows
    mode = _mode(plan, upload) if rejected else "all_or_nothing"
    who = st.text_input(
        t("imp.commit.who"),
        value=st.session_state.get(state.WHO_KEY, ""),
        key="_imp_who_w",
        placeholder=t("imp.commit.who_hint"),
    ).strip()
    st.session_state[state.WHO_KEY] = who
    allowed = mode == "valid_rows" or plan.validation.ok
    valid_rows = int(plan.validation.valid.sum())
    if not st.button(
        t("imp.commit.button", n=count(valid_rows if mode == "valid_rows" else plan.validation.rows)),
        type="primary",
        key="_imp_commit",
        disabled=not allowed,
        icon=":material/upload:",
    ):
        return
    # kept for the result: the plan is gone once committed
    rejects = imports.rejected_frame(plan) if mode == "valid_rows" and rejected else None
    with st.status(t("imp.commit.running", n=count(valid_rows)), expanded=True) as status:
        bar = st.progress(0.1, text=t("imp.commit.writing"))

        def written(batch_id: int) -> None:
            bar.progress(0.8, text=t("imp.commit.committing", batch=batch_id))

        try:
            result = imports.commit(plan, mode, who, written)
        except store.WriteBusyError:
            status.update(label=imports.message("write_busy"), state="error")
            st.warning(imports.message("write_busy"))
            return
        except importer.AlreadyImported as error:
            status.update(label=imports.error_message(error), state="error")
            return
        except IngestError as error:
            status.update(label=imports.error_message(error), state="error")
            return
        bar.progress(1.0, text=t("imp.commit.done_short"))
        status.update(label=t("imp.commit.done_short"), state="complete")
    st.session_state[state.RESULT_KEY] = {
        "hash": upload["hash"],
        "batch": result.batch_id,
        "inserted": result.inserted,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "removed": result.removed,
        "rejects": rejects,
        "counted_from_tickets": imports.counted_from_tickets(plan),
        "kind": plan.kind,
        "title_account": plan.raw.title_account,
    }
    st.session_state.pop(state.VALIDATED_KEY, None)
    st.rerun()  # the frame's freshness line and every cached read pick up the new data version


def _mode(plan: importer.ImportPlan, upload: dict) -> str:
    """All or nothing, or the valid rows only (with the rejected rows to download); returns the mode."""
    rejected = plan.validation.rejected_rows
    if st.session_state.get(state.MODE_KEY) not in state.MODES:
        st.session_state[state.MODE_KEY] = "all_or_nothing"
    mode = st.radio(
        t("imp.commit.mode"),
        state.MODES,
        index=state.MODES.index(st.session_state[state.MODE_KEY]),
        format_func={
            "all_or_nothing": t("imp.commit.mode.all_or_nothing"),
            "valid_rows": t("imp.commit.mode.valid_rows", n=count(rejected)),
        }.get,
        key=lang_key("_imp_mode"),
        on_change=remember,
        args=(lang_key("_imp_mode"), state.MODE_KEY),
    )
    if mode == "all_or_nothing":
        st.info(t("imp.commit.fix_first", n=count(rejected)))
    else:
        _downloads(
            "imp.commit.rejects",
            imports.rejected_frame(plan),
            "imp.rejects.sheet",
            f"rejects_{upload['hash'][:8]}",
            "_imp_rejects_dl",
            n=count(rejected),
        )
    return mode


def _downloads(label_key: str, frame: pd.DataFrame, sheet_key: str, stem: str, key: str, **values) -> None:
    """A CSV and an Excel button side by side for one table, labelled `label_key` with the format's name; each
    file is written on its click (an Excel file of many thousand rows takes seconds: not on every rerun)."""
    sheet_name = t(sheet_key)
    row = st.container(horizontal=True)  # buttons as wide as their labels
    for fmt, mime in exports.MIME_TYPES.items():
        row.download_button(
            t(label_key, fmt=exports.FORMAT_NAMES[fmt], **values),
            partial(imports.file_bytes, frame, fmt, sheet_name),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}_{fmt}",
        )


def show_result(result: dict, alike: list[str]) -> None:
    """What the commit wrote, the rejects file when rows were skipped, and buttons on: to the workbook's next
    sheet of the same headers (`alike`), and to another file."""
    st.success(
        t(
            "imp.result.done",
            batch=result["batch"],
            inserted=count(result["inserted"]),
            updated=count(result["updated"]),
            unchanged=count(result["unchanged"]),
        )
    )
    cols = st.columns(4)
    for column, name in zip(cols, ("inserted", "updated", "unchanged", "rejected"), strict=True):
        column.metric(t(f"imp.result.{name}"), count(result[name]), border=True)
    if result.get("removed"):
        st.info(t("imp.result.removed", n=count(result["removed"])))
    if result.get("counted_from_tickets"):
        channels = listing(t(f"channel.{c}") for c in result["counted_from_tickets"])
        st.info(t("imp.result.from_tickets", channels=channels))
    if result.get("rejects") is not None:
        _downloads(
            "imp.commit.rejects",
            result["rejects"],
            "imp.rejects.sheet",
            f"rejects_batch_{result['batch']}",
            "_imp_result_rejects_dl",
            n=count(result["rejected"]),
        )
    row = st.container(horizontal=True)
    _next_sheet(row, alike, result["hash"], result["kind"], result["title_account"])
    row.button(
        t("imp.result.next"), on_click=state.clear_file, key="_imp_next", icon=":material/upload_file:"
    )
