"""China calendar: statutory holidays, 调休 make-up workdays, provisional years, promotion phases."""

import datetime as dt

import pandas as pd

from analytics import calendar


def _day(frame, iso):
    return frame.set_index("date").loc[pd.Timestamp(iso)]


def test_make_up_workdays_of_spring_festival_2024():
    frame = calendar.calendar_frame(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    for iso in ("2024-02-04", "2024-02-18"):
        day = _day(frame, iso)
        assert day["is_weekend"] and day["is_makeup_workday"] and day["is_workday"]
    festival = _day(frame, "2024-02-12")
    assert festival["is_holiday"] and festival["holiday"] == "spring_festival" and not festival["is_workday"]


def test_spring_festival_2025_is_january_29():
    assert calendar.spring_festival_date(2025) == dt.date(2025, 1, 29)
    day = _day(calendar.calendar_frame(dt.date(2025, 1, 20), dt.date(2025, 2, 10)), "2025-01-29")
    assert day["holiday"] == "spring_festival"
    assert day["spring_festival_offset"] == 0
    assert not day["provisional"]


def test_2027_is_provisional_with_no_invented_make_up_days():
    assert calendar.spring_festival_date(2027) == dt.date(2027, 2, 6)
    frame = calendar.calendar_frame(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert frame["provisional"].all()
    assert not frame["is_makeup_workday"].any()
    spring = _day(frame, "2027-02-06")
    assert spring["is_holiday"] and spring["holiday"] == "spring_festival"
    assert _day(frame, "2027-10-01")["holiday"] == "national_day"


def test_official_years_reach_2026():
    first, last = calendar.official_years()
    assert first <= 2023 and last >= 2026
    assert not calendar.is_provisional(2026)
    assert calendar.is_provisional(last + 1)


def test_spring_festival_window_moves_with_the_lunar_calendar():
    windows = calendar.spring_festival_windows([2024, 2025])
    assert list(windows["start_date"]) == [dt.date(2024, 1, 26), dt.date(2025, 1, 14)]
    frame = calendar.calendar_frame(dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    inside = frame.dropna(subset=["spring_festival_offset"])
    assert inside["date"].min() == pd.Timestamp("2025-01-14")
    assert inside["date"].max() == pd.Timestamp("2025-02-13")


def test_default_promotions_have_three_phases_in_order():
    events = calendar.default_events([2026])
    double11 = events[events["event_key"] == "double11"].set_index("phase")
    assert double11.loc["presale", "start_date"] == dt.date(2026, 10, 20)
    assert double11.loc["peak", "start_date"] == dt.date(2026, 11, 11)
    assert double11.loc["aftersales", "end_date"] == dt.date(2026, 11, 20)
    for key in ("618", "double11", "double12"):
        phases = events[events["event_key"] == key].sort_values("start_date")
        assert list(phases["phase"]) == ["presale", "peak", "aftersales"]
        assert (phases["start_date"].iloc[1:].to_numpy() > phases["end_date"].iloc[:-1].to_numpy()).all()


def test_event_days_expand_phases_and_clip_to_the_range():
    events = calendar.default_events([2026])
    days = calendar.event_days(
        events[events["event_key"] == "618"], dt.date(2026, 6, 10), dt.date(2026, 6, 20)
    )
    assert len(days) == 11
    assert days.loc[days["date"] == pd.Timestamp("2026-06-18"), "phase"].item() == "peak"
    assert days.loc[days["date"] == pd.Timestamp("2026-06-18"), "day_in_phase"].item() == 17
    assert days.loc[days["date"] == pd.Timestamp("2026-06-19"), "phase"].item() == "aftersales"


def test_pay_day_types_follow_the_labour_law():
    """Overtime pays 300% on the statutory days only (1 to 3 October, not the bridge days off after them), 200% on
    weekends and days off in lieu, 150% on workdays, 调休 Saturdays included; the 2025 rule makes New Year's Eve
    statutory, and later (provisional) years follow it."""
    kinds = {
        "2026-10-01": "statutory_holiday",
        "2026-10-03": "statutory_holiday",
        "2026-10-04": "rest_day",  # Sunday inside the break
        "2026-10-05": "rest_day",  # a day off in lieu of 3 October, a Saturday
        "2026-10-10": "workday",  # 调休: a Saturday worked
        "2026-10-12": "workday",
        "2026-10-17": "rest_day",
        "2025-01-28": "statutory_holiday",  # New Year's Eve under the 2025 rule
        "2024-02-13": "rest_day",  # the fourth day of the 2024 break: in lieu, not statutory
        "2027-02-05": "statutory_holiday",  # provisional year: Eve and the three festival days
        "2027-02-08": "statutory_holiday",
        "2027-02-09": "workday",
    }
    assert {iso: calendar.pay_day_type(dt.date.fromisoformat(iso)) for iso in kinds} == kinds
