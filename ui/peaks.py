"""A coming peak's staffing need, as the home page and the review mode show it."""

from __future__ import annotations

import streamlit as st

from analytics.overview import PeakOutlook
from ui.evaluation_text import peak_growth_text
from ui.format import count
from ui.i18n import current_language, t


def show_need(outlook: PeakOutlook, words: str) -> None:
    """The agents needed against the roster, short or enough (the need alone where no roster was imported), and
    how last year's days were grown. `words` picks the wording: 'home.peaks' (compact) or 'review.peaks' (for
    the meeting)."""
    if not outlook.has_roster:
        st.markdown(t("home.peaks.needed", needed=count(outlook.agents_needed)))
        st.info(t("home.peaks.no_roster"))
    else:
        needed, roster = count(outlook.agents_needed), count(outlook.agents_on_roster)
        st.markdown(t(f"{words}.estimate", needed=needed, roster=roster))
        if outlook.gap > 0:
            st.error(t(f"{words}.gap", gap=count(outlook.gap)))
        else:
            st.success(t(f"{words}.enough", spare=count(-outlook.gap)))
    st.caption(peak_growth_text(outlook, current_language()))
