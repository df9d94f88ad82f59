"""The Data page's (数据导入) mapping step, drawn in Streamlit: the mapping profile and source system, one row per
field (file column, money unit, how sure the recognition is, a sample value), and saving the mapping as a profile."""

from __future__ import annotations

import streamlit as st

from analytics import store
from analytics.ingest import mapping
from analytics.ingest.kinds import Field, get_kind
from analytics.ingest.readers import RawTable
from ui import import_state as state
from ui import imports
from ui.format import listing
from ui.i18n import current_language, labeller, t

WIDTHS = [3, 5, 2, 3, 2]  # field, column, unit, confidence, sample: a template header and every badge fit


def mapping_step(raw: RawTable, kind: str, content_hash: str, version: str) -> tuple[mapping.Mapping, str]:
    """Step 3: map the file's columns to the kind's fields; returns the mapping and the source system."""
    st.subheader(t("imp.step.mapping"))
    found = imports.profiles(kind)
    names = [p.name for p in found]
    key = (content_hash, raw.sheet, kind)
    if st.session_state.get(state.LANG_KEY) != current_language() and state.GEN_KEY in st.session_state:
        st.session_state[state.GEN_KEY] += (
            1  # redraw the mapping's selectboxes with labels in the new language
        )
    st.session_state[state.LANG_KEY] = current_language()
    carried = st.session_state.pop(state.CARRY_KEY, None)
    if st.session_state.get(state.MAPPING_FOR_KEY) != key and carried is not None:
        _carry(raw, carried)
        st.session_state[state.MAPPING_FOR_KEY] = key
    if st.session_state.get(state.MAPPING_FOR_KEY) != key:
        chosen = (
            st.session_state.get(state.PROFILE_KEY)
            if st.session_state.get(state.PROFILE_FORCED_KEY)
            else None
        )
        if chosen is None:
            match = imports.matching_profile(found, raw.headers)
            chosen = match.name if match else state.AUTO
        _apply_profile(raw, kind, chosen if chosen in names else state.AUTO, found, version)
        st.session_state[state.MAPPING_FOR_KEY] = key
    gen = st.session_state[state.GEN_KEY]
    base: mapping.Mapping = st.session_state[state.MAPPING_KEY]
    profile_name = st.session_state[state.PROFILE_KEY]

    source = _profile_and_source(names, profile_name, gen)
    chosen_columns, units = _field_rows(raw, kind, base, gen)
    current_mapping = imports.with_columns(base, chosen_columns, units, source)
    st.session_state[state.MAPPING_KEY] = current_mapping
    used = {h for v in current_mapping.columns.values() for h in ([v] if isinstance(v, str) else v)}
    spare = [h for h in raw.headers if h not in used]
    if spare:
        st.caption(t("imp.map.unused", columns=listing(spare)))
    _save_profile_box(current_mapping, profile_name, source, gen)
    return current_mapping, source


def _profile_and_source(names: list[str], profile_name: str, gen: int) -> str:
    """The profile picker and the source system box; returns the source system as typed."""
    left, right = st.columns(2)
    options = [state.AUTO, *names]
    left.selectbox(
        t("imp.profile.label"),
        options,
        index=options.index(profile_name) if profile_name in options else 0,
        format_func={state.AUTO: t("imp.profile.auto"), **{n: n for n in names}}.get,
        key=f"_imp_profile_{gen}",
        on_change=state.profile_changed,
        args=(f"_imp_profile_{gen}",),
        help=t("imp.profile.help"),
    )
    source = right.text_input(
        t("imp.source.label"),
        value=st.session_state.get(state.SOURCE_KEY, ""),
        key=f"_imp_source_{gen}",
        placeholder=t("imp.source.placeholder"),
        help=t("imp.source.help"),
    ).strip()
    st.session_state[state.SOURCE_KEY] = source
    if profile_name != state.AUTO:
        st.caption(t("imp.profile.applied", name=profile_name))
    return source


