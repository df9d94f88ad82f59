"""数据导入 Data: templates, upload, column mapping, validation with a row-level report, commit, import history
with undo, and the cost category map."""

import pandas as pd
import streamlit as st

from analytics import store
from analytics.ingest import importer, mapping
from analytics.ingest.kinds import get_kind
from analytics.ingest.readers import IngestError
from ui import data, imports
from ui.format import count
from ui.frame import frame, remember
from ui.i18n import current_language, labeller, lang_key, t

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
GEN_KEY = "imp_gen"  # bumped when the mapping is re-proposed, so its widgets start from the new mapping
SOURCE_KEY = "imp_source"
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


def _join(items) -> str:
    return t("imp.list_sep").join(items)


def _reset_flow() -> None:
    for key in (VALIDATED_KEY, RESULT_KEY, MAPPING_FOR_KEY, PROFILE_FORCED_KEY):
        st.session_state.pop(key, None)


def _uploader_key() -> str:
    return f"_imp_upload_{st.session_state.get(UPLOADER_KEY, 0)}"


def _take_upload() -> None:
    uploaded = st.session_state.get(_uploader_key())
    if uploaded is None:  # the user took the file out of the uploader
        _clear_file()
        return
    content = uploaded.getvalue()
    st.session_state[FILE_KEY] = {"name": uploaded.name, "data": content, "hash": imports.digest(content)}
    st.session_state.pop(SHEET_KEY, None)
    _reset_flow()


def _clear_file() -> None:
    if st.session_state.get(_uploader_key()) is not None:  # a fresh, empty uploader for the next file
        st.session_state[UPLOADER_KEY] = st.session_state.get(UPLOADER_KEY, 0) + 1
    st.session_state.pop(FILE_KEY, None)
    st.session_state.pop(SHEET_KEY, None)
    _reset_flow()


def _kind_changed() -> None:
    remember(lang_key("_imp_kind"), KIND_KEY)
    _reset_flow()


def _profile_changed(widget_key: str) -> None:
    st.session_state[PROFILE_KEY] = st.session_state[widget_key]
    st.session_state[PROFILE_FORCED_KEY] = True
    st.session_state.pop(MAPPING_FOR_KEY, None)
    st.session_state.pop(VALIDATED_KEY, None)


def _open_categories(source: str) -> None:
    st.session_state[SECTION_KEY] = st.session_state[lang_key("_imp_section")] = "categories"
    st.session_state[CAT_SYSTEM_KEY] = source


frame("imp.title")
st.title(t("imp.title"))
st.caption(t("imp.intro"))
version = data.data_version()

st.session_state.setdefault(SECTION_KEY, "import")
st.segmented_control(
    t("imp.section"),
    SECTIONS,
    default=st.session_state[SECTION_KEY],
    format_func=labeller("imp.section.", SECTIONS),
    required=True,
    key=lang_key("_imp_section"),
    on_change=remember,
    args=(lang_key("_imp_section"), SECTION_KEY),
    label_visibility="collapsed",
)
section = st.session_state[SECTION_KEY]  # anything else (a stale label) falls back to the import below
if FLASH_KEY in st.session_state:
    flash_key, flash_values = st.session_state.pop(FLASH_KEY)
    st.success(t(flash_key, **flash_values))


# ================================================================ import a file


