"""China's calendar for customer-service planning.

Statutory holidays and make-up workdays (调休) come from the `chinese-calendar` package for the years
the State Council has published (it stops at 2026). A later year's schedule, once its notice is out, is typed
in by a planner (a `PublishedSchedule`, kept in the holiday_schedule table). Until then a later year, which the
budget year often is, takes the statutory lunar and fixed holidays from the `holidays` package, marked
provisional, with no invented 调休.
The e-commerce promotions (618, Double-11, Double-12) are events with phases: pre-sale, peak, after-sales.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache

import chinese_calendar
import holidays as holidays_lib
import pandas as pd

SPRING_FESTIVAL_WINDOW = (-15, 15)
"""Days before and after Chinese New Year's Day that count as the Spring Festival window."""

PHASES = ("presale", "peak", "aftersales")

# Default promotion phases as (month, day) ranges, inclusive. Editable per year in the events table.
_DEFAULT_PROMOTIONS: dict[str, dict[str, tuple[tuple[int, int], tuple[int, int]]]] = {
    "618": {
        "presale": ((5, 20), (5, 31)),
        "peak": ((6, 1), (6, 18)),
        "aftersales": ((6, 19), (6, 28)),
    },
    "double11": {
        "presale": ((10, 20), (11, 10)),
        "peak": ((11, 11), (11, 11)),
        "aftersales": ((11, 12), (11, 20)),
    },
    "double12": {
        "presale": ((12, 8), (12, 11)),
        "peak": ((12, 12), (12, 12)),
        "aftersales": ((12, 13), (12, 18)),
    },
}

# Holiday names from chinese-calendar (English) and the `holidays` package (en_US) mapped to one key.
_HOLIDAY_KEYS = {
    "New Year's Day": "new_year",
    "Spring Festival": "spring_festival",
    "Chinese New Year's Eve": "spring_festival",
    "Chinese New Year (Spring Festival)": "spring_festival",
    "Tomb-sweeping Day": "qingming",
    "Tomb-Sweeping Day": "qingming",
    "Labour Day": "labour_day",
    "Labor Day": "labour_day",
    "Dragon Boat Festival": "dragon_boat",
    "Mid-autumn Festival": "mid_autumn",
    "Mid-Autumn Festival": "mid_autumn",
    "National Day": "national_day",
    "Anti-Fascist 70th Day": "anti_fascist_70th",
}


HOLIDAYS = (
    "new_year",
    "spring_festival",
    "qingming",
    "labour_day",
    "dragon_boat",
    "mid_autumn",
    "national_day",
)
"""The statutory holidays a State Council notice schedules, in calendar order."""


@dataclass(frozen=True)
class PublishedSchedule:
    """Official days off and make-up workdays typed in from a State Council notice (国务院办公厅关于 N 年部分
    节假日安排的通知), for years the `chinese-calendar` package does not know. Hashable, so cached lookups
    can key on it; the empty schedule means none typed in."""

    years: frozenset[int] = frozenset()
    days_off: tuple[tuple[dt.date, str], ...] = ()
    """(day, holiday key such as 'spring_festival'), every day of each break."""
    makeup_workdays: frozenset[dt.date] = frozenset()

    @cached_property
    def holiday_of(self) -> dict[dt.date, str]:
        return dict(self.days_off)

    def digest(self, years: frozenset[int] | None = None) -> str:
        """A short stable fingerprint of the days (those in `years` when given), to tell whether a stored
        forecast or budget was made with this calendar; empty when there are no such days."""
        days_off = [(day, key) for day, key in self.days_off if years is None or day.year in years]
        makeup = sorted(day for day in self.makeup_workdays if years is None or day.year in years)
        if not days_off and not makeup:
            return ""
        text = ";".join(f"{day}:{key}" for day, key in days_off) + "|" + ",".join(map(str, makeup))
        return hashlib.sha1(text.encode()).hexdigest()[:16]


NO_SCHEDULE = PublishedSchedule()


@lru_cache(maxsize=1)
def official_years() -> tuple[int, int]:
    """First and last year whose official holiday and 调休 schedule the `chinese-calendar` package knows."""
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return min(years), max(years)


def is_provisional(year: int, schedule: PublishedSchedule = NO_SCHEDULE) -> bool:
    """True when the year's official schedule is neither built in nor typed in (holidays estimated, no 调休)."""
    first, last = official_years()
    return not first <= year <= last and year not in schedule.years


@lru_cache(maxsize=64)
def _provisional_holidays(year: int) -> dict[dt.date, str]:
    """Statutory holidays from the `holidays` package; its own guessed bridge days ('observed') are left out."""
    days = holidays_lib.China(years=year, language="en_US")
    return {day: name for day, name in days.items() if "observed" not in name.lower()}


def pay_day_type(day: dt.date, schedule: PublishedSchedule = NO_SCHEDULE) -> str:
    """How the Labour Law (劳动法 第四十四条) pays work on a day: 'statutory_holiday' (法定节假日: the holiday's
    own days, such as 1 to 3 October, not the bridge days off around them), 'rest_day' (a weekend or a day off in
    lieu) or 'workday' (调休 make-up workdays included)."""
    if day in _statutory_days(day.year):
        return "statutory_holiday"
    return "workday" if _day_facts(day, schedule)["is_workday"] else "rest_day"


