"""Official holiday schedules typed in from the State Council's notice, for years `chinese-calendar` lacks.

Each autumn the General Office of the State Council publishes next year's days off and make-up workdays
(国务院办公厅关于 N 年部分节假日安排的通知). The package we read built-in schedules from stops at 2026, so
the budget year's schedule is entered here, one row per holiday as the notice words it: "春节：2月5日至12日
放假调休，共8天。2月14日（星期日）、2月20日（星期六）上班。" The rows are typed in, or read from the
pasted notice by `read_notice`. Saving a year replaces its rows whole; the forecast, the intraday day types and
overtime pay then read it through `load_schedule`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analytics import calendar as cn_calendar
from analytics import store

COLUMNS = ("holiday_key", "first_day_off", "last_day_off", "makeup_workday_1", "makeup_workday_2")
"""One row of a notice: the holiday, its break (first to last day off) and up to two make-up workdays."""

MAX_BREAK_DAYS = 12
"""The longest break accepted (the longest notices give 8 or 9 days: Spring Festival, National Day)."""


@dataclass(frozen=True)
class ScheduleProblem:
    """Why a row cannot be saved: `code` for the UI to translate, the 1-based `row` and the `column` at fault
    (None for the year as a whole), and `params` for the message."""

    code: str
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)


class ScheduleRejected(ValueError):
    """A year's schedule with problems; nothing was saved."""

    def __init__(self, problems: list[ScheduleProblem]):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


def is_built_in(year: int) -> bool:
    """True when the year's official schedule is built in (chinese-calendar's years); any other year, later or
    earlier, a planner can type in."""
    first, last = cn_calendar.official_years()
    return first <= year <= last


