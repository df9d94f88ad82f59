"""Cost model: from FTE, hires and contacts to ¥ per month by taxonomy leaf, and cost per contact.

The build-up, in the words of the seed documents (人力成本、培训、设备与技术、外包、隐性成本、预备金):

1. Fully loaded monthly cost of one FTE, by employment type (``loaded_cost_per_fte``), one line per
   taxonomy leaf:
   - base pay = base × (1 + wage increase) / FTE per head;
   - performance pay = base pay × performance share; overtime = base pay × overtime share;
   - employer social insurance and housing fund = (base + performance pay) × (social insurance rate +
     housing fund rate) for insured types (full time, and temp through a dispatch agency); part-time
     staff are not insured (only work-injury insurance, left out). Part-time and temp pay go to the
     leaf direct_labor.temp_parttime_pay;
   - per seat: computers, headsets and furniture (purchase cost / useful life), office space, utilities,
     helpdesk seat, telephony; external courses per FTE.
2. Monthly lines (``monthly_cost_lines``), month × channel × leaf:
   - in-house and temp labor: FTE of each type × its per-FTE lines (this is what reconciles with 1);
     overtime worked to cover a peak: overtime FTE × base pay × the overtime premium (1.5);
   - indirect labor: team leads, QA, trainers and workforce planners at one per ``span`` agent FTE, a
     fixed manager; each at base × (1 + wage increase), and their employer social insurance and housing
     fund (that × the two rates) on the shared direct_labor.social_insurance line, where payroll books the
     whole department's;
   - new hires (from the headcount plan): onboarding per hire = recruiting fee + classroom hours ×
     hourly wage + ramp hours × (1 − ramp productivity) × hourly wage + trainer hours per hire ×
     trainer hourly wage. Hires that replace leavers (min(hires, leavers) each month) are the attrition
     cost, hidden.attrition = replaced leavers × (recruiting + training + ramp loss); growth hires go to
     training.ramp_up_loss (classroom and ramp), training.trainer_time (trainer) and
     indirect_labor.workforce_planning (recruiting);
   - outsourcing by channel, priced per seat-month (outsourced FTE × price), per contact (outsourced
     contacts × price) or per hour (outsourced FTE × paid hours × price), plus a peak surcharge
     (surcharge rate × that) in peak months;
   - depreciation of registered assets that are not per-seat kit: (purchase cost − salvage) / useful
     life, in each month of the asset's life;
   - complaint handling: contacts × complaint rate × cost per complaint;
   - contingency: contingency rate × everything above (the seed's 10-15% reserve).
3. Cost per contact by channel (``cost_per_contact``): each channel's own lines plus the shared lines
   (indirect labor, depreciation, contingency, ...) allocated in proportion to its own cost, divided by
   the contacts it handles.

Amounts are floats in ¥ here (the model is a plan, not a ledger); the page rounds to the yuan and the
tests reconcile totals to the cent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from analytics import store
from analytics.channels import CHANNELS, in_channel_order
from analytics.staffing import PART_TIME_FTE, STANDARD_MONTHLY_HOURS

SHARED = "shared"
"""The channel label of lines that belong to no one channel (indirect labor, depreciation, reserve)."""

PAID_TYPES: tuple[str, ...] = ("full_time", "part_time", "temp")
"""Employment types paid through payroll or a dispatch agency (outsourced staff are priced by the BPO)."""

TIER1_SOCIAL_INSURANCE_RATE = 0.265
"""Employer social insurance in a tier-1 city (Shanghai order of magnitude): pension 16%, medical incl.
maternity 10%, unemployment 0.5%; work injury is small and left out."""

TIER1_HOUSING_FUND_RATE = 0.07
"""Employer housing fund contribution (住房公积金), 7% (allowed range 5-12%)."""

LEVEL1_ORDER = (
    "direct_labor",
    "indirect_labor",
    "training",
    "equipment_facilities",
    "software_technology",
    "outsourcing",
    "hidden",
    "contingency",
)
"""Level-1 taxonomy categories in the taxonomy's order."""

OUTSOURCING_PRICINGS = ("seat_month", "per_contact", "per_hour")

PER_SEAT_CODES = (
    "equipment_facilities.computers",
    "equipment_facilities.headsets",
    "equipment_facilities.furniture",
    "equipment_facilities.office_space",
    "equipment_facilities.utilities",
    "software_technology.helpdesk_seats",
    "software_technology.telephony",
)
_KIT_CODES = PER_SEAT_CODES[:3]
"""Per-seat kit priced in the per-seat rate; registered assets of these codes are not depreciated again."""

