"""Official holiday schedules typed in from the State Council's notice, for years chinese-calendar lacks."""

import datetime as dt
from pathlib import Path

import chinese_calendar
import numpy as np
import pandas as pd
import pytest

from analytics import calendar, demo, store
from analytics import holiday_schedule as hs
from analytics.forecast import calendar_features, day_types, forecast_series

D = dt.date


def _row(key, first, last, makeup_1=None, makeup_2=None):
    return {
        "holiday_key": key,
        "first_day_off": first,
        "last_day_off": last,
        "makeup_workday_1": makeup_1,
        "makeup_workday_2": makeup_2,
    }


# A 2027 notice as the State Council words one: 春节 2月5日至12日放假调休，共8天；2月14日（星期日）上班.
NOTICE_2027 = pd.DataFrame(
    [
        _row("spring_festival", D(2027, 2, 5), D(2027, 2, 12), D(2027, 2, 14)),
        _row("national_day", D(2027, 10, 1), D(2027, 10, 7), D(2027, 9, 26), D(2027, 10, 9)),
    ]
)


def _schedule(rows=NOTICE_2027, year=2027):
    return hs.schedule_from_rows(rows.assign(year=year))


def test_a_typed_in_notice_gives_the_bridge_days_off_and_the_make_up_sunday_as_a_workday():
    schedule = _schedule()
    frame = calendar.calendar_frame(D(2027, 2, 1), D(2027, 2, 20), schedule).set_index("date")
    bridge = frame.loc[pd.Timestamp("2027-02-11")]  # a Thursday: off by the notice, a workday in the estimate
    assert bridge["is_holiday"] and bridge["holiday"] == "spring_festival" and not bridge["is_workday"]
    makeup = frame.loc[pd.Timestamp("2027-02-14")]
    assert makeup["is_weekend"] and makeup["is_makeup_workday"] and makeup["is_workday"]
    assert not frame["provisional"].any() and not calendar.is_provisional(2027, schedule)
    assert calendar.is_provisional(2027) and calendar.is_provisional(2028, schedule)
    estimate = calendar.calendar_frame(D(2027, 2, 11), D(2027, 2, 11)).iloc[0]
    assert not estimate["is_holiday"] and estimate["provisional"]
    # a year typed in has no holidays but the notice's: no estimate left over
    assert not calendar.calendar_frame(D(2027, 4, 5), D(2027, 4, 5), schedule).iloc[0]["is_holiday"]


def test_overtime_pay_reads_the_notice_statutory_days_at_300_percent_bridge_days_as_rest_days():
    schedule = _schedule()
    assert calendar.pay_day_type(D(2027, 2, 6), schedule) == "statutory_holiday"  # 正月初一
    assert calendar.pay_day_type(D(2027, 2, 11), schedule) == "rest_day"
    assert calendar.pay_day_type(D(2027, 2, 11)) == "workday"
    assert calendar.pay_day_type(D(2027, 2, 14), schedule) == "workday"
    assert calendar.pay_day_type(D(2027, 10, 9), schedule) == "workday"  # a make-up Saturday


def test_intraday_day_types_and_forecast_regressors_follow_the_notice():
    schedule = _schedule()
    days = pd.DatetimeIndex(["2027-02-11", "2027-02-13", "2027-02-14"])
    assert list(day_types(days, schedule=schedule)) == ["holiday", "weekend", "workday"]
    assert list(day_types(days)) == ["workday", "weekend", "weekend"]
    features = calendar_features(pd.date_range("2027-02-01", "2027-02-28"), "CN", None, schedule)
    assert features.loc["2027-02-11", "holiday_spring_festival"] == 1.0
    assert features.loc["2027-02-14", "makeup_workday"] == 1.0
    assert features.loc["2027-02-13", "post_holiday_1"] == 1.0