def list_schedule(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pd.DataFrame:
    """The typed-in rows (year and the COLUMNS), in calendar order; one year's when `year` is given."""
    where, params = ("WHERE year = ?", [year]) if year is not None else ("", [])
    frame = con.execute(
        f"SELECT year, {', '.join(COLUMNS)} FROM holiday_schedule {where} ORDER BY year, first_day_off",
        params,
    ).df()
    for column in COLUMNS[1:]:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def load_schedule(con: duckdb.DuckDBPyConnection) -> cn_calendar.PublishedSchedule:
    """Every typed-in year as the calendar's PublishedSchedule (empty when none was)."""
    return schedule_from_rows(list_schedule(con))


def schedule_from_rows(rows: pd.DataFrame) -> cn_calendar.PublishedSchedule:
    """A PublishedSchedule from rows shaped like `list_schedule`'s (year plus the COLUMNS)."""
    days_off = []
    makeup = set()
    for row in rows.itertuples(index=False):
        days = (row.last_day_off - row.first_day_off).days
        days_off += [(row.first_day_off + dt.timedelta(days=k), row.holiday_key) for k in range(days + 1)]
        makeup |= {_as_date(day) for day in (row.makeup_workday_1, row.makeup_workday_2)} - {None}
    return cn_calendar.PublishedSchedule(
        years=frozenset(int(year) for year in rows["year"]),
        days_off=tuple(sorted(days_off)),
        makeup_workdays=frozenset(makeup),
    )


def statutory_rows(year: int) -> pd.DataFrame:
    """A starting point for a year's notice: each holiday's statutory days (from the `holidays` package) as its
    break, with no make-up workdays. The planner widens the breaks and adds the 调休 days the notice gives."""
    frame = cn_calendar.calendar_frame(dt.date(year, 1, 1), dt.date(year, 12, 31))
    rows = []
    for key in cn_calendar.HOLIDAYS:
        days = frame.loc[frame["holiday"] == key, "date"]
        if len(days):
            rows.append(
                {
                    "holiday_key": key,
                    "first_day_off": days.min().date(),
                    "last_day_off": days.max().date(),
                    "makeup_workday_1": None,
                    "makeup_workday_2": None,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


NOTICE_MONTH = 11
"""The State Council's notice for next year comes out in the autumn, by November as a rule."""


def years_awaiting_notice(schedule: cn_calendar.PublishedSchedule, today: dt.date) -> list[int]:
    """This year and next, where the notice should be out by now (from November of the year before) but the
    year is neither built in nor typed in: the planner has a notice to type in."""
    return [
        year
        for year in (today.year, today.year + 1)
        if today >= dt.date(year - 1, NOTICE_MONTH, 1) and cn_calendar.is_provisional(year, schedule)
    ]


NOTICE_NAMES = {
    "元旦": "new_year",
    "春节": "spring_festival",
    "清明节": "qingming",
    "劳动节": "labour_day",
    "端午节": "dragon_boat",
    "中秋节": "mid_autumn",
    "国庆节": "national_day",
}
"""How a notice names each holiday. A joint break ("国庆节、中秋节：…") is read as the last holiday named in
calendar order, National Day: one row, as the grid wants it."""

_FULL_WIDTH = str.maketrans("０１２３４５６７８９：（），；", "0123456789:(),;")
"""Full-width digits and punctuation as ASCII, one character for one, so positions still match the paste."""
_NAME = "|".join(NOTICE_NAMES)
_HEADING = re.compile(rf"(?:[一二三四五六七八九十]+、)?((?:{_NAME})(?:[、和与](?:{_NAME}))*):")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_ASIDE = re.compile(r"\([^)]*\)")
_NOTICE_YEAR = re.compile(r"(\d{4})年(?:部分)?节假日安排")


@dataclass(frozen=True)
class NoticeReading:
    """What `read_notice` made of a pasted notice: the rows it read (COLUMNS) and what it could not read, as
    ScheduleProblems with no row (the grid has none yet) and the notice's own words in `params["text"]`."""

    rows: pd.DataFrame
    problems: list[ScheduleProblem]


def read_notice(text: str, year: int) -> NoticeReading:
    """Read the State Council's notice, pasted as text, into a year's rows for the grid.

    The notice words every holiday the same way: "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月
    初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。" The dates before 放假 are the break (one
    date when it is a single day), those in a sentence saying 上班 are its make-up workdays. Nothing is saved:
    the rows go to the grid, where the planner checks them and saves as usual.
    """
    pasted, text = text, text.translate(_FULL_WIDTH)
    stated = {int(y) for y in _NOTICE_YEAR.findall(text)}
    if stated and year not in stated:
        return NoticeReading(
            _no_rows(),
            [ScheduleProblem("notice_other_year", params={"year": year, "notice_year": min(stated)})],
        )
    headings = list(_HEADING.finditer(text))
    if not headings:
        return NoticeReading(_no_rows(), [ScheduleProblem("notice_no_holiday")])
    rows, problems = [], []
    for heading, following in zip(headings, headings[1:] + [None], strict=True):
        names = re.findall(_NAME, heading.group(1))
        key = max((NOTICE_NAMES[name] for name in names), key=cn_calendar.HOLIDAYS.index)
        end = following.start() if following else len(text)
        body = text[heading.end() : end]
        excerpt = _excerpt(pasted[heading.start() : end])
        row = _notice_row(key, _ASIDE.sub("", body), year)
        if row is None:
            problems.append(ScheduleProblem("notice_unread", params={"text": excerpt}))
        elif len(row.pop("extra_makeup")):
            problems.append(ScheduleProblem("notice_makeup_over_two", params={"text": excerpt}))
            rows.append(row)
        else:
            rows.append(row)
    return NoticeReading(pd.DataFrame(rows, columns=list(COLUMNS)) if rows else _no_rows(), problems)


def _notice_row(key: str, body: str, year: int) -> dict | None:
    """One holiday's row from its paragraph (asides in brackets removed), or None when no break is found."""
    days_off, _, rest = body.partition("放假")
    if not rest:
        return None
    dates = list(_DATE.finditer(days_off))
    if not dates or dates[0].group(2) is None:
        return None
    first = _notice_date(dates[0], year, key)
    last = _notice_date(dates[-1], year, key, after=first) if first else None
    makeup = [
        _notice_date(match, year, key)
        for sentence in re.split(r"[。;\n]", rest)
        if "上班" in sentence
        for match in _DATE.finditer(sentence)
    ]
    if first is None or last is None or None in makeup:
        return None
    return {
        "holiday_key": key,
        "first_day_off": first,
        "last_day_off": last,
        "makeup_workday_1": makeup[0] if makeup else None,
        "makeup_workday_2": makeup[1] if len(makeup) > 1 else None,
        "extra_makeup": makeup[2:],
    }


def _notice_date(match: re.Match, year: int, key: str, after: dt.date | None = None) -> dt.date | None:
    """A date as the notice writes it: the year when stated, else the notice year (a New Year date in
    December belongs to the year before); a day with no month ("至23日") takes `after`'s month, and an end date
    before `after` runs into the next year."""
    stated_year, month, day = match.groups()
    if month is None:
        month = after.month if after else None
        if month is None:
            return None
        stated_year = stated_year or after.year
    month, day = int(month), int(day)
    if stated_year:
        year = int(stated_year)
    elif key == "new_year" and month == 12:
        year -= 1
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if after is not None and date < after and not stated_year:
        date = date.replace(year=date.year + 1)
    return date


def _excerpt(item: str, length: int = 24) -> str:
    """The start of a notice item, as pasted, to name it in a message."""
    item = " ".join(item.split())
    return item if len(item) <= length else item[:length] + "…"


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS))


def check_year(year: int, rows: pd.DataFrame) -> list[ScheduleProblem]:
    """Every problem with a year's rows (COLUMNS), each naming its row and column; empty when they can be saved.

    A year already built in cannot be overridden. Each row names a known holiday once, a break of at most
    MAX_BREAK_DAYS days in the notice year (a New Year break may begin in the December before) that contains
    one of the holiday's statutory days, and make-up workdays on a Saturday or Sunday outside every break.
    """
    if is_built_in(year):
        return [ScheduleProblem("schedule_year_built_in", params={"year": year})]
    estimate = cn_calendar.calendar_frame(dt.date(year, 1, 1), dt.date(year, 12, 31))
    records = clean_rows(rows)
    problems: list[ScheduleProblem] = []
    breaks: list[tuple[dt.date, dt.date, int]] = []
    seen: set[str] = set()
    for number, row in enumerate(records, start=1):
        found = _row_problems(year, row, estimate, seen)
        problems += [ScheduleProblem(code, number, column, params) for code, column, params in found]
        if not any(column in ("first_day_off", "last_day_off") for _, column, _ in found):
            breaks.append((row["first_day_off"], row["last_day_off"], number))
    breaks.sort()
    for (_, last_a, row_a), (first_b, _, row_b) in zip(breaks, breaks[1:], strict=False):
        if first_b <= last_a:
            problems.append(
                ScheduleProblem("schedule_breaks_overlap", row_b, "first_day_off", {"other": row_a})
            )
    for number, row in enumerate(records, start=1):
        for column in ("makeup_workday_1", "makeup_workday_2"):
            day = row[column]
            if day is not None and any(first <= day <= last for first, last, _ in breaks):
                problems.append(ScheduleProblem("schedule_makeup_in_break", number, column))
    return sorted(problems, key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column else -1))