INDIRECT_BENEFITS_CODE = "direct_labor.social_insurance"
"""Where the indirect staff's employer social insurance and housing fund are booked (a shared line)."""

INDIRECT_ROLES = {
    "team_lead": "indirect_labor.team_leads",
    "qa": "indirect_labor.quality_assurance",
    "trainer": "indirect_labor.trainers",
    "wfm": "indirect_labor.workforce_planning",
    "manager": "indirect_labor.management",
}


def _frozen(mapping: Mapping) -> dict:
    """A private copy of a mapping (plain dict: rates stay picklable for Streamlit's caches)."""
    return dict(mapping)


@dataclass(frozen=True)
class PayRate:
    """Pay of one employment type: monthly base per head, performance and overtime as shares of base,
    FTE per head (a part-timer is 0.5) and whether the employer pays social insurance and housing fund."""

    base_pay: float
    performance_share: float = 0.15
    overtime_share: float = 0.03
    fte_per_head: float = 1.0
    insured: bool = True


@dataclass(frozen=True)
class OutsourcingPrice:
    """How a BPO prices one channel: 'seat_month' (¥ per FTE seat a month), 'per_contact' or 'per_hour'."""

    pricing: str = "seat_month"
    price: float = 10_000.0

    def __post_init__(self) -> None:
        if self.pricing not in OUTSOURCING_PRICINGS:
            raise ValueError(f"pricing must be one of {OUTSOURCING_PRICINGS}")
        if self.price < 0:
            raise ValueError("price must be >= 0")


@dataclass(frozen=True)
class CostRates:
    """Every price and rate of the cost model. Defaults are tier-1-city figures; ``calibrated_rates``
    replaces them with the database's own where it has them."""

    pay: Mapping[str, PayRate] = field(
        default_factory=lambda: _frozen(
            {
                "full_time": PayRate(7_500.0),
                "part_time": PayRate(3_400.0, 0.10, 0.0, fte_per_head=PART_TIME_FTE, insured=False),
                "temp": PayRate(6_100.0, 0.05, 0.05),
            }
        )
    )
    wage_increase: float = 0.0
    social_insurance_rate: float = TIER1_SOCIAL_INSURANCE_RATE
    housing_fund_rate: float = TIER1_HOUSING_FUND_RATE
    per_seat: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {
                "equipment_facilities.computers": 6_000.0 / 36,
                "equipment_facilities.headsets": 300.0 / 12,
                "equipment_facilities.furniture": 2_400.0 / 60,
                "equipment_facilities.office_space": 1_100.0,
                "equipment_facilities.utilities": 140.0,
                "software_technology.helpdesk_seats": 450.0,
                "software_technology.telephony": 330.0,
            }
        )
    )
    seats_per_fte: float = 1.0
    external_courses_per_fte: float = 200.0
    indirect_pay: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {"team_lead": 11_500.0, "qa": 8_800.0, "trainer": 9_800.0, "wfm": 12_500.0, "manager": 23_000.0}
        )
    )
    indirect_span: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"team_lead": 15.0, "qa": 40.0, "trainer": 80.0, "wfm": 120.0})
    )
    managers: float = 1.0
    recruiting_per_hire: float = 2_500.0
    training_hours_per_hire: float = 160.0
    ramp_hours_per_hire: float = 174.0
    ramp_productivity: float = 0.5
    trainer_hours_per_hire: float = 160.0 / 15
    outsourcing: Mapping[str, OutsourcingPrice] = field(
        default_factory=lambda: _frozen({c: OutsourcingPrice() for c in CHANNELS})
    )
    peak_surcharge: float = 0.20
    overtime_premium: float = 1.5
    """Overtime pay as a multiple of the hourly base pay (劳动法 第四十四条: 150% on workdays, 200% on rest days,
    300% on statutory holidays); 1.5 is the floor."""
    complaint_rate: float = 0.01
    cost_per_complaint: float = 30.0
    contingency_rate: float = 0.10
    depreciation: tuple[tuple[dt.date, dt.date, str, float], ...] = ()
    """Registered assets: (first month, last month, taxonomy code, monthly depreciation)."""

    def replace(self, **changes) -> CostRates:
        """A copy with some rates changed."""
        return dataclasses.replace(self, **changes)