def test_the_forecast_drops_the_provisional_warning_and_gives_the_bridge_days_the_holiday_dip():
    """Two years of history whose holidays run at a third of a workday's volume: the notice's bridge day
    (Thursday 11 February 2027) is forecast low once the notice is typed in, as a workday before."""
    dates = pd.date_range("2024-11-01", "2026-11-30")
    facts = calendar.calendar_frame(dates[0].date(), dates[-1].date())
    rng = np.random.default_rng(7)
    level = np.where(facts["is_holiday"], 300.0, np.where(facts["is_workday"], 1000.0, 700.0))
    history = pd.Series(level * rng.normal(1.0, 0.03, len(dates)), index=dates)
    horizon = (pd.Timestamp("2027-02-28") - dates[-1]).days
    estimate = forecast_series(history, horizon, model="regression_holt")
    typed_in = forecast_series(history, horizon, model="regression_holt", schedule=_schedule())
    assert "provisional_calendar" in {w.code for w in estimate.warnings}
    assert "provisional_calendar" not in {w.code for w in typed_in.warnings}
    before = estimate.daily.set_index("date")["forecast"]
    after = typed_in.daily.set_index("date")["forecast"]
    bridge = pd.Timestamp("2027-02-11")
    assert before[bridge] > 800 and after[bridge] < 500


def test_check_year_names_the_row_and_column_of_every_problem():
    rows = pd.DataFrame(
        [
            _row(
                "spring_festival", D(2027, 3, 5), D(2027, 3, 7), D(2027, 2, 15)
            ),  # misses 2-05..2-08; Monday
            _row("spring_festival", D(2027, 10, 8), D(2027, 10, 1)),  # twice; end before start
            _row("national_day", D(2027, 10, 1), D(2027, 10, 7), D(2027, 10, 2)),  # make-up inside the break
            _row("labour_day", D(2027, 10, 5), D(2027, 10, 6)),  # misses 5-01..5-02
            _row("dragon_boat", D(2027, 6, 1), D(2027, 6, 20)),  # too long
            _row("harvest", None, D(2028, 1, 2), D(2027, 1, 9)),  # unknown; no first day
            _row("mid_autumn", D(2027, 9, 15), D(2027, 9, 16)),
            _row("qingming", D(2027, 4, 3), D(2027, 4, 5)),
            _row("new_year", D(2026, 12, 31), D(2027, 1, 2)),  # a New Year break may begin in December
        ]
    )
    found = [(p.code, p.row, p.column) for p in hs.check_year(2027, rows)]
    assert found == [
        ("schedule_misses_statutory", 1, "first_day_off"),
        ("schedule_makeup_not_weekend", 1, "makeup_workday_1"),
        ("schedule_holiday_twice", 2, "holiday_key"),
        ("schedule_end_before_start", 2, "last_day_off"),
        ("schedule_makeup_in_break", 3, "makeup_workday_1"),
        ("schedule_misses_statutory", 4, "first_day_off"),
        ("schedule_break_too_long", 5, "last_day_off"),
        ("schedule_holiday_unknown", 6, "holiday_key"),
        ("schedule_date_missing", 6, "first_day_off"),
    ]
    statutory = next(p for p in hs.check_year(2027, rows) if p.row == 1 and p.column == "first_day_off")
    assert statutory.params == {"days": "2027-02-05 – 2027-02-08"}
    overlapping = pd.DataFrame(
        [
            _row("mid_autumn", D(2027, 9, 15), D(2027, 9, 21)),
            _row("national_day", D(2027, 9, 21), D(2027, 10, 1)),
        ]
    )
    assert [(p.code, p.row, p.params) for p in hs.check_year(2027, overlapping)] == [
        ("schedule_breaks_overlap", 2, {"other": 1})
    ]
    assert [p.code for p in hs.check_year(2026, NOTICE_2027)] == ["schedule_year_built_in"]
    assert hs.check_year(2027, NOTICE_2027) == []


