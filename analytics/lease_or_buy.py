"""Buy or lease seat kit (computers, headsets, furniture, servers): what each costs over the kit's life in
today's money, when the cash paid out crosses over, and what each puts in the monthly budget.

Buying pays the price up front, then upkeep every month, and gets the resale value back at the end of the
life; the budget carries straight-line depreciation ((price − resale) / life, as the asset register does)
plus upkeep. Leasing pays a monthly fee (upkeep included) only for the months the kit is needed: a seat
needed only for the 618 and Double-11 peaks is leased a few months a year, averaged here over the year.
Payments fall at the start of each month; money is discounted at the yearly cost of capital. `peak_seats`
turns the coming promotions' agent gaps (overview.next_peaks) into such a case: how many seats, how many months.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics.overview import PeakOutlook

KITS = ("computers", "headsets", "furniture", "servers")
KIT_CODES = {
    "computers": "equipment_facilities.computers",
    "headsets": "equipment_facilities.headsets",
    "furniture": "equipment_facilities.furniture",
    "servers": "software_technology.servers",
}


@dataclass(frozen=True)
class Terms:
    """What buying and leasing `units` of one kind of kit would cost (per unit, in ¥)."""

    units: int
    price: float
    life_months: int
    resale_share: float
    """Resale value at the end of the life, as a share of the price."""
    upkeep_rate: float
    """Yearly upkeep of bought kit (repairs, support contract), as a share of the price."""
    lease_fee: float
    """Monthly fee per unit, upkeep included."""
    months_per_year: int
    """Months a year the kit is needed; leased only for those (12: all year)."""
    discount_rate: float
    """Yearly cost of capital."""


REFERENCE_TERMS = {
    "computers": Terms(50, 5_000.0, 36, 0.05, 0.03, 180.0, 12, 0.04),
    "headsets": Terms(50, 400.0, 24, 0.0, 0.0, 25.0, 12, 0.04),
    "furniture": Terms(50, 1_500.0, 60, 0.0, 0.01, 40.0, 12, 0.04),
    "servers": Terms(2, 40_000.0, 60, 0.05, 0.08, 1_200.0, 12, 0.04),
}
"""Starting values for the inputs: market references to overwrite with the vendors' quotes."""
LEASE_MONTH_DAYS = 30
"""Days of one month's lease: a promotion of 32 days is leased for two months."""


@dataclass(frozen=True)
class Comparison:
    """Buying against leasing over the kit's life.

    schedule: month (1..life), buy_cash, lease_cash (paid out that month; the buy side's last month nets the
    resale), buy_cumulative, lease_cumulative, buy_expense, lease_expense (what the month's budget carries).
    """

    schedule: pd.DataFrame
    buy_cost: float
    """Present value of buying: price, upkeep, less the resale value."""
    lease_cost: float
    """Present value of leasing over the same months."""
    breakeven_fee: float
    """The monthly fee per unit at which leasing costs as much as buying."""
    crossover_month: int | None
    """The first month by whose end leasing has paid out more cash than buying (None: never within the life)."""
    breakeven_months: float | None
    """Months a year of use at which leasing, at this fee, costs as much as buying (fewer: leasing is cheaper);
    None when the lease is free."""

    @property
    def cheaper(self) -> str:
        """'buy', 'lease', or 'even' when the two are within a yuan of each other."""
        if abs(self.lease_cost - self.buy_cost) < 1:
            return "even"
        return "buy" if self.buy_cost < self.lease_cost else "lease"

    @property
    def saving(self) -> float:
        """What the cheaper way saves over the other, in today's money."""
        return abs(self.lease_cost - self.buy_cost)


def check_terms(terms: Terms) -> None:
    """Raise ValueError naming the first term out of range."""
    rules = [
        ("units", terms.units >= 1),
        ("price", terms.price > 0),
        ("life_months", 1 <= terms.life_months <= 240),
        ("resale_share", 0 <= terms.resale_share < 1),
        ("upkeep_rate", 0 <= terms.upkeep_rate <= 1),
        ("lease_fee", terms.lease_fee >= 0),
        ("months_per_year", 1 <= terms.months_per_year <= 12),
        ("discount_rate", 0 <= terms.discount_rate <= 1),
    ]
    for name, ok in rules:
        if not ok:
            raise ValueError(f"{name} out of range: {getattr(terms, name)!r}")


