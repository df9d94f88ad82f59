"""Real exports import through the built-in mapping profiles, and templates round-trip through recognition."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from analytics import store
from analytics.ingest import importer
from analytics.ingest.kinds import KINDS
from analytics.ingest.mapping import (
    SURE,
    Mapping,
    load_profile,
    propose_for_file,
    propose_mapping,
    save_profile,
    with_every_row,
)
from analytics.ingest.readers import read_table
from analytics.ingest.templates import template_bytes

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real"
needs_real = pytest.mark.skipif(not REAL.exists(), reason="reference data not present")


@pytest.fixture
def con(tmp_path):
    connection = store.connect(tmp_path / "desk.duckdb")
    yield connection
    connection.close()


@needs_real
def test_technion_calls_import_as_phone_tickets(con):
    path = REAL / "technion_bank_1999_feb_calls" / "data_anonymous_bank_february.txt"
    plan, result = importer.import_file(
        con, path.read_bytes(), path.name, "tickets", profile="technion_bank_calls"
    )
    assert plan.raw.delimiter == "\t" and result.inserted == 33_344 and result.rejected == 0
    first = con.execute(
        "SELECT ticket_id, created_at::VARCHAR, channel, handle_seconds, agent, category FROM tickets"
        " WHERE ticket_id = 'AA0101-34536'"
    ).fetchone()
    assert first == ("AA0101-34536", "1999-02-01 07:02:47", "phone", 166.0, "DORIT", "PS")
    span = con.execute(
        "SELECT min(created_at)::DATE::VARCHAR, max(created_at)::DATE::VARCHAR FROM tickets"
    ).fetchone()
    assert span == ("1999-02-01", "1999-02-28")


@needs_real
def test_technion_customer_ids_damaged_by_excel_are_caught():
    path = REAL / "technion_bank_1999_feb_calls" / "data_anonymous_bank_february.txt"
    raw = read_table(path.read_bytes(), path.name)
    profile = load_profile("technion_bank_calls")
    with_customer = Mapping(
        **{**profile.__dict__, "columns": {**profile.columns, "customer_id": "customer_id"}}
    )
    from analytics.ingest.validate import Rules, validate

    validation = validate(raw, with_customer, Rules())
    scientific = validation.report[validation.report["code"] == "id_scientific_notation"]
    assert len(scientific) == 21 and scientific["value"].iloc[0] == "6.02701E+11"


@needs_real
def test_helpdesk_event_log_becomes_one_ticket_per_case(con):
    path = REAL / "helpdesk_ticket_log_2010_2012" / "helpdesk.csv"
    _, result = importer.import_file(
        con, path.read_bytes(), path.name, "tickets", profile="helpdesk_event_log"
    )
    assert result.inserted == 3_804
    case2 = con.execute(
        "SELECT created_at::VARCHAR, closed_at::VARCHAR, channel FROM tickets WHERE ticket_id = '2'"
    ).fetchone()
    assert case2 == ("2012-04-03 16:55:38", "2012-04-05 17:15:52", "ticket")
    assert con.execute("SELECT count(*) FROM tickets WHERE closed_at < created_at").fetchone()[0] == 0


@needs_real
def test_yuebao_daily_series_imports_as_daily_volume(con):
    path = REAL / "antfin_yuebao_daily_2013_2014" / "yuebao_daily_purchase_redeem.csv"
    _, result = importer.import_file(con, path.read_bytes(), path.name, "volume", profile="yuebao_daily")
    assert result.inserted == 427
    rows = con.execute(
        "SELECT date::VARCHAR, channel, contacts FROM daily_volume ORDER BY date LIMIT 1"
    ).fetchall()
    assert rows == [("2013-07-01", "online", 32488348)]


def test_saved_profile_maps_the_next_file(con):
    data = "单号;来源;提交时间\n001;热线;2024-06-18 08:00\n".encode("gbk")
    raw = read_table(data, "crm.csv")
    mapping, matches = propose_mapping(raw.headers, "tickets")
    assert mapping.columns == {"ticket_id": "单号", "created_at": "提交时间", "channel": "来源"}
    unsure = [m.header for m in matches if m.confidence < SURE]
    assert unsure == ["来源"]  # matched by part of 来源渠道 only: the page asks the user to confirm
    mapping.name, mapping.source = "老CRM导出", "old_crm"
    save_profile(con, mapping)
    plan, result = importer.import_file(con, data, "crm.csv", "tickets", profile="老CRM导出")
    assert plan.source == "old_crm" and result.inserted == 1


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_are_recognised_column_for_column(kind, fmt):
    raw = read_table(template_bytes(kind, fmt), f"template.{fmt}")
    mapping, matches = propose_mapping(raw.headers, kind)
    assert set(mapping.columns) == {f.name for f in KINDS[kind].fields}
    assert all(m.confidence >= 0.9 for m in matches)


def test_a_header_that_is_the_fields_own_name_wins_over_an_alias():
    """interval_start and interval (an alias of it) were both sure matches: the left one took the field."""
    proposed, _ = propose_mapping(["date", "interval", "interval_start", "calls"], "intervals")
    assert proposed.columns["interval_start"] == "interval_start"


INTERVAL_REPORT = (
    "日期,时段,进线量,时段序号\n"
    + "".join(
        f"2024-06-18,{h:02d}:{m:02d},{10 + h},{n}\n"
        for n, (h, m) in enumerate([(h, m) for h in range(8, 12) for m in (0, 30)], start=1)
    )
    + "2024-06-19,08:00,9,1\n"
)
"""An ACD's half-hour report: the day in one column, the time of day in another, no length column, a counter."""