def _field_rows(
    raw: RawTable, kind: str, base: mapping.Mapping, gen: int
) -> tuple[dict[str, str | None], dict[str, float]]:
    """One row per field, the optional ones not in the mapping under 'more'; returns the picked columns and the
    units of money and time columns."""
    confidence: dict = st.session_state[state.CONFIDENCE_KEY]
    spec = get_kind(kind)
    samples = imports.sample_values(raw)
    unsure = [
        f.name
        for f in spec.fields
        if isinstance(base.columns.get(f.name), str) and confidence.get(f.name, 1.0) < mapping.SURE
    ]
    if unsure:
        st.warning(t("imp.map.unsure", fields=listing(imports.field_label(kind, n) for n in unsure)))
    head = st.columns(WIDTHS)
    for column, label in zip(head, ("field", "column", "unit", "confidence", "sample"), strict=True):
        column.markdown(f"**{t(f'imp.map.head.{label}')}**")
    chosen: dict[str, str | None] = {}
    units: dict[str, float] = {}
    header_options = [state.NO_COLUMN, *raw.headers]
    header_names = {state.NO_COLUMN: t("imp.map.none"), **{h: h for h in raw.headers}}
    from_profile = st.session_state.get(state.PROFILE_KEY, state.AUTO) != state.AUTO
    joins: dict[str, str] = st.session_state.get(state.JOINS_KEY, {})
    shown = [f for f in spec.fields if f.required or f.name in base.columns or f.name in base.constants]
    more = [f for f in spec.fields if f not in shown]
    more_box = None
    for f in shown + more:
        if f in more and more_box is None:
            more_box = st.expander(t("imp.map.more", n=len(more)))
        row = (more_box or st).columns(WIDTHS, vertical_alignment="center")
        label = imports.field_label(kind, f.name)
        row[0].markdown(f"{label} :red[*]" if f.required else label)
        if not imports.is_simple(base, f.name):
            row[1].markdown(t("imp.map.constant", value=base.constants[f.name]))
            row[3].markdown(f":blue-badge[{t('imp.map.profile' if from_profile else 'imp.map.from_cells')}]")
            continue
        current = imports.picked(base, f)
        joined = [joins[f.name]] if f.name in joins else []
        every_row = imports.every_row_choices(f, current)
        join_two = [imports.JOIN_TWO] if f.type in mapping.JOINABLE_TYPES else []
        summary = imports.summary_choices(kind, f)
        options = header_options + joined + summary + every_row + join_two
        header = row[1].selectbox(
            label,
            options,
            index=options.index(current) if current in options else 0,
            format_func={
                **header_names,
                **{c: imports.joined_label(f, c) for c in joined},
                **{c: imports.every_row_label(f, c) for c in every_row},
                **{c: t(f"imp.map.join_two.{f.type}") for c in join_two},
                **{c: t("imp.map.summary_id") for c in summary},
            }.get,
            key=f"_imp_map_{gen}_{f.name}",
            label_visibility="collapsed",
        )
        chosen[f.name] = header or None
        if header in joined:
            row[3].markdown(f":blue-badge[{t('imp.map.profile' if from_profile else 'imp.map.from_cells')}]")
            row[4].caption(_joined_sample(f, imports.joined_headers(header), samples))
            continue
        if header == imports.JOIN_TWO:  # two columns the user picks: a date and a time, a debit and a credit
            pair = _two_columns(row[1], f, raw.headers, base, gen)
            chosen[f.name] = imports.joined_choice(pair) if pair else None
            if pair and f.type == "money":  # debit less credit, or an amount signed by its 借/贷 column
                row[1].caption(imports.joined_label(f, imports.joined_choice(pair)))
            row[3].markdown(f":gray-badge[{t('imp.map.manual')}]" if pair else badge(f, None, None, {}))
            if pair:
                row[4].caption(_joined_sample(f, pair, samples))
            continue
        if header == imports.EVERY_ROW:  # the value typed once for the whole file (a cost center, its month)
            typed = _typed_value(row[1], f, label, base, gen)
            chosen[f.name] = imports.EVERY_ROW + typed if typed else None
            row[3].markdown(
                f":blue-badge[{t(_typed_badge(typed, raw))}]" if typed else badge(f, None, None, {})
            )
            continue
        if header in every_row:
            row[3].markdown(f":blue-badge[{t('imp.map.every_row_badge')}]")
            continue
        # a monthly summary without voucher numbers: each line's id from its month, cost center and account
        if header in summary:
            row[1].caption(t("imp.map.summary_note"))
            row[3].markdown(f":blue-badge[{t('imp.map.summary_badge')}]")
            continue
        if header and f.type in ("money", "duration"):
            units[f.name] = _unit(row[2], f, header, current, base, gen)
        row[3].markdown(badge(f, header, current, confidence))
        if header:
            row[4].caption(str(samples.get(header, ""))[:40] or "—")
    return chosen, units