def test_a_year_before_the_built_in_ones_is_open_like_a_later_one(empty_con):
    """1999's history (a bank's call center) warned that 1999's schedule was not typed in and pointed to the
    schedule section below, which said every year was built in and offered none: only later years were open."""
    first, last = calendar.official_years()
    assert [hs.is_built_in(year) for year in (first - 1, first, last, last + 1)] == [False, True, True, False]
    early = first - 1
    assert calendar.is_provisional(early)  # the forecast warns of it
    hs.save_year(empty_con, early, hs.statutory_rows(early))
    assert early in hs.load_schedule(empty_con).years and not calendar.is_provisional(
        early, hs.load_schedule(empty_con)
    )
    assert [p.code for p in hs.check_year(first, hs.statutory_rows(first))] == ["schedule_year_built_in"]


def test_saving_replaces_a_year_whole_and_a_refused_save_changes_nothing(empty_con):
    version = store.data_version(empty_con)
    blank = pd.DataFrame([_row(None, None, None)])
    hs.save_year(empty_con, 2027, pd.concat([NOTICE_2027, blank], ignore_index=True))
    assert store.data_version(empty_con) != version
    saved = hs.list_schedule(empty_con)
    assert list(saved["holiday_key"]) == ["spring_festival", "national_day"]
    assert saved.loc[0, "makeup_workday_1"] == D(2027, 2, 14) and pd.isna(saved.loc[0, "makeup_workday_2"])
    assert hs.load_schedule(empty_con) == _schedule()

    bad = pd.DataFrame([_row("qingming", D(2027, 4, 5), D(2027, 4, 3))])
    with pytest.raises(hs.ScheduleRejected) as refused:
        hs.save_year(empty_con, 2027, bad)
    assert [p.code for p in refused.value.problems] == ["schedule_end_before_start"]
    assert len(hs.list_schedule(empty_con, 2027)) == 2
    with pytest.raises(hs.ScheduleRejected) as empty:
        hs.save_year(empty_con, 2027, blank)
    assert [p.code for p in empty.value.problems] == ["schedule_empty"]

    hs.save_year(empty_con, 2027, NOTICE_2027.iloc[:1])
    assert list(hs.list_schedule(empty_con)["holiday_key"]) == ["spring_festival"]
    hs.delete_year(empty_con, 2027)
    assert hs.list_schedule(empty_con).empty and hs.load_schedule(empty_con) == calendar.NO_SCHEDULE


def test_the_schedule_is_reference_data_kept_when_the_demo_is_emptied(empty_con):
    hs.save_year(empty_con, 2027, NOTICE_2027)
    demo.start_empty(empty_con)
    assert len(hs.list_schedule(empty_con, 2027)) == 2


def test_the_statutory_days_are_the_starting_point_for_a_new_notice():
    rows = hs.statutory_rows(2027).set_index("holiday_key")
    assert list(rows.index) == list(calendar.HOLIDAYS)
    assert (rows.loc["spring_festival", "first_day_off"], rows.loc["spring_festival", "last_day_off"]) == (
        D(2027, 2, 5),
        D(2027, 2, 8),
    )
    assert rows["makeup_workday_1"].isna().all()
    assert hs.check_year(2027, rows.reset_index()) == []


NOTICES = Path(__file__).parent / "fixtures" / "notices"

SAMPLE_2027 = (NOTICES / "2027-sample.txt").read_text(encoding="utf-8")
"""Worded like a notice, with the page's worked example (the real 2027 notice is not in this sandbox)."""


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_a_pasted_notice_reads_into_the_days_off_and_make_up_days_chinese_calendar_holds(year):
    """Four notices pasted as planners would (items only, with the preamble, with weekday asides, all on one line) give
    exactly the days off and make-up workdays the built-in calendar has for their year (2023's New Year break
    began on 31 December 2022; from 25 December on, the days belong to the next year's notice)."""
    reading = hs.read_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"), year)
    assert reading.problems == []
    schedule = hs.schedule_from_rows(reading.rows.assign(year=year))
    first, last = min(reading.rows["first_day_off"]), D(year, 12, 24)
    assert {day for day, _ in schedule.days_off} == {
        d for d in chinese_calendar.holidays if first <= d <= last
    }
    assert schedule.makeup_workdays == {d for d in chinese_calendar.workdays if first <= d <= last}
    assert first == (D(2022, 12, 31) if year == 2023 else D(year, 1, 1))


