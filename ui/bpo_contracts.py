"""The BPO's contract terms by channel, typed in on the what-if page: how each channel is charged (per seat-month,
per contact, per hour) and at what price, and the contract's peak surcharge. Without a contract a channel is priced
from the ledger (the last 12 months' average monthly outsourcing spend outside the peak months per outsourced
agent, per seat-month) and the peak months from the books' surcharge; a contract typed in prices the what-if and
every budget draft from then on, for the whole team (analytics.cost_model.set_bpo_contracts). The terms a save
replaced are listed under the button.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import cost_model, store
from analytics.channels import in_channel_order
from analytics.cost_model import OutsourcingPrice
from ui import data
from ui.format import listing, percent, yuan_fen
from ui.i18n import t

LEDGER = "ledger"
"""The pricing choice of a channel without a contract: priced from the ledger."""
PRICINGS = (LEDGER, *cost_model.OUTSOURCING_PRICINGS)
_GENERATION_KEY = "_wi_bpo_gen"
"""Bumped on saving, so that the editor starts again from the saved terms."""
_OUTCOME_KEY = "_wi_bpo_outcome"
POPOVER_KEY = "wi_bpo_popover"


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def terms(
    version: str, as_of: dt.date
) -> tuple[dict[str, OutsourcingPrice], dict[str, OutsourcingPrice], float]:
    """The contracts typed in and the prices the ledger gives, by channel, and the books' peak surcharge rate."""
    con = data.cursor()
    ledger = cost_model.calibrated_rates(con, as_of, contracts=False)
    return cost_model.bpo_contracts(con), ledger.outsourcing, ledger.peak_surcharge


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def contract_surcharge(version: str) -> float | None:
    """The peak surcharge the contract sets, None when it is left to the books."""
    return cost_model.bpo_peak_surcharge(data.cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def last_saved(version: str) -> cost_model.ContractsSaved | None:
    return cost_model.bpo_contracts_saved(data.cursor())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def replaced(version: str) -> list[cost_model.ContractsReplaced]:
    return cost_model.bpo_contract_replacements(data.cursor())


def rate_text(share: float) -> str:
    """A surcharge rate as the contract writes it: 25%, 22.5%."""
    whole = round(share * 100, 1) == round(share * 100)
    return percent(share, 0 if whole else 1)


def replaced_line(old: cost_model.ContractsReplaced) -> str:
    """Under the popover's table, terms a later save replaced: '此前的计价：在线 ¥4.50（每次）（采购部 赵磊 于 … 保存；
    采购部 钱芳 于 … 改为新计价）'."""
    terms = (
        listing(f"{t(f'channel.{c}')} {price_text(old.terms[c])}" for c in in_channel_order(old.terms))
        if old.terms
        else t("whatif.bpo.all_ledger")
    )
    if old.peak_surcharge is not None:
        terms += t("whatif.bpo.replaced_surcharge", rate=rate_text(old.peak_surcharge))
    saved = (
        t("whatif.bpo.replaced_saved", who=old.saved.by, when=f"{old.saved.at:%Y-%m-%d %H:%M}")
        if old.saved
        else t("whatif.bpo.replaced_unsigned")
    )
    return t(
        "whatif.bpo.replaced",
        terms=terms,
        saved=saved,
        who=old.replaced.by,
        when=f"{old.replaced.at:%Y-%m-%d %H:%M}",
    )


def price_text(price: OutsourcingPrice) -> str:
    """A price with its unit: '¥9,850.00（每座席·月）', '¥4.50 / contact'."""
    return t("whatif.bpo.price", price=yuan_fen(price.price), unit=t(f"whatif.bpo.unit.{price.pricing}"))


def contract_table(
    channels: list[str], contracts: dict[str, OutsourcingPrice], ledger: dict[str, OutsourcingPrice]
) -> pd.DataFrame:
    """One row per channel: its pricing (the ledger's when no contract), the contract price, the ledger's."""
    return pd.DataFrame(
        {
            "channel": [t(f"channel.{c}") for c in channels],
            "pricing": [
                t(f"whatif.bpo.pricing.{contracts[c].pricing if c in contracts else LEDGER}")
                for c in channels
            ],
            # float even when every price is blank: the editor keeps a number typed into a numeric column only
            "price": pd.Series(
                [contracts[c].price if c in contracts else None for c in channels], dtype=float
            ),
            "ledger": [price_text(ledger[c]) for c in channels],
        }
    )


def contracts_from(table: pd.DataFrame, channels: list[str]) -> tuple[dict[str, OutsourcingPrice], list[str]]:
    """The contracts an edited table sets, and the channels whose pricing was picked with no price above 0."""
    codes = {t(f"whatif.bpo.pricing.{code}"): code for code in PRICINGS}
    contracts, unpriced = {}, []
    for channel, pricing, price in zip(channels, table["pricing"], table["price"], strict=True):
        code = codes.get(pricing, LEDGER)
        if code == LEDGER:
            continue
        if pd.isna(price) or not float(price) > 0:
            unpriced.append(t(f"channel.{channel}"))
        else:
            contracts[channel] = OutsourcingPrice(code, float(price))
    return contracts, unpriced


def editor(channels: list[str], as_of: dt.date) -> None:
    """The popover under the outsourcing sliders: the contract terms to edit, and the button that keeps them."""
    contracts, ledger, books_surcharge = terms(data.data_version(), as_of)
    surcharge = contract_surcharge(data.data_version())
    label = t("whatif.bpo.open_some" if contracts else "whatif.bpo.open", n=len(contracts))
    with st.popover(
        label, help=t("whatif.bpo.help"), width="stretch", key=POPOVER_KEY
    ):  # with a key it stays open through the edits' reruns
        st.markdown(f"**{t('whatif.bpo.title')}**")
        st.caption(t("whatif.bpo.intro"))
        generation = st.session_state.setdefault(_GENERATION_KEY, 0)
        edited = st.data_editor(
            contract_table(channels, contracts, ledger),
            hide_index=True,
            width="stretch",
            placeholder="—",
            disabled=["channel", "ledger"],
            column_config={
                "channel": st.column_config.TextColumn(t("whatif.bpo.col.channel"), width="small"),
                "pricing": st.column_config.SelectboxColumn(
                    t("whatif.bpo.col.pricing"),
                    options=[t(f"whatif.bpo.pricing.{code}") for code in PRICINGS],
                    required=True,
                ),
                "price": st.column_config.NumberColumn(
                    t("whatif.bpo.col.price"), min_value=0.0, step=0.01, format="%.2f"
                ),
                "ledger": st.column_config.TextColumn(t("whatif.bpo.col.ledger")),
            },
            key=f"wi_bpo_editor_{generation}",
        )
        surcharge_col, rule_col = st.columns([2, 3], vertical_alignment="center")
        typed = surcharge_col.number_input(
            t("whatif.bpo.surcharge_input"),
            min_value=0.0,
            max_value=100.0,
            value=None if surcharge is None else round(surcharge * 100, 2),
            step=1.0,
            format="%.1f",
            placeholder=t("whatif.bpo.surcharge_books", rate=rate_text(books_surcharge)),
            key=f"wi_bpo_surcharge_{generation}",
        )
        default = cost_model.CostRates().peak_surcharge
        rule_col.caption(
            t("whatif.bpo.surcharge", rate=rate_text(books_surcharge), default=rate_text(default))
            if surcharge is None
            else t(
                "whatif.bpo.surcharge_contract", rate=rate_text(surcharge), books=rate_text(books_surcharge)
            )
        )
        if saved := last_saved(data.data_version()):  # they price every budget draft: say who typed them in
            st.caption(t("whatif.bpo.last_saved", who=saved.by, when=f"{saved.at:%Y-%m-%d %H:%M}"))
        by_col, button_col = st.columns([3, 2], vertical_alignment="bottom")
        by = by_col.text_input(t("whatif.bpo.by"), key="wi_bpo_by")
        if button_col.button(t("whatif.bpo.save"), key="wi_bpo_save", type="primary", width="stretch"):
            save(edited, channels, by, typed)
        outcome = st.session_state.pop(_OUTCOME_KEY, None)
        if outcome == "saved":
            st.success(t("whatif.bpo.saved"))
        elif outcome in ("busy", "name"):
            st.warning(t("whatif.levers.steps_busy" if outcome == "busy" else "whatif.bpo.name_needed"))
        elif outcome:
            st.error(t("whatif.bpo.unpriced", channels=outcome))
        # what budgets drafted before were priced at; folded below the button, which a long list pushed off
        if earlier := replaced(data.data_version()):
            with st.expander(t("whatif.bpo.history", n=len(earlier))):
                for old in earlier:
                    st.caption(replaced_line(old))


def save(table: pd.DataFrame, channels: list[str], by: str, surcharge_percent: float | None) -> None:
    """Keep the edited terms and the contract's peak surcharge (in %, None: the books') for the team, signed
    ``by``, and start the page again on them; without a name, or with a pricing picked without a price (the
    channels named), nothing is saved."""
    if not by.strip():
        st.session_state[_OUTCOME_KEY] = "name"
        return
    contracts, unpriced = contracts_from(table, channels)
    if unpriced:
        st.session_state[_OUTCOME_KEY] = listing(unpriced)
        return
    try:
        surcharge = None if surcharge_percent is None else surcharge_percent / 100
        cost_model.set_bpo_contracts(data.cursor(), contracts, by, peak_surcharge=surcharge)
    except store.WriteBusyError:
        st.session_state[_OUTCOME_KEY] = "busy"
        return
    st.session_state[_OUTCOME_KEY] = "saved"
    st.session_state[_GENERATION_KEY] += 1
    st.rerun()