def _joined_sample(f: Field, headers: list[str], samples: dict[str, str]) -> str:
    """A joined field's sample as validation will read it (2024-06-18 08:00); a net amount's debit alone, as its
    debit and credit samples come from different rows."""
    parts = [str(samples.get(h, "")) for h in headers]
    if mapping.is_net(f, headers):
        return parts[0][:40] or "—"
    return mapping.joiner(f).join(parts)[:40]


def _two_columns(cell, f: Field, headers: list[str], base: mapping.Mapping, gen: int) -> list[str] | None:
    """The two pickers under a field read from two columns (its date column, then its time column); the pair,
    or None until both are picked and differ. The pair the mapping holds is shown picked."""
    held = base.columns.get(f.name)
    held = held if isinstance(held, list) and len(held) == 2 else [None, None]
    pair = [
        cell.selectbox(
            t(f"imp.map.join_part.{f.type}.{i}"),
            headers,
            index=headers.index(held[i]) if held[i] in headers else None,
            placeholder=t(f"imp.map.join_part.{f.type}.{i}"),
            key=f"_imp_join_{gen}_{f.name}_{i}",
            label_visibility="collapsed",
        )
        for i in (0, 1)
    ]
    if pair[0] and pair[0] == pair[1]:
        cell.caption(t("imp.map.join_same"))
    return pair if all(pair) and pair[0] != pair[1] else None


def _typed_badge(typed: str, raw: RawTable) -> str:
    """The badge key of a value given every row: the account or the month the file's title names, or typed."""
    if typed == raw.title_account:
        return "imp.map.from_title"
    if typed == raw.title_month:
        return "imp.map.month_named"
    return "imp.map.every_row_badge"


def _typed_value(cell, f: Field, label: str, base: mapping.Mapping, gen: int) -> str:
    """The box under a field's picker for the value every row gets (a cost center, a month), as typed; a month
    as read (2025年1月: 2025-01), or nothing while what is typed is no month (said under the box)."""
    typed = cell.text_input(
        label,
        value=base.constants.get(f.name, ""),
        key=f"_imp_typed_{gen}_{f.name}",
        placeholder=t("imp.map.typed_month" if f.type == "month" else "imp.map.typed_placeholder"),
        label_visibility="collapsed",
    ).strip()
    if f.type != "month" or not typed:
        return typed
    month = mapping.every_row_code(f, typed)
    if month is None:
        cell.caption(f":red[{t('imp.map.not_a_month', value=typed)}]")
    return month or ""


def _unit(cell, f: Field, header: str, current: str | None, base: mapping.Mapping, gen: int) -> float:
    """A money column's unit, picked (元 or 万元, the header's by default); a length of time's, read from its
    header (分钟: ×60) and said beside it."""
    kept = base.units.get(f.name) if header == current else None
    if f.type == "duration":
        unit = kept or mapping.field_unit(f, header)
        if unit != 1.0:
            cell.caption(t("imp.map.time_unit", unit=t(f"imp.time_unit.{unit:.0f}"), factor=f"{unit:.0f}"))
        return unit
    default = kept or mapping.header_unit(header)
    return cell.selectbox(
        t("imp.map.head.unit"),
        imports.UNITS,
        index=imports.UNITS.index(default) if default in imports.UNITS else 0,
        format_func=labeller("imp.unit.", imports.UNITS),
        key=f"_imp_unit_{gen}_{f.name}_{header}",
        label_visibility="collapsed",
    )


