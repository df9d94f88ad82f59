"""contact_volume: a channel without imported daily volume is counted from its tickets, with no double counting."""

from __future__ import annotations

import datetime as dt

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


def test_a_channel_known_only_from_tickets_is_counted_per_day_with_its_quiet_days_at_zero(con):
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
    assert store.ticket_counted_channels(con) == ["email"]


def test_a_gap_longer_than_two_weeks_is_missing_data_not_zeros(con):
    days = {"2024-06-01": [60], "2024-06-15": [60], "2024-07-01": [60]}  # 13 quiet days, then 15
    importer.import_file(con, tickets_csv(days), "a.csv", "tickets")
    importer.import_file(con, tickets_csv({"2014-06-01": [60]}), "typo.csv", "tickets")  # a mistyped year

    rows = volume(con)
    assert len(rows) == 1 + 15 + 1  # the typo, 1-15 June, 1 July: no zeros across the long gaps
    assert [r[2] for r in rows if r[0].month == 6 and r[0].year == 2024] == [1] + [0] * 13 + [1]
    assert (dt.date(2024, 6, 20), "email") not in {r[:2] for r in rows}


def test_the_ranges_do_not_depend_on_which_batch_holds_a_ticket(con):
    importer.import_file(con, tickets_csv({"2024-06-01": [60], "2024-06-05": [60]}), "a.csv", "tickets")
    before = volume(con)
    importer.import_file(con, tickets_csv({"2024-06-01": [90]}), "fix.csv", "tickets")  # corrects one ticket
    assert [r[:3] for r in volume(con)] == [r[:3] for r in before]


def test_aht_is_the_mean_of_the_recorded_handle_times(con):
    body = (
        TICKETS
        + "A1,邮件,2024-06-18 10:00:00,100\n"
        + "".join(f"N{k},邮件,2024-06-18 11:{k:02d}:00,\n" for k in range(9))
    )
    importer.import_file(con, body.encode(), "a.csv", "tickets")
    importer.import_file(con, tickets_csv({"2024-06-18": [500] * 10}), "b.csv", "tickets")
    assert volume(con) == [(dt.date(2024, 6, 18), "email", 20, pytest.approx((100 + 500 * 10) / 11))]


def test_daily_volume_takes_over_from_its_first_day_and_tickets_keep_the_days_before(con):
    phone_tickets = {"2024-06-10": [100] * 4, "2024-06-18": [100] * 5}
    importer.import_file(con, tickets_csv(phone_tickets, channel="电话"), "t.csv", "tickets")
    daily = "日期,渠道,进线量,平均处理时长\n2024-06-18,电话,40,250\n".encode()
    importer.import_file(con, daily, "phone.csv", "volume", source="acd")

    phone = [r for r in volume(con) if r[1] == "phone"]
    assert phone[0] == (dt.date(2024, 6, 10), "phone", 4, 100.0)  # before the ACD's data: its tickets
    assert phone[-1] == (dt.date(2024, 6, 18), "phone", 40, 250.0)  # the ACD's count, not 40 + 5
    assert sum(r[2] for r in phone) == 44  # 4 on the 10th, quiet days 11-17 at 0, 40 on the 18th
    assert store.ticket_counted_channels(con) == ["phone"]


def test_undoing_the_ticket_import_takes_its_days_away(con):
    _, result = importer.import_file(con, tickets_csv({"2024-06-18": [100]}), "e.csv", "tickets")
    importer.undo_batch(con, result.batch_id)
    assert volume(con) == []
    assert forecast.load_daily_history(con).empty


def test_the_demo_volume_is_its_daily_volume(demo_con):
    """Every demo channel has daily volume from 2023 on, before its tickets start, so tickets add nothing."""
    held = demo_con.execute("SELECT sum(contacts), count(*) FROM daily_volume").fetchone()
    assert demo_con.execute("SELECT sum(contacts), count(*) FROM contact_volume").fetchone() == held
    assert store.ticket_counted_channels(demo_con) == []


def test_a_read_only_open_of_an_older_database_migrates_it_first(tmp_path, monkeypatch):
    path = tmp_path / "v4.duckdb"
    with monkeypatch.context() as v4:
        v4.setattr(store, "MIGRATIONS", store.MIGRATIONS[:4])
        store.connect(path).close()
    con = store.connect(path, read_only=True)  # what the CLI's forecast, evaluate and export do
    assert store.schema_version(con) == store.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM contact_volume").fetchone() == (0,)
    con.close()