@lru_cache(maxsize=64)
def _statutory_days(year: int) -> frozenset[dt.date]:
    """The statutory holidays of a year from the `holidays` package (which follows the 2025 rule: New Year's
    Eve and four Spring Festival days); its bridge days ('observed', 'Day off') are rest days, not statutory."""
    days = holidays_lib.China(years=year, language="en_US")
    return frozenset(
        day for day, name in days.items() if "observed" not in name.lower() and not name.startswith("Day off")
    )


@lru_cache(maxsize=64)
def spring_festival_date(year: int) -> dt.date:
    """Chinese New Year's Day (正月初一) of a Gregorian year, from the lunar calendar."""
    for day, name in sorted(holidays_lib.China(years=year, language="en_US").items()):
        if name.startswith("Chinese New Year (Spring Festival)"):
            return day
    raise ValueError(f"no Spring Festival found for {year}")


def calendar_frame(start: dt.date, end: dt.date, schedule: PublishedSchedule = NO_SCHEDULE) -> pd.DataFrame:
    """One row per day with the calendar facts a volume model needs.

    Columns: date, weekday (0 = Monday), is_weekend, is_holiday (statutory day off), holiday (key such as
    'spring_festival', else ''), is_makeup_workday (调休: a weekend day worked), is_workday, provisional,
    spring_festival_offset (days from Chinese New Year's Day inside the window, else NA). Days of a typed-in
    `schedule` take its days off and make-up workdays.
    """
    dates = pd.date_range(start, end, freq="D")
    rows = []
    for ts in dates:
        day = ts.date()
        rows.append(_day_facts(day, schedule))
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["spring_festival_offset"] = frame["spring_festival_offset"].astype("Int64")
    return frame


def _day_facts(day: dt.date, schedule: PublishedSchedule = NO_SCHEDULE) -> dict:
    weekend = day.weekday() >= 5
    # A notice's New Year break may begin in the last days of the year before, so days listed win outright.
    if day.year in schedule.years or day in schedule.holiday_of or day in schedule.makeup_workdays:
        key = schedule.holiday_of.get(day, "")
        makeup = day in schedule.makeup_workdays
        provisional = False
    else:
        provisional = is_provisional(day.year)
        if provisional:
            name = _provisional_holidays(day.year).get(day)
            makeup = False
        else:
            day_off, name = chinese_calendar.get_holiday_detail(day)
            name = name if day_off else None
            makeup = weekend and chinese_calendar.is_workday(day)
        key = _HOLIDAY_KEYS.get(name, "other") if name else ""
    holiday = bool(key)
    workday = (not weekend and not holiday) or makeup
    return {
        "date": day,
        "weekday": day.weekday(),
        "is_weekend": weekend,
        "is_holiday": holiday,
        "holiday": key,
        "is_makeup_workday": makeup,
        "is_workday": workday,
        "provisional": provisional,
        "spring_festival_offset": _spring_festival_offset(day),
    }


def _spring_festival_offset(day: dt.date) -> int | None:
    low, high = SPRING_FESTIVAL_WINDOW
    for year in (day.year, day.year + 1):
        offset = (day - spring_festival_date(year)).days
        if low <= offset <= high:
            return offset
    return None


def default_events(years: list[int] | range) -> pd.DataFrame:
    """The default promotion phases (618, Double-11, Double-12) for the given years.

    Columns: event_key, year, phase, start_date, end_date. Users edit these in the events table.
    """
    rows = []
    for year in years:
        for key, phases in _DEFAULT_PROMOTIONS.items():
            for phase in PHASES:
                (m1, d1), (m2, d2) = phases[phase]
                rows.append(
                    {
                        "event_key": key,
                        "year": year,
                        "phase": phase,
                        "start_date": dt.date(year, m1, d1),
                        "end_date": dt.date(year, m2, d2),
                    }
                )
    return pd.DataFrame(rows)


def spring_festival_windows(years: list[int] | range) -> pd.DataFrame:
    """Spring Festival windows as date ranges, for shading charts: event_key, year, start_date, end_date."""
    low, high = SPRING_FESTIVAL_WINDOW
    rows = []
    for year in years:
        new_year = spring_festival_date(year)
        rows.append(
            {
                "event_key": "spring_festival",
                "year": year,
                "phase": "peak",
                "start_date": new_year + dt.timedelta(days=low),
                "end_date": new_year + dt.timedelta(days=high),
            }
        )
    return pd.DataFrame(rows)


def event_days(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Expand event phases (start_date..end_date) to one row per day: date, event_key, phase, day_in_phase.

    Days outside [start, end] are dropped. Where phases of different events overlap, both rows are kept.
    """
    rows = []
    for event in events.itertuples(index=False):
        first = max(pd.Timestamp(event.start_date), pd.Timestamp(start))
        last = min(pd.Timestamp(event.end_date), pd.Timestamp(end))
        for i, ts in enumerate(pd.date_range(pd.Timestamp(event.start_date), pd.Timestamp(event.end_date))):
            if first <= ts <= last:
                rows.append(
                    {"date": ts, "event_key": event.event_key, "phase": event.phase, "day_in_phase": i}
                )
    return pd.DataFrame(rows, columns=["date", "event_key", "phase", "day_in_phase"])


def next_event_start(events: pd.DataFrame, event_key: str, today: dt.date) -> dt.date | None:
    """First day of the next occurrence of an event (its earliest phase) on or after today, if any."""
    mask = events["event_key"] == event_key
    starts = events.loc[mask].groupby("year")["start_date"].min()
    upcoming = sorted(d for d in starts if pd.Timestamp(d).date() >= today)
    return pd.Timestamp(upcoming[0]).date() if upcoming else None