def _save_profile_box(current_mapping: mapping.Mapping, profile_name: str, source: str, gen: int) -> None:
    """Save the mapping as a named profile, so the next file from this system maps itself."""
    with st.expander(t("imp.profile.save_title")):
        name = st.text_input(
            t("imp.profile.name"),
            value=profile_name if profile_name != state.AUTO else source,
            key=f"_imp_pname_{gen}",
        ).strip()
        if st.button(t("imp.profile.save"), key="_imp_profile_save", disabled=not name):
            try:
                imports.save_profile(current_mapping, name, source)
                st.session_state[state.PROFILE_KEY] = name
                st.success(t("imp.profile.saved", name=name))
            except store.WriteBusyError:
                st.warning(imports.message("write_busy"))


def _apply_profile(raw: RawTable, kind: str, name: str, found: list[mapping.Mapping], version: str) -> None:
    """Start the mapping from a profile (or from recognised headers) and bump the widget generation."""
    proposed, confidence = imports.propose(raw, kind)
    if name == state.AUTO:
        base = proposed
    else:
        profile = next(p for p in found if p.name == name)
        base = mapping.with_title(profile, raw)
        confidence = {f: 1.0 for f in base.columns}
    st.session_state[state.MAPPING_KEY] = base
    st.session_state[state.JOINS_KEY] = {
        f: imports.joined_choice(headers) for f, headers in base.columns.items() if isinstance(headers, list)
    }
    st.session_state[state.CONFIDENCE_KEY] = confidence
    st.session_state[state.PROFILE_KEY] = name
    linked_kind, linked_source = st.session_state.pop(state.LINKED_SOURCE_KEY, (None, None))
    if linked_kind == kind:  # the system a link asked for wins over a matching profile's, once
        st.session_state[state.SOURCE_KEY] = linked_source
    elif base.source:
        st.session_state[state.SOURCE_KEY] = base.source
    elif not st.session_state.get(state.SOURCE_KEY):
        earlier = imports.known_sources(imports.history(version), kind)
        st.session_state[state.SOURCE_KEY] = earlier[0] if earlier else ""
    st.session_state[state.GEN_KEY] = st.session_state.get(state.GEN_KEY, 0) + 1
    st.session_state.pop(state.VALIDATED_KEY, None)


def _carry(raw: RawTable, last_title_account: str) -> None:
    """The next sheet of a workbook keeps the last sheet's mapping as it was used; a title naming another account
    than the last sheet's gives every row this sheet's account, a month given every row is this sheet's (its
    title's or name's, or none until typed), and a money unit its table states is its amounts'."""
    carried = mapping.with_title_month(st.session_state[state.MAPPING_KEY], raw)  # each sheet its own month
    carried = mapping.with_title_unit(carried, raw)
    if (raw.title_account or "") != last_title_account:
        carried = mapping.with_title_account(carried, raw)
    st.session_state[state.MAPPING_KEY] = carried
    st.session_state[state.GEN_KEY] += 1


def badge(f: Field, header: str | None, proposed: str | None, confidence: dict) -> str:
    """The badge beside a field: missing, picked by hand, or how sure the recognition is."""
    if not header:
        return f":red-badge[{t('imp.map.missing')}]" if f.required else ""
    if header != proposed:
        return f":gray-badge[{t('imp.map.manual')}]"
    score = confidence.get(f.name, 1.0)
    share = f"{score * 100:.0f}%"
    if score < mapping.SURE:
        return f":orange-badge[:material/help: {t('imp.map.unsure_badge', share=share)}]"
    return f":green-badge[:material/check: {share}]"