def loaded_cost_per_fte(rates: CostRates) -> pd.DataFrame:
    """The fully loaded monthly cost of one FTE by employment type, one row per taxonomy leaf.

    Columns: employment_type, code, amount (¥ per FTE per month). The sum over codes of one type is its
    fully loaded cost.
    """
    rows = []
    benefit_rate = rates.social_insurance_rate + rates.housing_fund_rate
    for kind in PAID_TYPES:
        pay = rates.pay[kind]
        base = pay.base_pay * (1 + rates.wage_increase) / pay.fte_per_head
        performance = base * pay.performance_share
        pay_code = "direct_labor.base_pay" if kind == "full_time" else "direct_labor.temp_parttime_pay"
        perf_code = (
            "direct_labor.performance_pay" if kind == "full_time" else "direct_labor.temp_parttime_pay"
        )
        lines = [
            (pay_code, base),
            (perf_code, performance),
            ("direct_labor.overtime", base * pay.overtime_share),
            ("direct_labor.social_insurance", (base + performance) * benefit_rate if pay.insured else 0.0),
        ]
        lines += [(code, rates.per_seat.get(code, 0.0) * rates.seats_per_fte) for code in PER_SEAT_CODES]
        lines.append(("training.external_courses", rates.external_courses_per_fte))
        for code, amount in lines:
            rows.append({"employment_type": kind, "code": code, "amount": float(amount)})
    frame = pd.DataFrame(rows)
    return frame.groupby(["employment_type", "code"], as_index=False, sort=False)["amount"].sum()


def loaded_cost_totals(rates: CostRates) -> dict[str, float]:
    """Fully loaded monthly cost of one FTE per employment type (the sum of ``loaded_cost_per_fte``)."""
    per_fte = loaded_cost_per_fte(rates)
    return per_fte.groupby("employment_type")["amount"].sum().to_dict()


def hourly_wage(rates: CostRates, kind: str = "full_time") -> float:
    """Loaded pay (no seat costs) of one paid hour: (base + performance) × (1 + benefit rates) / 174 h."""
    pay = rates.pay[kind]
    wage = pay.base_pay * (1 + rates.wage_increase) / pay.fte_per_head * (1 + pay.performance_share)
    benefits = rates.social_insurance_rate + rates.housing_fund_rate if pay.insured else 0.0
    return wage * (1 + benefits) / STANDARD_MONTHLY_HOURS


LEGAL_OVERTIME_MULTIPLE = {"workday": 1.5, "rest_day": 2.0, "statutory_holiday": 3.0}
"""The least overtime pays by the day worked (劳动法 第四十四条), as a multiple of the hourly pay; keyed by
analytics.calendar.pay_day_type."""


def overtime_multiple(day_type: str, premium: float, comprehensive_hours: bool = False) -> float:
    """The overtime pay multiple of one day: the company's premium, or the legal floor of the day if higher.

    Under a comprehensive working-hours scheme (综合计算工时制) the hours over the period's standard are extended
    hours whatever the day, so a rest day has the workday floor; a statutory holiday keeps 300%
    (工资支付暂行规定 第十三条)."""
    if comprehensive_hours and day_type == "rest_day":
        day_type = "workday"
    return max(premium, LEGAL_OVERTIME_MULTIPLE[day_type])


def overtime_cost_per_fte(rates: CostRates) -> float:
    """What one FTE-month of overtime by full-time staff costs: 174 h × base pay per hour × the overtime premium.
    No seat (the agents sit at their own), and no social insurance: its base is last year's average wage."""
    pay = rates.pay["full_time"]
    return pay.base_pay * (1 + rates.wage_increase) / pay.fte_per_head * rates.overtime_premium


def onboarding_per_hire(rates: CostRates) -> dict[str, float]:
    """What one new full-time hire costs before being fully productive, by part (¥):
    recruiting, classroom (training hours × hourly wage), ramp loss (ramp hours × (1 − ramp productivity)
    × hourly wage) and trainer time (trainer hours per hire × trainer's hourly wage)."""
    wage = hourly_wage(rates)
    benefit = 1 + rates.social_insurance_rate + rates.housing_fund_rate
    trainer_hourly = (
        rates.indirect_pay["trainer"] * (1 + rates.wage_increase) * benefit / STANDARD_MONTHLY_HOURS
    )
    return {
        "recruiting": rates.recruiting_per_hire,
        "classroom": rates.training_hours_per_hire * wage,
        "ramp_loss": rates.ramp_hours_per_hire * (1 - rates.ramp_productivity) * wage,
        "trainer": rates.trainer_hours_per_hire * trainer_hourly,
    }