def import_section() -> None:
    if st.session_state.get(KIND_KEY) not in imports.KIND_NAMES:
        st.session_state[KIND_KEY] = "tickets"
    kind = st.session_state[KIND_KEY]

    st.subheader(t("imp.step.kind"))
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    left.selectbox(
        t("imp.kind.label"),
        imports.KIND_NAMES,
        index=imports.KIND_NAMES.index(kind),
        format_func=labeller("imp.kind.", imports.KIND_NAMES),
        key=lang_key("_imp_kind"),
        on_change=_kind_changed,
    )
    with right:
        csv_col, xlsx_col = st.columns(2)
        csv_col.download_button(
            t("imp.template.csv"),
            imports.template(kind, "csv"),
            file_name=f"template_{kind}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
        xlsx_col.download_button(
            t("imp.template.xlsx"),
            imports.template(kind, "xlsx"),
            file_name=f"template_{kind}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    spec = get_kind(kind)
    st.caption(
        t(
            "imp.kind.required",
            fields=_join(imports.field_label(kind, f.name) for f in spec.fields if f.required),
        )
    )

    st.subheader(t("imp.step.upload"))
    limit = imports.upload_limit_mb()
    st.file_uploader(
        t("imp.upload.label"),
        type=["csv", "txt", "tsv", "xlsx", "xls"],
        key=_uploader_key(),
        on_change=_take_upload,
        max_upload_size=limit,
        help=t("imp.upload.help", limit=limit),
    )
    st.caption(t("imp.upload.limit", limit=limit))
    upload = st.session_state.get(FILE_KEY)
    if not upload:
        st.info(t("imp.upload.none"))
        return
    if st.session_state.get(_uploader_key()) is None:  # kept from before a page switch: say which file it is
        info, clear = st.columns([4, 1], vertical_alignment="center")
        info.markdown(t("imp.upload.current", name=upload["name"], size=_size(len(upload["data"]))))
        clear.button(t("imp.upload.clear"), on_click=_clear_file, key="_imp_clear", width="stretch")

    raw = imports.read_file(upload["hash"], upload["name"], st.session_state.get(SHEET_KEY), upload["data"])
    if isinstance(raw, IngestError):
        st.error(imports.error_message(raw))
        return
    if raw.sheets and len(raw.sheets) > 1:
        sheet = st.selectbox(
            t("imp.upload.sheet"),
            raw.sheets,
            index=raw.sheets.index(raw.sheet) if raw.sheet in raw.sheets else 0,
            key=f"_imp_sheet_{upload['hash'][:12]}",
        )
        if sheet != raw.sheet:
            st.session_state[SHEET_KEY] = sheet
            _reset_flow()
            st.rerun()
    sheet = raw.sheet

    st.markdown(f"**{t('imp.detect.title')}**")
    st.markdown(detected(raw))
    with st.expander(t("imp.detect.preview", n=min(len(raw), imports.PREVIEW_ROWS)), expanded=False):
        st.dataframe(imports.preview(raw), width="stretch")
    if len(raw) == 0:
        st.warning(t("imp.detect.no_rows"))
        return

    current, source = mapping_step(raw, kind, upload["hash"], sheet)
    validate_step(raw, current, source, upload, sheet)


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


def detected(raw) -> str:
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
    lines.append(t("imp.detect.header_row", row=raw.header_row))
    if raw.header_row > 1:
        lines.append(t("imp.detect.title_rows", n=raw.header_row - 1))
    lines.append(t("imp.detect.rows", n=count(len(raw))))
    if raw.total_rows:
        rows = ", ".join(str(r) for r in raw.total_rows)
        lines.append(t("imp.detect.totals", n=len(raw.total_rows), rows=rows))
    if raw.blank_rows:
        lines.append(t("imp.detect.blank", n=raw.blank_rows))
    return "\n".join(f"- {line}" for line in lines)


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", "\t": "tab", ";": "semicolon"}.get(delimiter, "other")


# ---------------------------------------------------------------- mapping


def mapping_step(raw, kind: str, content_hash: str, sheet) -> tuple[mapping.Mapping, str]:
    st.subheader(t("imp.step.mapping"))
    found = imports.profiles(kind)
    names = [p.name for p in found]
    key = (content_hash, sheet, kind)
    if st.session_state.get(LANG_KEY) != current_language() and GEN_KEY in st.session_state:
        st.session_state[GEN_KEY] += 1  # redraw the mapping's selectboxes with labels in the new language
    st.session_state[LANG_KEY] = current_language()
    if st.session_state.get(MAPPING_FOR_KEY) != key:
        chosen = st.session_state.get(PROFILE_KEY) if st.session_state.get(PROFILE_FORCED_KEY) else None
        if chosen is None:
            match = imports.matching_profile(found, raw.headers)
            chosen = match.name if match else AUTO
        _apply_profile(raw, kind, chosen if chosen in names else AUTO, found)
        st.session_state[MAPPING_FOR_KEY] = key
    gen = st.session_state[GEN_KEY]
    base: mapping.Mapping = st.session_state[MAPPING_KEY]
    confidence: dict = st.session_state[CONFIDENCE_KEY]
    profile_name = st.session_state[PROFILE_KEY]

    left, right = st.columns(2)
    options = [AUTO, *names]
    left.selectbox(
        t("imp.profile.label"),
        options,
        index=options.index(profile_name) if profile_name in options else 0,
        format_func={AUTO: t("imp.profile.auto"), **{n: n for n in names}}.get,
        key=f"_imp_profile_{gen}",
        on_change=_profile_changed,
        args=(f"_imp_profile_{gen}",),
        help=t("imp.profile.help"),
    )
    source = right.text_input(
        t("imp.source.label"),
        value=st.session_state.get(SOURCE_KEY, ""),
        key=f"_imp_source_{gen}",
        placeholder=t("imp.source.placeholder"),
        help=t("imp.source.help"),
    ).strip()
    st.session_state[SOURCE_KEY] = source
    if profile_name != AUTO:
        st.caption(t("imp.profile.applied", name=profile_name))

    spec = get_kind(kind)
    samples = imports.sample_values(raw)
    unsure = [
        f.name
        for f in spec.fields
        if f.name in base.columns
        and confidence.get(f.name, 1.0) < mapping.SURE
        and imports.is_simple(base, f.name)
    ]
    if unsure:
        st.warning(t("imp.map.unsure", fields=_join(imports.field_label(kind, n) for n in unsure)))
    widths = [3, 4, 2, 2, 3]
    head = st.columns(widths)
    for column, label in zip(head, ("field", "column", "unit", "confidence", "sample"), strict=True):
        column.markdown(f"**{t(f'imp.map.head.{label}')}**")
    chosen: dict[str, str | None] = {}
    units: dict[str, float] = {}
    header_options = [NO_COLUMN, *raw.headers]
    header_labels = {NO_COLUMN: t("imp.map.none"), **{h: h for h in raw.headers}}.get
    shown = [f for f in spec.fields if f.required or f.name in base.columns or f.name in base.constants]
    more = [f for f in spec.fields if f not in shown]
    more_box = None
    for f in shown + more:
        if f in more and more_box is None:
            more_box = st.expander(t("imp.map.more", n=len(more)))
        row = (more_box or st).columns(widths, vertical_alignment="center")
        label = imports.field_label(kind, f.name)
        row[0].markdown(f"{label} :red[*]" if f.required else label)
        if not imports.is_simple(base, f.name):
            row[1].markdown(describe_fixed(base, f.name))
            row[3].markdown(f":blue-badge[{t('imp.map.profile')}]")
            continue
        current = base.columns.get(f.name)
        header = row[1].selectbox(
            label,
            header_options,
            index=header_options.index(current) if current in header_options else 0,
            format_func=header_labels,
            key=f"_imp_map_{gen}_{f.name}",
            label_visibility="collapsed",
        )
        chosen[f.name] = header or None
        if f.type == "money" and header:
            default = base.units.get(f.name, mapping.header_unit(header)) if header == current else None
            default = default if default is not None else mapping.header_unit(header)
            units[f.name] = row[2].selectbox(
                t("imp.map.head.unit"),
                imports.UNITS,
                index=imports.UNITS.index(default) if default in imports.UNITS else 0,
                format_func=labeller("imp.unit.", imports.UNITS),
                key=f"_imp_unit_{gen}_{f.name}_{header}",
                label_visibility="collapsed",
            )
        row[3].markdown(badge(f, header, current, confidence))
        if header:
            row[4].caption(str(samples.get(header, ""))[:40] or "—")
    current_mapping = imports.with_columns(base, chosen, units, source)
    st.session_state[MAPPING_KEY] = current_mapping
    used = {h for v in current_mapping.columns.values() for h in ([v] if isinstance(v, str) else v)}
    spare = [h for h in raw.headers if h not in used]
    if spare:
        st.caption(t("imp.map.unused", columns=_join(spare)))

    with st.expander(t("imp.profile.save_title")):
        name = st.text_input(
            t("imp.profile.name"),
            value=profile_name if profile_name != AUTO else source,
            key=f"_imp_pname_{gen}",
        ).strip()
        if st.button(t("imp.profile.save"), key="_imp_profile_save", disabled=not name):
            try:
                imports.save_profile(current_mapping, name, source)
                st.session_state[PROFILE_KEY] = name
                st.success(t("imp.profile.saved", name=name))
            except store.WriteBusyError:
                st.warning(imports.message("write_busy"))
    return current_mapping, source


def _apply_profile(raw, kind: str, name: str, found: list[mapping.Mapping]) -> None:
    """Start the mapping from a profile (or from recognised headers) and bump the widget generation."""
    proposed, confidence = imports.propose(raw, kind)
    if name == AUTO:
        base = proposed
    else:
        base = next(p for p in found if p.name == name)
        confidence = {f: 1.0 for f in base.columns}
    st.session_state[MAPPING_KEY] = base
    st.session_state[CONFIDENCE_KEY] = confidence
    st.session_state[PROFILE_KEY] = name
    if base.source:
        st.session_state[SOURCE_KEY] = base.source
    elif not st.session_state.get(SOURCE_KEY):
        earlier = imports.known_sources(imports.history(version), kind)
        st.session_state[SOURCE_KEY] = earlier[0] if earlier else ""
    st.session_state[GEN_KEY] = st.session_state.get(GEN_KEY, 0) + 1
    st.session_state.pop(VALIDATED_KEY, None)


def describe_fixed(base: mapping.Mapping, name: str) -> str:
    if name in base.constants:
        return t("imp.map.constant", value=base.constants[name])
    return t("imp.map.joined", columns=" + ".join(base.columns[name]))


def badge(f, header: str | None, proposed: str | None, confidence: dict) -> str:
    if not header:
        return f":red-badge[{t('imp.map.missing')}]" if f.required else ""
    if header != proposed:
        return f":gray-badge[{t('imp.map.manual')}]"
    score = confidence.get(f.name, 1.0)
    share = f"{score * 100:.0f}%"
    if score < mapping.SURE:
        return f":orange-badge[:material/help: {t('imp.map.unsure_badge', share=share)}]"
    return f":green-badge[:material/check: {share}]"


# ---------------------------------------------------------------- validate and commit


def validate_step(raw, current: mapping.Mapping, source: str, upload: dict, sheet) -> None:
    st.subheader(t("imp.step.validate"))
    missing = imports.required_missing(current)
    if missing:
        labels = [imports.field_label(current.kind, f.name) for f in missing]
        st.error(t("imp.validate.missing", fields=_join(labels)))
    if not source:
        st.info(t("imp.validate.need_source"))
    key = [upload["hash"], sheet, current.to_json(), source]
    clicked = st.button(
        t("imp.validate.button"), type="primary", key="_imp_validate", disabled=bool(missing) or not source
    )
    if clicked:
        st.session_state[VALIDATED_KEY] = key
        st.session_state.pop(RESULT_KEY, None)
        with st.status(t("imp.validate.running", n=count(len(raw))), expanded=False) as status:
            imports.plan(*key, version, raw, upload["data"])
            status.update(label=t("imp.validate.done"), state="complete")

    result = st.session_state.get(RESULT_KEY)
    if result and result.get("hash") == upload["hash"]:
        st.subheader(t("imp.step.commit"))
        show_result(result)
        return
    if st.session_state.get(VALIDATED_KEY) != key:
        if st.session_state.get(VALIDATED_KEY):
            st.caption(t("imp.validate.stale"))
        return
    plan = imports.plan(*key, version, raw, upload["data"])
    validation = plan.validation
    if plan.already_imported:
        batch, when = plan.already_imported
        st.warning(
            imports.message("already_imported", {"batch_id": batch, "imported_at": f"{when:%Y-%m-%d %H:%M}"})
        )
        return

    valid_rows = int(validation.valid.sum())
    cols = st.columns(3)
    cols[0].metric(t("imp.validate.rows"), count(validation.rows), border=True)
    cols[1].metric(t("imp.validate.valid"), count(valid_rows), border=True)
    cols[2].metric(t("imp.validate.rejected"), count(validation.rejected_rows), border=True)

    for issue in validation.file_issues:
        st.error(imports.file_issue_message(plan.kind, issue))
        if issue["code"] == "unmapped_cost_category":
            quick_map(plan.source, issue["unmapped"])
    if validation.ok:
        st.success(t("imp.validate.ok", n=count(validation.rows)))
    else:
        table = imports.report(plan)
        st.markdown(f"**{t('imp.report.title', n=count(len(table)))}**")
        st.dataframe(
            table.rename(columns=imports.report_labels()),
            hide_index=True,
            width="stretch",
            height=min(400, 38 + 35 * len(table)),
        )
        st.download_button(
            t("imp.report.download"),
            imports.report_csv(plan),
            file_name=f"report_{upload['hash'][:8]}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="_imp_report_dl",
        )
    if validation.file_issues or valid_rows == 0:
        st.caption(t("imp.commit.blocked"))
        return
    commit_step(plan, upload)


def commit_step(plan, upload: dict) -> None:
    st.subheader(t("imp.step.commit"))
    rejected = plan.validation.rejected_rows
    mode = "all_or_nothing"
    if rejected:
        if st.session_state.get(MODE_KEY) not in MODES:
            st.session_state[MODE_KEY] = "all_or_nothing"
        mode = st.radio(
            t("imp.commit.mode"),
            MODES,
            index=MODES.index(st.session_state[MODE_KEY]),
            format_func={
                "all_or_nothing": t("imp.commit.mode.all_or_nothing"),
                "valid_rows": t("imp.commit.mode.valid_rows", n=count(rejected)),
            }.get,
            key=lang_key("_imp_mode"),
            on_change=remember,
            args=(lang_key("_imp_mode"), MODE_KEY),
        )
        if mode == "all_or_nothing":
            st.info(t("imp.commit.fix_first", n=count(rejected)))
        else:
            st.download_button(
                t("imp.commit.rejects", n=count(rejected)),
                imports.rejects_csv(plan),
                file_name=f"rejects_{upload['hash'][:8]}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/download:",
                key="_imp_rejects_dl",
            )
    who = st.text_input(
        t("imp.commit.who"),
        value=st.session_state.get(WHO_KEY, ""),
        key="_imp_who_w",
        placeholder=t("imp.commit.who_hint"),
    ).strip()
    st.session_state[WHO_KEY] = who
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
    rejects = imports.rejects_csv(plan) if mode == "valid_rows" and rejected else None
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
    st.session_state[RESULT_KEY] = {
        "hash": upload["hash"],
        "batch": result.batch_id,
        "inserted": result.inserted,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "rejects": rejects,
    }
    st.session_state.pop(VALIDATED_KEY, None)
    st.rerun()  # the frame's freshness line and every cached read pick up the new data version


def show_result(result: dict) -> None:
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
    if result.get("rejects"):
        st.download_button(
            t("imp.commit.rejects", n=count(result["rejected"])),
            result["rejects"],
            file_name=f"rejects_batch_{result['batch']}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="_imp_result_rejects_dl",
        )
    st.button(t("imp.result.next"), on_click=_clear_file, key="_imp_next", icon=":material/upload_file:")


def quick_map(source: str, categories: list[str]) -> None:
    """Map the categories that block this import, right here; the plan re-validates with the saved map."""
    labels = imports.leaf_labels(version)
    codes = list(labels)
    st.session_state[PENDING_KEY] = (source, tuple(categories))
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
            on_click=_open_categories,
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
            st.session_state[FLASH_KEY] = ("imp.cat.saved", {"n": saved})
            st.rerun()


# ================================================================ history and undo


def history_section() -> None:
    st.subheader(t("imp.history.title"))
    undone = st.session_state.pop(UNDONE_KEY, None)
    if undone:
        st.success(t("imp.undo.done", batch=undone[0], n=count(undone[1])))
    frame_ = imports.history(version)
    if frame_.empty:
        st.info(t("imp.history.empty"))
        return
    shown = frame_.copy()
    shown["kind"] = [
        t(f"imp.kind.{k}") if k in imports.KIND_NAMES else t("imp.kind.demo") for k in shown["kind"]
    ]
    shown["status"] = [t(f"imp.status.{s}") for s in shown["status"]]
    shown["batch_id"] = [f"#{b}" for b in shown["batch_id"]]
    columns = [
        "batch_id", "kind", "source", "file_name", "rows_inserted", "rows_updated", "rows_unchanged",
        "rows_rejected", "imported_by", "imported_at", "status", "undone_at",
    ]  # fmt: skip
    st.dataframe(
        shown[columns],
        hide_index=True,
        width="stretch",
        column_config={
            **{c: st.column_config.Column(t(f"imp.history.{c}")) for c in columns},
            "imported_at": st.column_config.DatetimeColumn(
                t("imp.history.imported_at"), format="YYYY-MM-DD HH:mm"
            ),
            "undone_at": st.column_config.DatetimeColumn(
                t("imp.history.undone_at"), format="YYYY-MM-DD HH:mm"
            ),
            **{
                c: st.column_config.NumberColumn(t(f"imp.history.{c}"), format="localized")
                for c in ("rows_inserted", "rows_updated", "rows_unchanged", "rows_rejected")
            },
        },
    )
    st.caption(t("imp.history.demo_note"))

    choices = imports.undoable(frame_)
    st.markdown(f"**{t('imp.undo.title')}**")
    if not choices:
        st.caption(t("imp.undo.none"))
        return
    by_id = frame_.set_index("batch_id")
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
        st.session_state[CONFIRM_UNDO_KEY] = batch
    pending = st.session_state.get(CONFIRM_UNDO_KEY)
    if pending is None or pending not in choices:
        return
    row = by_id.loc[pending]
    with st.container(border=True):
        st.warning(
            t(
                "imp.undo.confirm",
                batch=pending,
                inserted=count(row["rows_inserted"]),
                updated=count(row["rows_updated"]),
            )
        )
        yes, no = st.columns(2)
        if yes.button(t("imp.undo.yes"), type="primary", key="_imp_undo_yes", width="stretch"):
            st.session_state.pop(CONFIRM_UNDO_KEY, None)
            try:
                removed = imports.undo(int(pending))
            except store.WriteBusyError:
                st.warning(imports.message("write_busy"))
                return
            except IngestError as error:
                st.error(imports.error_message(error))
                return
            st.session_state[UNDONE_KEY] = (int(pending), removed)
            st.rerun()
        if no.button(t("imp.undo.no"), key="_imp_undo_no", width="stretch"):
            st.session_state.pop(CONFIRM_UNDO_KEY, None)
            st.rerun()


# ================================================================ cost category map


def categories_section() -> None:
    st.subheader(t("imp.cat.title"))
    st.caption(t("imp.cat.intro"))
    pending_source, pending = st.session_state.get(PENDING_KEY, ("", ()))
    systems = list(
        dict.fromkeys([*imports.source_systems(version), *([pending_source] if pending_source else [])])
    )
    current = st.session_state.get(CAT_SYSTEM_KEY) or (systems[0] if systems else None)
    if current and current not in systems:
        systems.append(current)
    system = st.selectbox(
        t("imp.cat.system"),
        systems,
        index=systems.index(current) if current in systems else None,
        key="_imp_cat_system_w",
        on_change=remember,
        args=("_imp_cat_system_w", CAT_SYSTEM_KEY),
        accept_new_options=True,
        placeholder=t("imp.cat.system_placeholder"),
        help=t("imp.cat.system_help"),
    )
    if not system:
        return
    st.session_state[CAT_SYSTEM_KEY] = system
    missing = imports.unmapped(system, tuple(pending) if system == pending_source else (), version)
    if missing:
        st.warning(t("imp.cat.unmapped", n=len(missing), categories=_join(missing)))
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
        st.session_state[FLASH_KEY] = ("imp.cat.saved", {"n": saved})
        st.rerun()


if section == "history":
    history_section()
elif section == "categories":
    categories_section()
else:
    import_section()
