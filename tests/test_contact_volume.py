"""contact_volume: a channel without imported daily volume is counted from its tickets, with no double counting."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics import forecast, overview, store
from analytics.ingest import importer

TICKETS = "工单号,渠道,创建时间,处理时长\n"


def tickets_csv(days: dict[str, list[int]], channel: str = "邮件") -> bytes:
    """A ticket export: day -> handle seconds of each ticket created that day."""
    rows = [
        f"{day}-{k},{channel},{day} 10:{k:02d}:00,{seconds}\n"
        for day, handles in days.items()
        for k, seconds in enumerate(handles)
    ]
    return (TICKETS + "".join(rows)).encode()


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "desk.duckdb")
    yield connection
    connection.close()


def volume(con) -> list[tuple]:
    return con.execute(
        "SELECT date, channel, contacts, aht_seconds FROM contact_volume ORDER BY channel, date"
    ).fetchall()


def test_a_channel_known_only_from_tickets_is_counted_per_day_with_zero_days_inside_the_export(con):
    data = tickets_csv({"2024-06-17": [300, 500], "2024-06-19": [400]})  # no ticket on the 18th
    importer.import_file(con, data, "email.csv", "tickets", source="crm")

    assert volume(con) == [
        (dt.date(2024, 6, 17), "email", 2, 400.0),
        (dt.date(2024, 6, 18), "email", 0, None),
        (dt.date(2024, 6, 19), "email", 1, 400.0),
    ]
    history = forecast.load_daily_history(con)
    assert history["contacts"].tolist() == [2.0, 0.0, 1.0]
    day = dt.date(2024, 6, 19)
    assert overview.kpis(con, overview.Period(day - dt.timedelta(days=2), day)).contacts == 3


def test_days_between_two_exports_stay_without_data(con):
    importer.import_file(con, tickets_csv({"2024-06-01": [60], "2024-06-02": [60]}), "a.csv", "tickets")
    importer.import_file(con, tickets_csv({"2024-06-10": [60]}), "b.csv", "tickets")

    days = [row[0].day for row in volume(con)]
    assert days == [1, 2, 10]


def test_imported_daily_volume_wins_over_tickets_of_the_same_channel(con):
    importer.import_file(con, tickets_csv({"2024-06-18": [100] * 5}, channel="电话"), "t.csv", "tickets")
    importer.import_file(con, tickets_csv({"2024-06-18": [200] * 3}), "e.csv", "tickets")
    daily = "日期,渠道,进线量,平均处理时长\n2024-06-18,电话,40,250\n".encode()
    importer.import_file(con, daily, "phone.csv", "volume", source="acd")

    assert volume(con) == [
        (dt.date(2024, 6, 18), "email", 3, 200.0),
        (dt.date(2024, 6, 18), "phone", 40, 250.0),  # the ACD's count, not the 5 tickets added to it
    ]


def test_undoing_the_ticket_import_takes_its_days_away(con):
    _, result = importer.import_file(con, tickets_csv({"2024-06-18": [100]}), "e.csv", "tickets")
    importer.undo_batch(con, result.batch_id)
    assert volume(con) == []
    assert forecast.load_daily_history(con).empty


def test_the_demo_volume_is_its_daily_volume(demo_con):
    """Every demo channel has daily volume, so its tickets add nothing."""
    held = demo_con.execute("SELECT sum(contacts), count(*) FROM daily_volume").fetchone()
    assert demo_con.execute("SELECT sum(contacts), count(*) FROM contact_volume").fetchone() == held
    assert pd.Series(demo_con.execute("SELECT DISTINCT source FROM contact_volume").fetchall()).size == 1