def test_an_interval_report_with_a_date_and_a_time_column_maps_itself(con):
    """Such a report needed a profile to join 日期 + 时段 and a length column it does not have."""
    raw = read_table(INTERVAL_REPORT.encode(), "half_hours.csv")
    proposed, _ = propose_for_file(raw, "intervals")
    assert proposed.columns["interval_start"] == ["日期", "时段"]
    assert proposed.constants == {"interval_minutes": "30"}  # the step between starts, the day's gap left out
    assert "interval_minutes" not in proposed.columns
    plan, result = importer.import_file(
        con, INTERVAL_REPORT.encode(), "half_hours.csv", "intervals", every_row={"channel": "电话"}
    )
    assert result.inserted == 9
    first = con.execute(
        "SELECT interval_start::VARCHAR, interval_minutes, channel, contacts FROM interval_volume"
        " ORDER BY interval_start LIMIT 1"
    ).fetchone()
    assert first == ("2024-06-18 08:00:00", 30, "phone", 18.0)


def test_a_saved_profile_keeps_its_every_row_values(con):
    """The hotline's report saved as a profile with 渠道 = 电话 for every row: next month's file needs no flag."""
    proposed, _ = propose_for_file(read_table(INTERVAL_REPORT.encode(), "june.csv"), "intervals")
    save_profile(con, replace(with_every_row(proposed, {"channel": "电话"}), name="热线半小时报表"))
    saved = load_profile("热线半小时报表", con)
    assert saved.constants == {"channel": "phone", "interval_minutes": "30"}
    july = INTERVAL_REPORT.replace("2024-06-", "2024-07-").encode()
    plan, result = importer.import_file(con, july, "july.csv", "intervals", profile="热线半小时报表")
    assert result.inserted == 9 and result.rejected == 0
    assert con.execute("SELECT DISTINCT channel, interval_minutes FROM interval_volume").fetchall() == [
        ("phone", 30)
    ]


@pytest.mark.parametrize("clock", ["{h:02d}:{m:02d}", "{h}时{m:02d}分"], ids=["colon", "chinese"])
def test_an_interval_report_with_time_ranges_maps_itself(con, clock):
    """时段 written as the range 08:00-08:30 (or 8时00分-8时30分): joined to the date, read as its start, the
    length from the steps."""
    ranged = "日期,时段,进线量\n" + "".join(
        f"2024-06-18,{clock.format(h=h, m=m)}-{clock.format(h=h + (m + 30) // 60, m=(m + 30) % 60)},{h}\n"
        for h in range(8, 10)
        for m in (0, 30)
    )
    raw = read_table(ranged.encode(), "ranges.csv")
    proposed, _ = propose_for_file(raw, "intervals")
    assert proposed.columns["interval_start"] == ["日期", "时段"]
    assert proposed.constants == {"interval_minutes": "30"}
    plan, result = importer.import_file(
        con, ranged.encode(), "ranges.csv", "intervals", every_row={"channel": "电话"}
    )
    assert result.inserted == 4 and result.rejected == 0
    starts = con.execute("SELECT interval_start::VARCHAR FROM interval_volume ORDER BY 1").fetchall()
    assert [s for (s,) in starts] == [f"2024-06-18 {t}:00" for t in ("08:00", "08:30", "09:00", "09:30")]


def test_a_ticket_export_with_the_time_apart_from_the_date_joins_them():
    raw = read_table("工单号,日期,创建时间,渠道\nT1,2024-06-18,09:15:00,电话\n".encode(), "t.csv")
    proposed, _ = propose_for_file(raw, "tickets")
    assert proposed.columns["created_at"] == ["日期", "创建时间"]
    whole = read_table("工单号,日期,创建时间,渠道\nT1,2024-06-18,2024-06-18 09:15,电话\n".encode(), "t.csv")
    assert propose_for_file(whole, "tickets")[0].columns["created_at"] == "创建时间"  # a full stamp stays


@needs_real
def test_the_technion_six_minute_arrivals_import_as_intervals(con):
    """A year of 6-minute call arrivals: date and HH:MM in two columns, the interval's number in a third."""
    path = REAL / "technion_bank_1999_6min" / "callcenter_1999_6min.csv"
    plan, result = importer.import_file(
        con, path.read_bytes(), path.name, "intervals", every_row={"channel": "phone"}
    )
    assert plan.mapping.columns["interval_start"] == ["date", "interval_start"]
    assert result.inserted == 87_600 and result.rejected == 0
    days = con.execute(
        "SELECT interval_start::DATE::VARCHAR, sum(contacts), min(interval_minutes), max(interval_minutes)"
        " FROM interval_volume GROUP BY 1 ORDER BY 1 LIMIT 3"
    ).fetchall()
    assert days == [("1999-01-01", 600.0, 6, 6), ("1999-01-02", 253.0, 6, 6), ("1999-01-03", 2111.0, 6, 6)]