def test_a_notice_reads_into_rows_the_grid_can_save():
    reading = hs.read_notice(SAMPLE_2027, 2027)
    assert reading.problems == []
    assert reading.rows.to_dict("records") == [
        _row("new_year", D(2026, 12, 31), D(2027, 1, 2)),
        _row("spring_festival", D(2027, 2, 5), D(2027, 2, 12), D(2027, 2, 14)),
        _row("national_day", D(2027, 10, 1), D(2027, 10, 7), D(2027, 9, 26), D(2027, 10, 9)),
    ]
    assert hs.check_year(2027, reading.rows) == []
    # Full-width digits and a December New Year date with no year stated read the same.
    reading = hs.read_notice("元旦：１２月３１日至１月２日放假调休，共3天。", 2027)
    assert reading.rows.to_dict("records") == [_row("new_year", D(2026, 12, 31), D(2027, 1, 2))]


def test_what_a_notice_does_not_say_plainly_is_reported_not_guessed():
    reading = hs.read_notice("关于2026年部分节假日安排的通知 一、元旦：1月1日放假。", 2027)
    assert reading.rows.empty
    assert reading.problems == [
        hs.ScheduleProblem("notice_other_year", params={"year": 2027, "notice_year": 2026})
    ]
    assert hs.read_notice("春节放假八天", 2027).problems == [hs.ScheduleProblem("notice_no_holiday")]
    reading = hs.read_notice(
        "端午节：另行通知。劳动节：5月1日至5日放假调休，共5天。4月25日（周日）、5月8日（周六）、5月9日（周日）上班。",
        2027,
    )
    assert reading.rows.to_dict("records") == [
        _row("labour_day", D(2027, 5, 1), D(2027, 5, 5), D(2027, 4, 25), D(2027, 5, 8))
    ]
    assert [(p.code, p.params["text"]) for p in reading.problems] == [
        ("notice_unread", "端午节：另行通知。"),
        ("notice_makeup_over_two", "劳动节：5月1日至5日放假调休，共5天。4月25…"),
    ]
    assert hs.read_notice("春节：2月30日放假。", 2027).problems[0].code == "notice_unread"


def test_the_schedule_digest_tells_calendars_apart_and_is_empty_for_none():
    assert calendar.NO_SCHEDULE.digest() == ""
    assert _schedule().digest() == _schedule(NOTICE_2027.copy()).digest() != ""
    moved = NOTICE_2027.assign(makeup_workday_1=[D(2027, 2, 20), D(2027, 9, 26)])
    assert _schedule(moved).digest() != _schedule().digest()


def test_a_year_awaits_its_notice_from_the_november_before_until_it_is_typed_in():
    none = calendar.NO_SCHEDULE
    assert hs.years_awaiting_notice(none, D(2026, 10, 31)) == []  # 2026 built in; 2027's notice not out yet
    assert hs.years_awaiting_notice(none, D(2026, 11, 1)) == [2027]
    assert hs.years_awaiting_notice(_schedule(), D(2026, 12, 5)) == []  # typed in
    assert hs.years_awaiting_notice(none, D(2027, 3, 1)) == [2027]
    assert hs.years_awaiting_notice(_schedule(), D(2027, 11, 20)) == [2028]


def test_the_page_offers_the_years_the_forecast_warns_of(monkeypatch):
    """The schedule section's year picker: the years from the data's last day to the end of the longest window
    that are not built in, before the built-in years as after them."""
    from ui import holiday_schedule as ui_schedule

    monkeypatch.setattr(ui_schedule, "_saved", lambda version: pd.DataFrame({"year": [2030]}))
    first, last = calendar.official_years()
    assert ui_schedule.years(D(first - 1, 12, 31), 400, "v") == [first - 1, 2030]
    assert ui_schedule.years(D(last, 10, 31), 550, "v") == [last + 1, last + 2, 2030]