def monthly_cost_lines(
    staffing: pd.DataFrame,
    rates: CostRates,
    peak_months: set | frozenset = frozenset(),
) -> pd.DataFrame:
    """Monthly cost lines: month, channel (a channel code or ``SHARED``), code (taxonomy leaf), amount (¥).

    ``staffing`` has one row per month and channel with: contacts (handled, after deflection),
    full_time_fte, part_time_fte, temp_fte (paid FTE of each type), hires, leavers, outsourced_fte and
    outsourced_contacts, optionally overtime_fte (FTE-months of overtime worked by the in-house staff, at
    ``overtime_cost_per_fte``). ``peak_months`` are month starts that carry the outsourcing peak surcharge.
    """
    months = pd.to_datetime(staffing["month"]).to_numpy()
    channels = staffing["channel"].to_numpy()
    per_fte = loaded_cost_per_fte(rates)
    own: dict[str, np.ndarray] = {}  # code -> amount per staffing row (month × channel)
    month_index = pd.DatetimeIndex(sorted(set(pd.DatetimeIndex(months))))
    shared: dict[str, np.ndarray] = {}  # code -> amount per month

    def add(code: str, amount) -> None:
        own[code] = own.get(code, 0.0) + np.broadcast_to(np.asarray(amount, dtype=float), months.shape)

    def add_shared(code: str, amount) -> None:
        shared[code] = shared.get(code, 0.0) + np.broadcast_to(
            np.asarray(amount, dtype=float), month_index.shape
        )

    # 1. paid in-house and temp labor: FTE × per-FTE lines
    for kind in PAID_TYPES:
        fte = staffing[f"{kind}_fte"].to_numpy(dtype=float)
        lines = per_fte[per_fte["employment_type"] == kind]
        for code, amount in zip(lines["code"], lines["amount"], strict=True):
            add(code, fte * amount)

    if "overtime_fte" in staffing.columns:
        add(
            "direct_labor.overtime",
            staffing["overtime_fte"].to_numpy(dtype=float) * overtime_cost_per_fte(rates),
        )

    # 2. new hires and leavers
    onboarding = onboarding_per_hire(rates)
    per_hire = sum(onboarding.values())
    hires = staffing["hires"].to_numpy(dtype=float)
    replaced = np.minimum(hires, staffing["leavers"].to_numpy(dtype=float))
    growth = hires - replaced
    add("hidden.attrition", replaced * per_hire)
    add("training.ramp_up_loss", growth * (onboarding["classroom"] + onboarding["ramp_loss"]))
    add("training.trainer_time", growth * onboarding["trainer"])
    add("indirect_labor.workforce_planning", growth * onboarding["recruiting"])

    # 3. outsourcing
    base = np.zeros(len(staffing))
    outsourced_fte = staffing["outsourced_fte"].to_numpy(dtype=float)
    outsourced_contacts = staffing["outsourced_contacts"].to_numpy(dtype=float)
    for channel, price in rates.outsourcing.items():
        rows = channels == channel
        if price.pricing == "seat_month":
            base[rows] = outsourced_fte[rows] * price.price
        elif price.pricing == "per_contact":
            base[rows] = outsourced_contacts[rows] * price.price
        else:
            base[rows] = outsourced_fte[rows] * STANDARD_MONTHLY_HOURS * price.price
    peak = np.isin(months, np.array(sorted(peak_months), dtype="datetime64[ns]"))
    add("outsourcing.bpo_seats", base)
    add("outsourcing.peak_surcharge", np.where(peak, base * rates.peak_surcharge, 0.0))

    # 4. complaint handling (hidden cost that follows the contacts)
    contacts = staffing["contacts"].to_numpy(dtype=float)
    add("hidden.complaint_handling", contacts * rates.complaint_rate * rates.cost_per_complaint)

    # 5. shared: indirect labor and depreciation, per month
    paid_fte = sum(staffing[f"{kind}_fte"].to_numpy(dtype=float) for kind in PAID_TYPES)
    agent_fte = np.bincount(month_index.get_indexer(months), weights=paid_fte, minlength=len(month_index))
    # Payroll books the employer's social insurance and housing fund of the whole department on one leaf
    # (direct_labor.social_insurance), so the indirect staff's go there too and budget and ledger compare line
    # by line.
    benefit_rate = rates.social_insurance_rate + rates.housing_fund_rate
    for role, code in INDIRECT_ROLES.items():
        heads = rates.managers if role == "manager" else agent_fte / rates.indirect_span[role]
        pay = np.asarray(heads, dtype=float) * rates.indirect_pay[role] * (1 + rates.wage_increase)
        add_shared(code, pay)
        add_shared(INDIRECT_BENEFITS_CODE, pay * benefit_rate)
    for first, last, code, monthly in rates.depreciation:
        live = (month_index >= pd.Timestamp(first)) & (month_index <= pd.Timestamp(last))
        add_shared(code, np.where(live, monthly, 0.0))

    # 6. contingency reserve on everything above
    subtotal = np.bincount(
        month_index.get_indexer(months), weights=sum(own.values()), minlength=len(month_index)
    ) + sum(shared.values())
    add_shared("contingency.reserve", subtotal * rates.contingency_rate)

    own_codes, shared_codes = list(own), list(shared)
    frame = pd.DataFrame(
        {
            "month": np.concatenate(
                [np.tile(months, len(own_codes)), np.tile(month_index.to_numpy(), len(shared_codes))]
            ),
            "channel": np.concatenate(
                [
                    np.tile(channels.astype(object), len(own_codes)),
                    np.full(len(month_index) * len(shared_codes), SHARED, dtype=object),
                ]
            ),
            "code": np.concatenate(
                [
                    np.repeat(np.array(own_codes, dtype=object), len(months)),
                    np.repeat(np.array(shared_codes, dtype=object), len(month_index)),
                ]
            ),
            "amount": np.concatenate([*(own[c] for c in own_codes), *(shared[c] for c in shared_codes)]),
        }
    )
    return frame.sort_values(["month", "channel", "code"], ignore_index=True)