def compare(terms: Terms) -> Comparison:
    """Cash, budget and present-value cost of buying and of leasing the kit over its life."""
    check_terms(terms)
    life = terms.life_months
    months = np.arange(1, life + 1)
    monthly_rate = (1 + terms.discount_rate) ** (1 / 12) - 1
    at_start = (1 + monthly_rate) ** -(months - 1.0)  # paid at the start of each month
    at_end_of_life = (1 + monthly_rate) ** -float(life)

    bought = terms.units * terms.price
    resale = bought * terms.resale_share
    upkeep = bought * terms.upkeep_rate / 12
    buy_cash = np.full(life, upkeep)
    buy_cash[0] += bought
    buy_cash[-1] -= resale
    leased_units = terms.units * terms.months_per_year / 12  # units leased in an average month
    lease_cash = np.full(life, terms.lease_fee * leased_units)

    buy_cost = bought + upkeep * at_start.sum() - resale * at_end_of_life
    lease_cost = float(lease_cash @ at_start)
    # leasing's cost is linear in the months a year of use: this is what each month a year adds
    lease_per_month_a_year = terms.lease_fee * terms.units / 12 * at_start.sum()
    buy_cumulative = np.cumsum(buy_cash)
    lease_cumulative = np.cumsum(lease_cash)
    crossed = np.flatnonzero(lease_cumulative > buy_cumulative)
    schedule = pd.DataFrame(
        {
            "month": months,
            "buy_cash": buy_cash,
            "lease_cash": lease_cash,
            "buy_cumulative": buy_cumulative,
            "lease_cumulative": lease_cumulative,
            "buy_expense": (bought - resale) / life + upkeep,
            "lease_expense": lease_cash,
        }
    )
    return Comparison(
        schedule=schedule,
        buy_cost=float(buy_cost),
        lease_cost=lease_cost,
        breakeven_fee=float(buy_cost / (leased_units * at_start.sum())),
        crossover_month=int(months[crossed[0]]) if len(crossed) else None,
        breakeven_months=float(buy_cost / lease_per_month_a_year) if terms.lease_fee > 0 else None,
    )


def register_life(con: duckdb.DuckDBPyConnection, kit: str) -> int | None:
    """The useful life (months) the asset register gives bought kit of this kind, the latest purchase's."""
    row = con.execute(
        "SELECT useful_life_months FROM assets WHERE taxonomy_code = ? AND NOT is_lease"
        " ORDER BY purchase_date DESC LIMIT 1",
        [KIT_CODES[kit]],
    ).fetchone()
    return int(row[0]) if row else None


def agent_seats(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> int:
    """In-house agents employed on `as_of` (outsourced agents sit at the vendor's desks)."""
    return int(
        con.execute(
            "SELECT count(*) FROM staff WHERE role = 'agent' AND employment_type <> 'outsourced'"
            " AND hire_date <= ? AND (leave_date IS NULL OR leave_date > ?)",
            [as_of, as_of],
        ).fetchone()[0]
    )


@dataclass(frozen=True)
class PeakLease:
    """One coming promotion's extra seats: agent FTE short at its peak, and the months its days span."""

    event_key: str
    peak_start: dt.date
    gap: int
    days: int
    months: int


@dataclass(frozen=True)
class PeakSeats:
    """Seats to add for the coming promotions: the largest gap among them, leased for all their months."""

    peaks: tuple[PeakLease, ...]

    @property
    def units(self) -> int:
        return max(p.gap for p in self.peaks)

    @property
    def months_per_year(self) -> int:
        return min(12, sum(p.months for p in self.peaks))


def peak_seats(con: duckdb.DuckDBPyConnection, outlooks: Sequence[PeakOutlook]) -> PeakSeats | None:
    """The seats the coming 618 and Double-11 need beyond the roster (overview.next_peaks' gaps), each leased
    for its event's days, all phases (ceil of days / LEASE_MONTH_DAYS); None when no peak is short of agents
    or the gap cannot be told (no roster, or no history of last year's event)."""
    peaks = []
    for outlook in outlooks:
        if not (outlook.has_roster and outlook.has_history and outlook.gap > 0):
            continue
        first, last = con.execute(
            "SELECT min(start_date), max(end_date) FROM events WHERE event_key = ? AND year = ?",
            [outlook.event_key, outlook.peak_start.year],
        ).fetchone()
        days = (last - first).days + 1
        peaks.append(
            PeakLease(
                outlook.event_key, outlook.peak_start, outlook.gap, days, math.ceil(days / LEASE_MONTH_DAYS)
            )
        )
    return PeakSeats(tuple(peaks)) if peaks else None