def _row_problems(
    year: int, row: dict, estimate: pd.DataFrame, seen: set[str]
) -> list[tuple[str, str, dict]]:
    """(code, column, params) for what is wrong within one row; adds the row's holiday to `seen`."""
    found: list[tuple[str, str, dict]] = []
    key = row["holiday_key"]
    if key not in cn_calendar.HOLIDAYS:
        found.append(("schedule_holiday_unknown", "holiday_key", {}))
    elif key in seen:
        found.append(("schedule_holiday_twice", "holiday_key", {}))
    seen.add(key)
    earliest, latest = (
        dt.date(year - 1, 12, 25) if key == "new_year" else dt.date(year, 1, 1),
        dt.date(year, 12, 31),
    )
    first, last = row["first_day_off"], row["last_day_off"]
    for column, day in (("first_day_off", first), ("last_day_off", last)):
        if day is None:
            found.append(("schedule_date_missing", column, {}))
    if first is not None and last is not None:
        legal = estimate.loc[estimate["holiday"] == key, "date"].dt.date
        if last < first:
            found.append(("schedule_end_before_start", "last_day_off", {}))
        elif (last - first).days + 1 > MAX_BREAK_DAYS:
            found.append(("schedule_break_too_long", "last_day_off", {"days": MAX_BREAK_DAYS}))
        elif first < earliest or last > latest:
            found.append(("schedule_outside_year", "first_day_off", {"year": year}))
        elif len(legal) and not ((legal >= first) & (legal <= last)).any():
            found.append(
                ("schedule_misses_statutory", "first_day_off", {"days": _span(legal.min(), legal.max())})
            )
    for column in ("makeup_workday_1", "makeup_workday_2"):
        day = row[column]
        if day is not None and day.weekday() < 5:
            found.append(("schedule_makeup_not_weekend", column, {}))
        elif day is not None and not earliest <= day <= latest:
            found.append(("schedule_outside_year", column, {"year": year}))
    return found


def save_year(con: duckdb.DuckDBPyConnection, year: int, rows: pd.DataFrame) -> None:
    """Replace a year's schedule with `rows` (COLUMNS) in one transaction, or raise ScheduleRejected and
    change nothing. Rows with every cell empty (a blank line left in the editor) are dropped first."""
    rows = drop_blank_rows(rows)
    problems = check_year(year, rows) if len(rows) else [ScheduleProblem("schedule_empty")]
    if problems:
        raise ScheduleRejected(problems)
    with store.write_transaction(con) as cur:
        cur.execute("DELETE FROM holiday_schedule WHERE year = ?", [year])
        for row in clean_rows(rows):
            cur.execute("INSERT INTO holiday_schedule VALUES (?, ?, ?, ?, ?, ?)", [year, *row.values()])
        store.bump_data_version(cur)


def delete_year(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """Forget a year's typed-in schedule: the year goes back to the provisional estimate."""
    with store.write_transaction(con) as cur:
        cur.execute("DELETE FROM holiday_schedule WHERE year = ?", [year])
        store.bump_data_version(cur)


def drop_blank_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with at least one cell filled in, renumbered from 0 (so row numbers match what is seen)."""
    filled = [any(value is not None for value in row.values()) for row in clean_rows(rows)]
    return rows[filled].reset_index(drop=True)


def clean_rows(rows: pd.DataFrame) -> list[dict]:
    """The rows as dicts of the COLUMNS in order: dates as datetime.date, empty cells (None, NaN, NaT, '')
    as None, whatever type the editor handed back."""
    records = []
    for row in rows.to_dict("records"):
        key = row.get("holiday_key")
        record = {"holiday_key": key if isinstance(key, str) and key else None}
        for column in COLUMNS[1:]:
            record[column] = _as_date(row.get(column))
        records.append(record)
    return records


def _as_date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, (dt.date, str)) and pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _span(first: dt.date, last: dt.date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