def cost_by_category(lines: pd.DataFrame) -> pd.DataFrame:
    """Monthly cost per level-1 category: month, level1, amount."""
    codes = lines["code"].unique()
    level1 = lines["code"].map({code: code.split(".", 1)[0] for code in codes})
    return lines.assign(level1=level1).groupby(["month", "level1"], as_index=False, sort=True)["amount"].sum()


def cost_per_contact(lines: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """Cost per contact by channel over the whole period: channel, direct, shared, total, contacts,
    cost_per_contact. Shared lines are allocated to channels in proportion to their direct cost.

    ``contacts`` has channel and contacts (any number of rows per channel; they are summed).
    """
    own = lines[lines["channel"] != SHARED].groupby("channel")["amount"].sum()
    shared = float(lines.loc[lines["channel"] == SHARED, "amount"].sum())
    handled = contacts.groupby("channel")["contacts"].sum()
    channels = in_channel_order(set(own.index) | set(handled.index))  # 电话 first, as the chart beside it
    frame = pd.DataFrame({"direct": own}).reindex(channels).fillna(0.0)
    weights = frame["direct"] / frame["direct"].sum() if frame["direct"].sum() > 0 else 0.0
    frame["shared"] = shared * weights
    frame["total"] = frame["direct"] + frame["shared"]
    frame["contacts"] = handled.reindex(frame.index).fillna(0.0)
    frame["cost_per_contact"] = np.where(
        frame["contacts"] > 0, frame["total"] / frame["contacts"].where(frame["contacts"] > 0, 1), np.nan
    )
    return frame.rename_axis("channel").reset_index()


# ---------------------------------------------------------------------------------------------
# Calibration from the database
# ---------------------------------------------------------------------------------------------


def default_rate_inputs(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[str, ...]:
    """What ``calibrated_rates`` cannot take from the database at as_of, so that the tier-1-city defaults stand:
    'roster' (no one employed at as_of: pay, indirect pay and seats per agent are defaults, and the ledger is
    not used either, since its per-seat prices need a seat count) and 'ledger' (no agreed-definition spend in
    the 12 months to as_of: office, software, courses and BPO prices are defaults)."""
    missing = []
    employed = con.execute(
        "SELECT count(*) FROM staff WHERE hire_date <= ? AND (leave_date IS NULL OR leave_date > ?)",
        [as_of, as_of],
    ).fetchone()[0]
    if not employed:
        missing.append("roster")
    start = (pd.Timestamp(as_of).to_period("M") - 11).to_timestamp().date()
    spent = con.execute(
        "SELECT count(*) FROM cost_entries e JOIN cost_category_map m"
        "   ON m.source_system = e.source AND m.source_category = e.source_category"
        " WHERE m.counted AND e.period BETWEEN ? AND ?",
        [start, as_of],
    ).fetchone()[0]
    if not spent:
        missing.append("ledger")
    return tuple(missing)


BPO_CONTRACTS_SETTING = "bpo_contracts"
"""Settings key of the BPO contract terms the team typed in (JSON: terms: channel → [pricing, price],
peak_surcharge (absent: the books' rate), saved_by, saved_at)."""


@dataclass(frozen=True)
class ContractsSaved:
    """Who last saved the BPO's contract terms, and when (a typed name: the product has no sign-in)."""

    by: str
    at: dt.datetime


@dataclass(frozen=True)
class ContractsReplaced:
    """Contract terms replaced by a later save: the terms (channel -> price; empty: every channel from the
    ledger), the peak surcharge they set (None: the books'), who had saved them (None when saved before names
    were asked for) and who replaced them."""

    terms: dict[str, OutsourcingPrice]
    peak_surcharge: float | None
    saved: ContractsSaved | None
    replaced: ContractsSaved


def _contracts_setting(con: duckdb.DuckDBPyConnection) -> dict:
    """The setting as stored: {'terms': {channel: [pricing, price]}, 'saved_by', 'saved_at'}; a value saved
    before the name was asked for holds the terms alone."""
    value = store.get_setting(con, BPO_CONTRACTS_SETTING)
    stored = json.loads(value) if value else {}
    return stored if "terms" in stored else {"terms": stored}


def bpo_contracts(con: duckdb.DuckDBPyConnection) -> dict[str, OutsourcingPrice]:
    """The BPO's contract terms by channel as the team typed them in (`set_bpo_contracts`); a channel without
    one is priced from the ledger (`calibrated_rates`)."""
    terms = _contracts_setting(con)["terms"]
    return _prices(terms)


def bpo_peak_surcharge(con: duckdb.DuckDBPyConnection) -> float | None:
    """The peak surcharge the contract sets (a share of the peak months' fees), None when it leaves the rate to
    the books (`calibrated_rates`)."""
    return _contracts_setting(con).get("peak_surcharge")


def _prices(terms: Mapping[str, list]) -> dict[str, OutsourcingPrice]:
    """Stored terms (channel -> [pricing, price]) as prices, unknown channels left out."""
    return {
        c: OutsourcingPrice(pricing, float(price)) for c, (pricing, price) in terms.items() if c in CHANNELS
    }


def bpo_contracts_saved(con: duckdb.DuckDBPyConnection) -> ContractsSaved | None:
    """Who last saved the contract terms and when; None before anyone has (or saved before names were asked)."""
    stored = _contracts_setting(con)
    if "saved_by" not in stored:
        return None
    return ContractsSaved(stored["saved_by"], dt.datetime.fromisoformat(stored["saved_at"]))


def set_bpo_contracts(
    con: duckdb.DuckDBPyConnection,
    contracts: Mapping[str, OutsourcingPrice],
    by: str,
    saved_at: dt.datetime | None = None,
    peak_surcharge: float | None = None,
) -> None:
    """Keep the BPO's contract terms by channel for the team, and the peak surcharge the contract sets (None:
    the books' rate), signed with who saved them (required: they price every budget draft from now on;
    channels left out from the ledger again); the terms they replace, when they differ, stay on record
    (``bpo_contract_replacements``). Bumps the data version."""
    if not by.strip():
        raise ValueError("say who saves the contract terms")
    if peak_surcharge is not None and not 0 <= peak_surcharge <= 1:
        raise ValueError(f"the peak surcharge is a share from 0 to 1, not {peak_surcharge!r}")
    for channel, price in contracts.items():
        if channel not in CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        if not price.price > 0:
            raise ValueError(f"the {channel} contract needs a price above 0, not {price.price!r}")
    terms = {c: [contracts[c].pricing, contracts[c].price] for c in in_channel_order(contracts)}
    at = saved_at or store._now()
    stored = {"terms": terms, "saved_by": by.strip(), "saved_at": at.isoformat()}
    if peak_surcharge is not None:
        stored["peak_surcharge"] = peak_surcharge
    with store.write_transaction(con) as cur:
        old = _contracts_setting(cur)
        changed = (_prices(old["terms"]), old.get("peak_surcharge")) != (dict(contracts), peak_surcharge)
        if (old["terms"] or "saved_by" in old) and changed:
            cur.execute(
                "INSERT INTO bpo_contract_replacements VALUES (?, ?, ?, ?, ?, ?)",
                [
                    json.dumps(old["terms"], ensure_ascii=False),
                    old.get("peak_surcharge"),
                    old.get("saved_by"),
                    old.get("saved_at"),
                    by.strip(),
                    at,
                ],
            )
        store.set_setting(cur, BPO_CONTRACTS_SETTING, json.dumps(stored, ensure_ascii=False))
        store.bump_data_version(cur)


def bpo_contract_replacements(con: duckdb.DuckDBPyConnection) -> list[ContractsReplaced]:
    """Every set of contract terms replaced by a later save, newest replacement first."""
    rows = con.execute(
        "SELECT terms_json, peak_surcharge, saved_by, saved_at, replaced_by, replaced_at"
        " FROM bpo_contract_replacements"
        " ORDER BY replaced_at DESC"
    ).fetchall()
    return [
        ContractsReplaced(
            terms=_prices(json.loads(terms)),
            peak_surcharge=peak_surcharge,
            saved=ContractsSaved(saved_by, saved_at) if saved_by else None,
            replaced=ContractsSaved(replaced_by, replaced_at),
        )
        for terms, peak_surcharge, saved_by, saved_at, replaced_by, replaced_at in rows
    ]


def calibrated_rates(con: duckdb.DuckDBPyConnection, as_of: dt.date, contracts: bool = True) -> CostRates:
    """Default rates with the database's own figures where it has them, and the BPO contract terms typed in
    (`bpo_contracts`; ``contracts=False``: the ledger's and the defaults' only).

    - pay: average monthly_pay of agents employed at ``as_of`` by employment type; indirect roles' pay
      by role;
    - per-seat rates: the agreed-definition spend of the last 12 months per leaf (office space,
      utilities, helpdesk seats, telephony, headsets) per month and per agent seat at ``as_of``;
      computers and furniture from the asset register (the month's depreciation of the kit within its useful
      life at ``as_of``, per seat);
    - external courses per FTE from the ledger; BPO seat-month price from outsourcing.bpo_seats spend
      per outsourced agent outside the peak months, and the peak surcharge as a share of the seat fees in them
      (``_ledger_outsourcing``);
      contingency rate and complaint rate from settings and targets;
    - depreciation of registered assets other than per-seat kit.
    """
    rates = CostRates()
    staff = con.execute(
        "SELECT role, employment_type, count(*) AS heads, avg(monthly_pay)::DOUBLE AS pay FROM staff"
        " WHERE hire_date <= ? AND (leave_date IS NULL OR leave_date > ?) GROUP BY ALL",
        [as_of, as_of],
    ).df()
    if staff.empty:
        return _with_contracts(con, rates) if contracts else rates
    agents = staff[staff["role"] == "agent"]
    pay = dict(rates.pay)
    for kind in PAID_TYPES:
        row = agents[(agents["employment_type"] == kind) & agents["pay"].notna()]
        if not row.empty:
            pay[kind] = dataclasses.replace(pay[kind], base_pay=round(float(row["pay"].iloc[0]), 2))
    indirect = dict(rates.indirect_pay)
    for role in indirect:
        row = staff[(staff["role"] == role) & staff["pay"].notna()]
        if not row.empty:
            indirect[role] = round(float(row["pay"].iloc[0]), 2)
    managers = float(staff.loc[staff["role"] == "manager", "heads"].sum()) or rates.managers
    seats = float(agents.loc[agents["employment_type"] != "outsourced", "heads"].sum())
    outsourced = float(agents.loc[agents["employment_type"] == "outsourced", "heads"].sum())

    start = (pd.Timestamp(as_of).to_period("M") - 11).to_timestamp().date()
    spend = con.execute(
        "SELECT m.taxonomy_code AS code, sum(e.amount)::DOUBLE / count(DISTINCT e.period) AS monthly"
        " FROM cost_entries e JOIN cost_category_map m"
        "   ON m.source_system = e.source AND m.source_category = e.source_category"
        " WHERE m.counted AND e.period BETWEEN ? AND ? GROUP BY ALL",
        [start, as_of],
    ).df()
    monthly = dict(zip(spend["code"], spend["monthly"], strict=True))
    per_seat = dict(rates.per_seat)
    if seats > 0:
        for code in (
            "equipment_facilities.office_space",
            "equipment_facilities.utilities",
            "software_technology.helpdesk_seats",
            "software_technology.telephony",
        ):
            if code in monthly:
                per_seat[code] = round(monthly[code] / seats, 2)
    assets = con.execute(
        "SELECT taxonomy_code AS code, purchase_date, useful_life_months AS life,"
        " ((purchase_cost - salvage_value) / useful_life_months)::DOUBLE AS monthly FROM assets"
        " WHERE NOT is_lease AND taxonomy_code IS NOT NULL"
    ).df()
    depreciation, in_life = [], []
    for row in assets.itertuples(index=False):
        first = pd.Timestamp(row.purchase_date).to_period("M")
        last = first + int(row.life) - 1
        in_life.append(first <= pd.Timestamp(as_of).to_period("M") <= last)
        if row.code in _KIT_CODES:
            continue
        depreciation.append(
            (first.to_timestamp().date(), last.to_timestamp().date(), row.code, float(row.monthly))
        )
    if seats > 0:
        # computers and furniture: the register's depreciation in the as-of month, as the books carry it (kit past
        # its life costs nothing more; with none in its life the reference price stands)
        current = assets[np.array(in_life, dtype=bool)]
        for code in _KIT_CODES[::2]:
            kit = current[current["code"] == code]
            if not kit.empty:
                per_seat[code] = round(float(kit["monthly"].sum()) / seats, 2)
    courses = monthly.get("training.external_courses")
    bpo, peak_surcharge = _ledger_outsourcing(con, start, as_of)
    contingency = con.execute("SELECT value FROM settings WHERE key = 'contingency_rate'").fetchall()
    complaint = con.execute(
        "SELECT value FROM targets WHERE metric = 'complaint_rate' AND channel = '*'"
    ).fetchall()
    rates = rates.replace(
        pay=_frozen(pay),
        indirect_pay=_frozen(indirect),
        managers=managers,
        per_seat=_frozen(per_seat),
        external_courses_per_fte=round(courses / seats, 2)
        if courses and seats
        else rates.external_courses_per_fte,
        outsourcing=_frozen(
            {c: OutsourcingPrice("seat_month", round(bpo / outsourced, 2)) for c in CHANNELS}
            if bpo and outsourced
            else rates.outsourcing
        ),
        peak_surcharge=peak_surcharge or rates.peak_surcharge,
        contingency_rate=float(contingency[0][0]) if contingency else rates.contingency_rate,
        complaint_rate=float(complaint[0][0]) if complaint else rates.complaint_rate,
        depreciation=tuple(depreciation),
    )
    return _with_contracts(con, rates) if contracts else rates


def _ledger_outsourcing(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date
) -> tuple[float | None, float | None]:
    """The BPO's monthly seat fees and peak surcharge rate as the books show them, start to end.

    Peak months are those with a peak-surcharge line in any source, counted or not (a finance ledger may book
    the surcharge inside the BPO fee while the ops sheet breaks it out). The seat fees are the counted BPO
    spend averaged over the other months (else over all), so that a surcharge booked inside the fee is not
    taken for the price; the rate is surcharges over seat fees in the peak months, in the sources that book
    both. Either is None when the books do not show it."""
    lines = con.execute(
        """SELECT e.source, e.period, m.taxonomy_code AS code, m.counted, sum(e.amount)::DOUBLE AS amount
           FROM cost_entries e JOIN cost_category_map m
             ON m.source_system = e.source AND m.source_category = e.source_category
           WHERE e.period BETWEEN ? AND ?
             AND m.taxonomy_code IN ('outsourcing.bpo_seats', 'outsourcing.peak_surcharge')
           GROUP BY ALL""",
        [start, end],
    ).df()
    surcharges = lines[(lines["code"] == "outsourcing.peak_surcharge") & (lines["amount"] > 0)]
    peak = lines["period"].isin(surcharges["period"])
    fees = lines[(lines["code"] == "outsourcing.bpo_seats") & lines["counted"]]
    usual = fees[~fees["period"].isin(surcharges["period"])]
    fees = usual if not usual.empty else fees
    seat_fees = float(fees["amount"].sum()) / fees["period"].nunique() if not fees.empty else None
    booked = lines[peak & lines["source"].isin(surcharges["source"])]
    base = booked.loc[booked["code"] == "outsourcing.bpo_seats", "amount"].sum()
    rate = round(float(surcharges["amount"].sum()) / float(base), 4) if base > 0 else None
    return seat_fees or None, rate


def _with_contracts(con: duckdb.DuckDBPyConnection, rates: CostRates) -> CostRates:
    """The rates with each channel's BPO price replaced by its contract's, where one was typed in, and the peak
    surcharge by the contract's, where it sets one."""
    surcharge = bpo_peak_surcharge(con)
    return rates.replace(
        outsourcing=_frozen({**rates.outsourcing, **bpo_contracts(con)}),
        peak_surcharge=rates.peak_surcharge if surcharge is None else surcharge,
    )
