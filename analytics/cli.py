"""Command-line interface: one entry, one subcommand per task.

Each subcommand is a function `_cmd_<name>(args) -> int` registered in `_build_parser`. Commands import the
analytics they need lazily, so `info` does not pay for statsmodels.

What a user reads (forecast warnings and models, the scorecard, the exported tables) comes from the pages' own
text and table builders in `ui`, imported lazily inside the command and run in `_speaking(lang)`, so the command
line and the pages say the same thing and a CLI export is the page's download. Framing lines and errors are in
English; `forecast --out` keeps code headers (date, channel, forecast, lo80, ...) for scripts.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from analytics.display import text_width


class CommandError(Exception):
    """A mistake the user can fix (a wrong path, a file of the wrong kind): one 'error:' line, exit code 1."""


def _open_database(db: str, *, read_only: bool = True):
    """A connection to the DuckDB file at `db`, which must exist and be a DuckDB database.

    A CSV or XLSX passed as --db (FILE and --db swapped) is refused: DuckDB would open it as an in-memory
    database, and an import into it would report success and keep nothing.
    """
    from analytics import store

    path = Path(db)
    if not path.exists():
        raise CommandError(f"no database at {path}")
    if path.is_dir():
        raise CommandError(f"{path} is a folder, not a database file")
    with path.open("rb") as file:
        magic = file.read(12)[8:]  # a DuckDB file has 'DUCK' after an 8-byte checksum
    if magic != b"DUCK":
        raise CommandError(f"{path} is not a DuckDB database file (is --db the right path?)")
    return store.connect(path, read_only=read_only)


def _cmd_seed_demo(args: argparse.Namespace) -> int:
    from analytics import demo, store

    path = Path(args.db)
    if path.exists() and not args.force:
        print(f"error: {path} exists; pass --force to replace it", file=sys.stderr)
        return 1
    if path.exists():
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
    started = time.perf_counter()
    con = store.connect(path)
    counts = demo.seed_demo(con, seed=args.seed)
    con.close()
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{table} {rows:,}" for table, rows in counts.items())
    print(f"demo database written to {path} in {elapsed:.1f} s: {summary}")
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from analytics import store

    path = Path(args.db)
    con = _open_database(args.db)
    demo = "yes" if store.is_demo(con) else "no"
    print(f"database {path}, schema version {store.schema_version(con)}, demo data (示例数据): {demo}")
    summary = store.table_summary(con)
    width = max(20, summary["table"].str.len().max() + 2)  # forecast_snapshot_values is 24 long
    print(f"{'table':<{width}}{'rows':>12}  {'first':<20}{'last':<20}")
    for row in summary.itertuples(index=False):
        first = "" if row.first is None else str(row.first)[:19]
        last = "" if row.last is None else str(row.last)[:19]
        print(f"{row.table:<{width}}{row.rows:>12,}  {first:<20}{last:<20}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from analytics.ingest import importer, mapping
    from analytics.ingest.messages import render_message
    from analytics.ingest.readers import IngestError

    path = Path(args.file)
    every_row = dict(args.every_row or [])
    joins = dict(args.join or [])
    try:  # a field or value not allowed is said before any file is read or database made
        mapping.with_every_row(mapping.Mapping(kind=args.kind), every_row)
    except ValueError as error:
        print(f"error: --every-row: {error}", file=sys.stderr)
        return 1
    try:
        mapping.with_joined(mapping.Mapping(kind=args.kind), joins)
    except ValueError as error:
        print(f"error: --join: {error}", file=sys.stderr)
        return 1
    con = _import_database(args.db, args.dry_run)
    data = path.read_bytes()
    try:
        plan, _ = importer.import_file(
            con, data, path.name, args.kind, source=args.source, profile=args.profile,
            sheet=args.sheet, mode=args.mode, imported_by=args.user, dry_run=True, every_row=every_row,
            joins=joins,
        )  # fmt: skip
        plans = [plan]
        if args.all_sheets:  # the later sheets of the same headers, mapped alike: every one checked first
            for sheet in importer.later_sheets_alike(data, path.name, plan.raw):
                plans.append(
                    importer.import_file(
                        con, data, path.name, args.kind, source=plan.source, profile=plan.mapping,
                        sheet=sheet, dry_run=True, every_row=every_row,
                    )[0]
                )  # fmt: skip
        for one in plans:
            if not _import_checked(one, args, _shown_name(path, one, plans)):
                if len(plans) > 1:
                    print(f"error: {path.name}: no sheet written", file=sys.stderr)
                return 1
        for one in plans:
            prefix = f"{_shown_name(path, one, plans)}: " if len(plans) > 1 else ""
            if one.already_imported:
                batch_id, when = one.already_imported
                params = {"batch_id": batch_id, "imported_at": f"{when:%Y-%m-%d %H:%M}"}
                print(f"{prefix}{render_message('already_imported', params, args.lang)}")
            elif args.dry_run:
                valid = int(one.validation.valid.sum())
                rejected = one.validation.rejected_rows
                print(f"dry run: {prefix}{valid} rows valid, {rejected} rejected; nothing written")
            else:
                result = importer.commit_import(con, one, mode=args.mode, imported_by=args.user, wait=True)
                print(f"imported {_shown_name(path, one, plans)} as {args.kind}: {result.summary()}")
    except IngestError as error:
        print(f"error: {path.name}: {render_message(error.code, error.params, args.lang)}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


def _shown_name(path: Path, plan, plans: list) -> str:
    """The file's name, with the sheet's when several sheets are imported (月报.xlsx [2月])."""
    return f"{path.name} [{plan.raw.sheet}]" if len(plans) > 1 else path.name


def _import_checked(plan, args: argparse.Namespace, name: str) -> bool:
    """Print a validated plan's warnings, report and notices; False when it may not be written."""
    from analytics.ingest import importer
    from analytics.ingest.messages import render_message
    from analytics.ingest.validate import notice_table, report_table

    validation = plan.validation
    if plan.raw.uncalculated_formulas:
        formulas = plan.raw.uncalculated_formulas
        params = {"n": len(formulas), "cells": ", ".join(formulas[:5])}
        print(f"warning: {render_message('uncalculated_formulas', params, args.lang)}", file=sys.stderr)
    if not validation.ok:
        print(report_table(validation, args.lang).to_csv(index=False), end="", file=sys.stderr)
    if validation.file_issues:
        problems = len(validation.file_issues)
        print(
            f"error: {name}: {problems} problem(s) with the file as a whole (listed above); nothing written",
            file=sys.stderr,
        )
        covered = importer.kinds_covered(plan.raw)
        if covered and args.kind not in covered:
            print(f"hint: the headers hold every required column of --kind {covered[0]}", file=sys.stderr)
        return False
    if not validation.ok:
        invalid = f"{validation.rejected_rows} of {validation.rows} rows invalid (listed above)"
        if args.mode == "all_or_nothing":
            print(
                f"error: {name}: {invalid}; nothing written (--mode valid_rows imports the valid rows and skips"
                " these)",
                file=sys.stderr,
            )
            return False
        print(f"notice: {name}: {invalid}; they are skipped", file=sys.stderr)
    if not validation.notices.empty:
        print(notice_table(validation, args.lang).to_csv(index=False), end="", file=sys.stderr)
        print(
            f"notice: {len(validation.notices)} unusual value(s); they do not block the import",
            file=sys.stderr,
        )
    return True


def _import_database(db: str, dry_run: bool):
    """The database to import into. A new one is created when there is none at `db` (said on stderr, since a
    mistyped path would otherwise import out of sight); a dry run checks against an empty one in memory and
    leaves no file behind."""
    from analytics import store

    if Path(db).exists():
        return _open_database(db, read_only=False)
    if dry_run:
        print(f"note: no database at {db}: the file is checked against an empty one", file=sys.stderr)
        return store.connect(":memory:")
    print(f"note: no database at {db}: a new, empty one is created", file=sys.stderr)
    return store.connect(db)


def _cmd_backtest(args: argparse.Namespace) -> int:
    from analytics import forecast
    from analytics.forecast.engine import MIN_TRAIN_DAYS

    series = _daily_series(args.file, args.date_col, args.value_col, args.sep)
    events = None
    if args.calendar == "CN":
        from analytics.calendar import default_events

        events = default_events(range(series.index.min().year, series.index.max().year + 2))
    models = ("auto", "seasonal_naive")
    scores = forecast.model_backtest(
        series, args.horizon, args.origins, args.step, calendar=args.calendar, events=events, models=models
    )
    if scores.empty:
        days = (series.index.max() - series.index.min()).days + 1
        print(
            f"error: {args.file}: history too short for a {args.horizon}-day backtest: {days} day(s) from"
            f" {series.index.min():%Y-%m-%d}; it needs at least {MIN_TRAIN_DAYS + args.horizon}"
            f" ({MIN_TRAIN_DAYS} to train, {args.horizon} to compare)",
            file=sys.stderr,
        )
        return 1
    width = max(18, scores["chosen"].str.len().max() + 2)
    print(f"{'origin':<12}{'model':<18}{'chosen':<{width}}{'MASE':>8}{'WAPE':>8}{'bias':>8}")
    for row in scores.itertuples(index=False):
        print(
            f"{row.origin:%Y-%m-%d}  {row.model:<18}{row.chosen:<{width}}"
            f"{row.mase:>8.3f}{row.wape:>8.3f}{row.bias:>+8.3f}"
        )
    means = scores.groupby("model")["mase"].mean()
    origins = scores["origin"].nunique()
    print(
        f"mean MASE: model={means['auto']:.3f} seasonal_naive={means['seasonal_naive']:.3f}"
        f" (h={args.horizon}, {origins} origins)"
    )
    return 0


def _daily_series(file: str, date_col: str, value_col: str, sep: str):
    """The daily series a backtest runs on; CommandError naming the file (and the column and row where it
    applies) when the file cannot give one."""
    import io

    import pandas as pd

    from analytics import forecast
    from analytics.ingest.messages import render_message
    from analytics.ingest.readers import IngestError, decode_text

    try:
        text, _encoding = decode_text(Path(file).read_bytes())
        columns = list(pd.read_csv(io.StringIO(text), sep=sep, nrows=0, engine="python").columns)
    except pd.errors.EmptyDataError:
        raise CommandError(f"{file}: the file is empty") from None
    except IngestError as error:
        raise CommandError(f"{file}: {render_message(error.code, error.params, 'en')}") from None
    missing = [name for name in (date_col, value_col) if name not in columns]
    if missing:
        names = " and ".join(repr(name) for name in missing)
        hint = f" (one column: is --sep {sep!r} the file's separator?)" if len(columns) == 1 else ""
        listed = ", ".join(repr(name) for name in columns)
        raise CommandError(f"{file}: no column {names}; the header has {listed}{hint}")
    try:
        series = forecast.read_daily_csv(file, date_col, value_col, sep=sep)
    except ValueError as error:
        raise CommandError(f"{file}: {error}") from None
    if series.dropna().empty:
        raise CommandError(f"{file}: no day with a value in column {value_col!r}")
    repeated = int(series.index.duplicated().sum())
    if repeated:
        print(
            f"notice: {file}: {repeated} date(s) appear more than once in {date_col!r}; their values are added up",
            file=sys.stderr,
        )
    return series


def _cmd_forecast(args: argparse.Namespace) -> int:
    from analytics import events as event_store
    from analytics import exports, forecast, overview
    from analytics.forecast.engine import MAX_HORIZON

    if args.publish is not None and not args.publish.strip():
        print("error: --publish needs the name of who publishes", file=sys.stderr)
        return 1
    if args.horizon > MAX_HORIZON:
        print(
            f"error: --horizon {args.horizon}: the forecast reaches {MAX_HORIZON} days at most",
            file=sys.stderr,
        )
        return 1
    if not _is_export_file(args.out):
        return 1
    con = _open_database(args.db)
    history = forecast.load_daily_history(con)
    events = forecast.load_events(con)
    schedule = forecast.load_schedule(con)
    named_events = event_store.list_events(con)
    as_of = overview.data_as_of(con)
    con.close()
    if history.empty:
        print("error: no daily volume in the database", file=sys.stderr)
        return 1
    result = forecast.forecast_channels(history, args.horizon, events=events, schedule=schedule)
    with _speaking(args.lang):
        from ui.forecast import rounded_daily
        from ui.forecast_warnings import event_labeller, warning_texts

        # The page's rounding: each channel to the cent, the total re-summed from them (so they add up in Excel).
        # The headers stay the code names (date, channel, forecast, lo80, ...): scripts read this file.
        daily = rounded_daily(result.daily)
        daily = daily.assign(date=daily["date"].dt.date)
        models = _models_text(result.models)
        warnings = warning_texts(result.warnings, event_labeller(named_events))
    exports.write_file(daily, args.out, sheet_name=f"forecast {args.horizon} days", totals=[])
    print(f"forecast of {args.horizon} days written to {args.out} ({len(daily):,} rows)")
    print(f"models: {models}")
    for text in warnings:
        print(f"warning: {text}")
    if args.publish:  # as the page's Publish button: tracked against actuals, and the plans start from it
        con = _open_database(args.db, read_only=False)
        try:
            snapshot_id = forecast.publish_snapshot(
                con,
                result.daily,
                as_of,
                result.models,
                published_by=args.publish.strip(),
                warnings=result.warnings,
            )
        finally:
            con.close()
        print(f"published as snapshot #{snapshot_id} (data to {as_of}, by {args.publish.strip()})")
    return 0


def _cmd_snapshots(args: argparse.Namespace) -> int:
    from analytics import budget_draft, forecast

    if [args.withdraw, args.reinstate, args.export].count(None) < 2:
        raise CommandError("--withdraw, --reinstate and --export are one at a time")
    if (args.export is None) != (args.out is None):
        raise CommandError("--export N goes with --out FILE")
    if args.export is not None:
        return _export_snapshot(args.db, args.export, args.out)
    act, snapshot_id = (
        ("--withdraw", args.withdraw) if args.reinstate is None else ("--reinstate", args.reinstate)
    )
    if snapshot_id is None and (args.by or args.reason):
        raise CommandError("--by and --reason go with --withdraw N or --reinstate N")
    if snapshot_id is not None:  # either changes what finance's figures rest on: say who and why
        for option, value in (("--by NAME", args.by), ("--reason TEXT", args.reason)):
            if not (value or "").strip():
                raise CommandError(f"{act} needs {option}")
    if snapshot_id is None:
        con = _open_database(args.db)
        try:
            published = forecast.list_snapshots(con)
            undone = forecast.reinstatements(con)
            edits = forecast.note_edits(con)
        finally:
            con.close()
        if published.empty:
            print("no forecast published yet")
        for row in published.itertuples():
            print(_snapshot_line(row))
        for row in undone.itertuples():
            print(
                f"#{row.snapshot_id}  withdrawn {row.withdrawn_at:%Y-%m-%d} by {row.withdrawn_by}:"
                f" {row.withdrawn_reason} · reinstated {row.reinstated_at:%Y-%m-%d} by {row.reinstated_by}:"
                f" {row.reinstated_reason}"
            )
        for row in edits.itertuples():
            old = row.old_note if isinstance(row.old_note, str) and row.old_note else "(no note)"
            print(
                f"#{row.snapshot_id}  note changed {row.edited_at:%Y-%m-%d} by {row.edited_by}; it read: {old}"
            )
        return 0
    con = _open_database(args.db, read_only=False)
    try:
        if args.reinstate is None:
            forecast.withdraw_snapshot(con, snapshot_id, args.by, args.reason)
        else:
            forecast.reinstate_snapshot(con, snapshot_id, args.by, args.reason)
        drafted_on = budget_draft.versions_drafted_on(con, snapshot_id)
    finally:
        con.close()
    done = "withdrew" if args.reinstate is None else "reinstated"
    print(f"{done} snapshot #{snapshot_id} (by {args.by.strip()}: {args.reason.strip()})")
    for info in drafted_on:
        advice = "draft it again" if args.reinstate is None else "it stands on a forecast in force again"
        print(
            f"notice: budget {info.year} version {info.version} ({info.status}) was drafted on it: {advice}"
        )
    return 0


def _export_snapshot(db: str, snapshot_id: int, out: str) -> int:
    """Write published forecast #N's daily figures as frozen, rounded as the page's downloads are (each channel
    to the cent, the total re-summed from them), with the code-name headers of `forecast --out`."""
    from analytics import exports, forecast
    from ui.forecast import rounded_daily

    if not _is_export_file(out):
        return 1
    con = _open_database(db)
    try:
        daily = rounded_daily(forecast.snapshot_values(con, snapshot_id))
    finally:
        con.close()
    daily = daily.assign(date=daily["date"].dt.date)
    exports.write_file(daily, out, sheet_name=f"snapshot {snapshot_id}", totals=[])
    print(f"published forecast #{snapshot_id} written to {out} ({len(daily):,} rows)")
    return 0


def _snapshot_line(row) -> str:
    """One published forecast as the register lists it: id, data to, forecast to, published, by, status, note."""
    import pandas as pd

    history_end = pd.Timestamp(row.history_end)
    forecast_end = history_end + pd.Timedelta(days=int(row.horizon_days))
    status = (
        "in force"
        if pd.isna(row.withdrawn_at)
        else f"withdrawn {pd.Timestamp(row.withdrawn_at):%Y-%m-%d} by {row.withdrawn_by}: {row.withdrawn_reason}"
    )
    by = f" by {row.published_by}" if isinstance(row.published_by, str) and row.published_by else ""
    note = f" · {row.note}" if isinstance(row.note, str) and row.note else ""
    return (
        f"#{row.snapshot_id}  data to {history_end:%Y-%m-%d}, forecast to {forecast_end:%Y-%m-%d}, published"
        f" {pd.Timestamp(row.created_at):%Y-%m-%d %H:%M}{by} · {status}{note}"
    )


def _models_text(models: dict[str, str]) -> str:
    """The models the channels use, in words, each naming its channels: 日历回归 + Holt 趋势（电话、在线、微信）."""
    from ui.format import listing
    from ui.i18n import t

    channels_of: dict[str, list[str]] = {}
    for channel, model in models.items():
        channels_of.setdefault(model, []).append(t(f"channel.{channel}"))
    return t("model.used_by.separator").join(
        t("model.used_by", model=t(f"model.{model}"), channels=listing(channels))
        for model, channels in channels_of.items()
    )


def _speaking(lang: str):
    """A block in which ui's catalog, formatters and table builders speak `lang` (the pages' texts, reused).

    Imported outside `streamlit run`, ui's cached functions log a warning each that there is no runtime: the
    command line has none by design, so Streamlit's log is kept to errors.
    """
    import streamlit.logger

    streamlit.logger.set_log_level("error")
    from ui.i18n import speaking

    return speaking(lang)


def _cmd_holidays(args: argparse.Namespace) -> int:
    from analytics import calendar as cn_calendar
    from analytics import holiday_schedule as hs

    if hs.is_built_in(args.year):
        first, last = cn_calendar.official_years()
        if args.notice or args.delete:
            raise CommandError(
                f"{args.year} is built in (official schedules {first} to {last}): nothing to save"
            )
        print(f"{args.year}: built in (chinese-calendar knows the official schedules of {first} to {last})")
        return 0
    reading = _read_notice_file(args.notice, args.year) if args.notice else None
    writes = args.delete or (reading is not None and not args.dry_run)
    con = _open_database(args.db, read_only=not writes)
    try:
        with _speaking(args.lang):
            from ui.holiday_schedule import problem_text

            if args.delete:
                hs.delete_year(con, args.year)
                print(
                    f"{args.year}: schedule deleted; its holidays are estimated again (no make-up workdays)"
                )
                return 0
            if reading is None:
                return _print_schedule(args.year, hs.list_schedule(con, args.year), "as saved")
            for problem in reading.problems:
                print(f"warning: {problem_text(problem, args.lang)}", file=sys.stderr)
            if reading.rows.empty:
                print(f"error: no holiday could be read from {args.notice}", file=sys.stderr)
                return 1
            problems = hs.check_year(args.year, reading.rows)
            if problems:
                for problem in problems:
                    print(f"error: {problem_text(problem, args.lang)}", file=sys.stderr)
                print(f"error: {args.year} not saved: {len(problems)} thing(s) to fix", file=sys.stderr)
                return 1
            if not args.dry_run:
                hs.save_year(con, args.year, reading.rows)
            done = "read (dry run: nothing saved)" if args.dry_run else "saved"
            return _print_schedule(args.year, reading.rows, f"{done} from {args.notice}")
    finally:
        con.close()


def _read_notice_file(path: str, year: int):
    """A notice saved as a text file (UTF-8, UTF-16 or GBK), read into rows by holiday_schedule.read_notice."""
    from analytics import holiday_schedule as hs
    from analytics.ingest.readers import IngestError, decode_text

    try:
        text, _encoding = decode_text(Path(path).read_bytes())
    except IngestError:
        raise CommandError(f"{path} is not text in UTF-8, UTF-16 or GBK") from None
    return hs.read_notice(text, year)


def _print_schedule(year: int, rows, how: str) -> int:
    """The year's rows as a small table, holiday names in the speaking language."""
    from ui.i18n import t

    if rows.empty:
        print(f"{year}: no schedule typed in; its holidays are estimated from the statutory days")
        return 0
    print(f"{year}: {len(rows)} holiday(s) {how}")
    table = [[t(f"forecast.schedule.column.{column}") for column in ("holiday_key", *DATE_HEADINGS)]]
    for row in rows.itertuples(index=False):
        days = [getattr(row, column) for column in DATE_HEADINGS]
        table.append(
            [t(f"holiday.{row.holiday_key}")] + ["—" if d is None or d != d else str(d) for d in days]
        )
    widths = [max(text_width(line[k]) for line in table) for k in range(len(table[0]))]
    for line in table:
        cells = [cell + " " * (width - text_width(cell)) for cell, width in zip(line, widths, strict=True)]
        print("  ".join(cells).rstrip())
    return 0


DATE_HEADINGS = ("first_day_off", "last_day_off", "makeup_workday_1", "makeup_workday_2")


EXPORTS = ("budget", "variance", "costs", "forecast")


def _export_frame(con, what: str, year: int) -> tuple:
    """The table to export for `what` as analytics returns it (codes, numbers), or None and an error text."""
    import datetime as dt

    from analytics import budget, overview

    as_of = overview.data_as_of(con)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    if what == "costs":
        from analytics import cost_structure

        table = cost_structure.structure_table(con, first, last)
        if table.empty:
            return None, f"no cost ledger rows in {year}"
        return table, None
    if what == "forecast":
        return _forecast_year(con, year, as_of)
    budget_id = _budget_to_export(con, year)
    if budget_id is None:
        years = budget.budget_years(con)
        listed = (
            f"; budgets exist for {', '.join(map(str, years))}" if years else "; the database has no budget"
        )
        return None, f"no budget for {year}{listed}"
    if what == "budget":
        return budget.budget_table(con, budget_id), None
    from analytics import variance

    if as_of is None:
        return None, "no actuals in the database to compare with"
    table = variance.budget_vs_actual(con, budget_id, as_of)
    # Months not closed yet have a plan but nothing to compare: left out, so the totals row compares like with
    # like (the budget export has the whole year).
    table = table[table["status"] != "future"].reset_index(drop=True)
    if table.empty:
        return None, f"no month of {year} is closed yet: the data runs to {as_of}"
    return table, None


def _budget_to_export(con, year: int) -> int | None:
    """The year's newest approved budget version, else its newest version of any status; None without one."""
    from analytics import budget

    approved = budget.approved_budget_id(con, year)
    if approved is not None:
        return approved
    versions = budget.versions(con, year)  # newest first
    return None if versions.empty else int(versions["budget_id"].iloc[0])


def _budget_label(con, year: int) -> str:
    """Which version an export of the year's budget holds, e.g. 'v2 (draft)'."""
    from analytics import budget

    info = budget.budget_info(con, _budget_to_export(con, year))
    return f"v{info.version} ({info.status})"


def _forecast_year(con, year: int, as_of) -> tuple:
    """Daily forecast per channel for the days of `year` after the data's as-of date."""
    import datetime as dt

    import pandas as pd

    from analytics import forecast
    from analytics.forecast.engine import MAX_HORIZON

    if as_of is None:
        return None, "no daily volume in the database"
    last_day = dt.date(year, 12, 31)
    horizon = (last_day - as_of).days
    if horizon <= 0:
        return None, f"{year} is history up to {as_of}: nothing left to forecast"
    if horizon > MAX_HORIZON:
        return None, f"{year} ends {horizon} days after {as_of}; the forecast reaches {MAX_HORIZON}"
    result = forecast.forecast_channels(
        forecast.load_daily_history(con),
        horizon,
        events=forecast.load_events(con),
        schedule=forecast.load_schedule(con),
    )
    from ui.forecast import rounded_daily

    daily = rounded_daily(result.daily)
    return daily[daily["date"] >= pd.Timestamp(year, 1, 1)].reset_index(drop=True), None


def _cmd_export(args: argparse.Namespace) -> int:
    from analytics import exports

    if not _is_export_file(args.out):
        return 1
    con = _open_database(args.db)
    try:
        with _speaking(args.lang):  # the forecast export rounds as the page does (ui.forecast)
            table, error = _export_frame(con, args.what, args.year)
        # Budget and variance name the version they hold: the approved one, else the newest draft.
        holds, events = "", None
        if table is not None and args.what in ("budget", "variance"):
            holds = f" {_budget_label(con, args.year)}"
        if table is not None and args.what == "budget":
            from analytics import budget

            events = budget.history(con, _budget_to_export(con, args.year))
    finally:
        con.close()
    if table is None:
        print(f"error: {error}", file=sys.stderr)
        return 1
    with _speaking(args.lang):
        frame, options = _as_downloaded(
            args.what, table, args.lang, Path(args.out).suffix.lower() == ".xlsx", events
        )
    exports.write_file(frame, args.out, **options)
    print(f"{args.what} {args.year}{holds} written to {args.out} ({len(frame):,} rows)")
    return 0


def _as_downloaded(what: str, table, lang: str, xlsx: bool, events=None) -> tuple:
    """The table as the page's download writes it: the same headers and labels in `lang`, the same builders
    (ui.budget, ui.budget_variance, ui.cost_structure, ui.forecast), with the page's XLSX sheet name, totals
    label and percent columns, and a budget's approval log (`events`, budget.history) as its second sheet. Call
    it inside `_speaking(lang)`."""
    from ui.i18n import t

    if what == "budget":
        from ui.budget import export_frame, xlsx_options

        return export_frame(table), xlsx_options(events) if xlsx else {}
    if what == "variance":
        from ui.budget_variance import category_table

        return category_table(table), {
            "sheet_name": t("variance.export.sheet"),
            "percent": [t("variance.col.variance_pct")],
            "total_label": t("variance.col.total"),
        }
    if what == "costs":
        from ui.cost_structure import structure_export

        return structure_export(table), {"sheet_name": t("costs.title"), "total_label": t("costs.col.total")}
    from ui.forecast import export_table, xlsx_sheet

    frame = export_table(table, lang, "daily")
    return xlsx_sheet(frame, lang) if xlsx else (frame, {})


def _is_export_file(out: str) -> bool:
    """True when `out` ends in .csv or .xlsx; else says so on stderr (checked before any slow work)."""
    if Path(out).suffix.lower() in (".csv", ".xlsx"):
        return True
    print(f"error: {out}: the file must end in .csv or .xlsx", file=sys.stderr)
    return False


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from analytics import evaluation

    if args.out and Path(args.out).suffix.lower() not in REVIEW_SUFFIXES:
        print(f"error: {args.out}: the file must end in .html, .csv or .xlsx", file=sys.stderr)
        return 1
    con = _open_database(args.db)
    try:
        complete = evaluation.quarters(con)
        if args.quarter not in complete:
            print(f"error: {_why_no_quarter(con, args.quarter, complete)}", file=sys.stderr)
            return 1
        card = evaluation.scorecard(con, args.quarter)
        if args.out:
            Path(args.out).write_bytes(_review_file(con, card, args.out, args.lang))
    finally:
        con.close()
    with _speaking(args.lang):
        lines = _scorecard_lines(card, args.lang)
    print("\n".join(lines))
    if args.out:
        what = "scorecard" if Path(args.out).suffix.lower() in (".csv", ".xlsx") else "report"
        print(f"{what} written to {args.out}")
    return 0


REVIEW_SUFFIXES = (".html", ".htm", ".csv", ".xlsx")
"""What `evaluate --out` writes: the review report (.html, .htm) or the scorecard (.csv, .xlsx)."""


def _review_file(con, card, out: str, lang: str) -> bytes:
    """What `evaluate --out` writes, by the file's suffix: the scorecard as the evaluation page downloads it
    (.csv, .xlsx), else the quarterly review report (HTML). Both reuse the page's catalog and builders, so this
    one command reaches into ui/."""
    from ui import review_report

    suffix = Path(out).suffix.lower()
    if suffix == ".csv":
        return review_report.scorecard_csv(card, lang)
    if suffix == ".xlsx":
        return review_report.scorecard_xlsx(card, lang)
    return review_report.report_html(con, card.quarter, lang).encode("utf-8")


def _scorecard_lines(card, lang: str) -> list[str]:
    """The scorecard as the evaluation page shows it, in `lang`: the period and strategy, then each dimension's
    score over its sub-metrics with their value, target, prior quarter, score and status, in the page's words
    and units (ui.evaluation_text)."""
    from ui.evaluation_text import dimension_name, metric_rows, score_text, status_name, strategy_name
    from ui.i18n import t

    heading = t(
        "evalpage.period_strategy",
        start=card.start.isoformat(),
        end=card.end.isoformat(),
        strategy=strategy_name(card.strategy, lang),
    )
    rows = iter(metric_rows(card, lang))
    table = [
        [t("eval.col.metric"), *(t(f"eval.col.{c}") for c in ("value", "target", "prior", "score", "status"))]
    ]
    for dimension in card.dimensions:
        table.append([dimension_name(dimension.key, lang), "", "", "", score_text(dimension.score), ""])
        for _metric in dimension.metrics:
            row = next(rows)
            cells = (
                row["value"],
                row["target"],
                row["prior"],
                row["score"],
                status_name(row["status"], lang),
            )
            table.append(["  " + row["metric"], *cells])
    widths = [max(text_width(line[column]) for line in table) for column in range(len(table[0]))]
    lines = [f"{card.quarter}  {heading}"]
    for line in table:
        cells = [_pad(line[0], widths[0])]
        cells += [_pad(cell, width, right=True) for cell, width in zip(line[1:-1], widths[1:-1], strict=True)]
        lines.append("  ".join([*cells, line[-1]]).rstrip())
    return lines


def _pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` terminal columns, on the left when `right` (numbers)."""
    space = " " * (width - text_width(text))
    return space + text if right else text + space


def _why_no_quarter(con, quarter: str, complete: list[str]) -> str:
    """Why a quarter cannot be evaluated: no data in it, or data for only part of it."""
    from analytics import evaluation

    start, end = evaluation.quarter_bounds(quarter)
    span = evaluation.volume_span(con)
    listed = f"; complete quarters: {', '.join(complete)}" if complete else ""
    if span is None or span[1] < start or span[0] > end:
        return f"no contact volume in {quarter}{listed}"
    return f"{quarter} is not complete: contact volume runs {span[0]} to {span[1]}{listed}"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytics", description="客服成本预算台 service cost desk"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    seed = commands.add_parser(
        "seed-demo",
        help="build the deterministic demo database",
        description="build the deterministic demo database",
    )
    _add_database_option(seed, "database file to create")
    seed.add_argument("--seed", type=int, default=20261031, help="random seed (same seed, same data)")
    seed.add_argument("--force", action="store_true", help="replace an existing file")
    seed.set_defaults(handler=_cmd_seed_demo)

    info = commands.add_parser(
        "info", help="tables, row counts and date spans", description="tables, row counts and date spans"
    )
    _add_database_option(info, "database file")
    info.set_defaults(handler=_cmd_info)

    imp = commands.add_parser(
        "import",
        help="validate and import a CSV/XLSX file of one kind",
        description="validate and import a CSV/XLSX file of one kind",
    )
    imp.add_argument("file", help="CSV, TXT, XLSX or XLS file")
    imp.add_argument(
        "--kind",
        required=True,
        choices=["tickets", "volume", "intervals", "costs", "staff", "assets", "budget"],
        help="what the file holds: tickets, daily volume, interval volume, the cost ledger, the staff roster,"
        " assets or budget lines",
    )
    _add_database_option(imp, "database file")
    imp.add_argument(
        "--source", help="source system the rows come from (default: the profile's, else 'file')"
    )
    imp.add_argument("--sheet", help="workbook sheet (default: the first that holds the kind's columns)")
    imp.add_argument(
        "--all-sheets",
        action="store_true",
        help="also import the later sheets with the same headers (twelve monthly sheets), mapped alike, each its"
        " own batch; every sheet is checked before any is written",
    )
    imp.add_argument("--profile", help="saved or built-in mapping profile (default: recognise the headers)")
    imp.add_argument(
        "--every-row",
        action="append",
        type=_field_value,
        metavar="FIELD=VALUE",
        help="give a field one value for every row, for a file without its column (channel=电话,"
        " interval_minutes=30, employment_type=全职, cost_center=热线中心, period=2025-01); may be repeated; a file"
        " of one month without a month column takes the month its title, sheet or file name gives",
    )
    imp.add_argument(
        "--join",
        action="append",
        type=_field_columns,
        metavar="FIELD=COLUMN+COLUMN",
        help="read a field from two columns recognition did not pair (created_at=受理日+受理时间,"
        " amount=借方+贷方, month=年度+月份); may be repeated",
    )
    imp.add_argument(
        "--mode",
        choices=["all_or_nothing", "valid_rows"],
        default="all_or_nothing",
        help="all_or_nothing (default): one invalid row stops the import; valid_rows: import the valid rows,"
        " list and skip the others",
    )
    imp.add_argument("--user", help="who is importing, for the history")
    imp.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the problems listed")
    imp.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    imp.set_defaults(handler=_cmd_import)

    backtest = commands.add_parser(
        "backtest",
        help="rolling-origin backtest of the forecast on a daily CSV",
        description="rolling-origin backtest of the forecast on a daily CSV",
    )
    backtest.add_argument("file", help="CSV file with one row per day")
    backtest.add_argument("--date-col", required=True, help="date column (ISO, YYYYMMDD, 2024/1/31)")
    backtest.add_argument("--value-col", required=True, help="volume column")
    backtest.add_argument(
        "--sep", type=_separator, default=",", help="field separator: , ; | or tab (also written \\t)"
    )
    backtest.add_argument("--horizon", type=_positive_int, default=28, help="days ahead to forecast")
    backtest.add_argument("--origins", type=_positive_int, default=8, help="number of forecast origins")
    backtest.add_argument("--step", type=_positive_int, default=28, help="days between origins")
    backtest.add_argument(
        "--calendar",
        choices=["CN", "none"],
        default="CN",
        help="CN: China's holidays, 调休 and the default 618 / Double-11 / Double-12 events; none: weekdays only",
    )
    backtest.set_defaults(handler=_cmd_backtest)

    fc = commands.add_parser(
        "forecast",
        help="forecast every channel from the database and write a CSV or XLSX",
        description="forecast every channel from the database and write a CSV or XLSX (columns date, channel,"
        " forecast, lo80, hi80, lo95, hi95, for scripts; `export forecast` writes the page's headers)",
    )
    _add_database_option(fc, "database file")
    fc.add_argument("--horizon", type=_positive_int, required=True, help="days ahead (up to 550)")
    fc.add_argument("--out", required=True, help="FILE.csv (UTF-8 with BOM) or FILE.xlsx")
    fc.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="language of the models and warnings printed"
    )
    fc.add_argument(
        "--publish",
        metavar="NAME",
        help="also publish the forecast as a snapshot signed NAME, as the forecast page's Publish button does:"
        " its accuracy is tracked as actuals arrive, and the what-if and budget drafts for the data's as-of date"
        " start from it when it covers their 12 months",
    )
    fc.set_defaults(handler=_cmd_forecast)

    export = commands.add_parser(
        "export",
        help="write a budget, budget vs actual, cost or forecast table",
        description="write a budget, budget vs actual, cost or forecast table",
    )
    export.add_argument(
        "what",
        choices=EXPORTS,
        help="budget: the approved version (else the newest draft); variance: budget vs actual, closed months;"
        " costs: agreed-definition spend by month, category and cost center; forecast: daily per channel for"
        " the rest of the year",
    )
    _add_database_option(export, "database file")
    export.add_argument("--year", type=int, required=True, help="budget / calendar year, e.g. 2027")
    export.add_argument("--out", required=True, help="FILE.csv (UTF-8 with BOM) or FILE.xlsx")
    export.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help="language of the headers and labels (categories, channels, statuses), as the page's download",
    )
    export.set_defaults(handler=_cmd_export)

    evaluate = commands.add_parser(
        "evaluate",
        help="the four-dimension scorecard of a quarter",
        description="the four-dimension scorecard of a quarter",
    )
    _add_database_option(evaluate, "database file")
    evaluate.add_argument("--quarter", required=True, type=_quarter, help="e.g. 2026Q3")
    evaluate.add_argument(
        "--out",
        help="FILE.html: the quarterly review as one self-contained HTML file; FILE.csv or FILE.xlsx: the"
        " scorecard as the evaluation page downloads it",
    )
    evaluate.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help="language of the scorecard printed and the --out report",
    )
    evaluate.set_defaults(handler=_cmd_evaluate)

    snapshots = commands.add_parser(
        "snapshots",
        help="list the published forecasts, export one, withdraw one found wrong, or reinstate one withdrawn"
        " by mistake",
        description="list the published forecasts (the forecast page's register), the withdrawals undone and the"
        " notes corrected;"
        " with --withdraw N, withdraw forecast #N, signed --by and with a --reason: it stays listed, and plans,"
        " budget drafts and the track record no longer stand on it; with --reinstate N, undo forecast #N's"
        " withdrawal, signed and with a reason: it is in force again and the withdrawal undone stays listed;"
        " with --export N --out FILE, write forecast #N's daily figures as published",
    )
    _add_database_option(snapshots, "database file")
    snapshots.add_argument("--withdraw", type=int, metavar="N", help="the id of the forecast to withdraw")
    snapshots.add_argument(
        "--reinstate", type=int, metavar="N", help="the id of a withdrawn forecast to put in force again"
    )
    snapshots.add_argument(
        "--export", type=int, metavar="N", help="write forecast #N's daily figures, as published, to --out"
    )
    snapshots.add_argument(
        "--out", metavar="FILE", help="with --export: FILE.csv (UTF-8 with BOM) or FILE.xlsx"
    )
    snapshots.add_argument("--by", metavar="NAME", help="with --withdraw or --reinstate: who does it")
    snapshots.add_argument("--reason", metavar="TEXT", help="with --withdraw or --reinstate: why")
    snapshots.set_defaults(handler=_cmd_snapshots)

    holidays = commands.add_parser(
        "holidays",
        help="show, save or delete a year's official holiday schedule",
        description="show a year's official holiday schedule (days off, 调休 make-up workdays); with --notice,"
        " read the State Council's notice from a text file and save it (as pasting it on the forecast page"
        " does); with --delete, go back to the estimate",
    )
    _add_database_option(holidays, "database file")
    holidays.add_argument("--year", type=int, required=True, help="notice year, e.g. 2027")
    holidays.add_argument("--notice", help="the notice's text saved as a file (UTF-8 or GBK)")
    holidays.add_argument(
        "--dry-run", action="store_true", help="with --notice: check and show, save nothing"
    )
    holidays.add_argument("--delete", action="store_true", help="delete the year's schedule")
    holidays.add_argument(
        "--lang", choices=["zh", "en"], default="zh", help="language of the holiday names and problems"
    )
    holidays.set_defaults(handler=_cmd_holidays)

    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the subcommand; returns the process exit code.

    Mistakes a user can make (a missing file, a folder that does not exist, a database the app holds open, a
    value out of range) end in one line on stderr and exit code 1, not a traceback.
    """
    import duckdb

    args = _build_parser().parse_args(argv)
    try:
        code = args.handler(args)
        sys.stdout.flush()  # a reader that left early shows up here, not in Python's flush at exit
        return code
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        where = getattr(args, "db", "the database")
        print(
            f"error: {where} is open in another program (the app?): stop it, or work on a copy",
            file=sys.stderr,
        )
    except BrokenPipeError:
        # The reader stopped early (`info | head`): not an error to report. Point stdout at nothing, so that
        # Python's flush at exit does not fail on the closed pipe too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"error: {error.strerror or error}: {error.filename}", file=sys.stderr)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
    return 1


def _add_database_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """--db, which defaults to $COST_DESK_DB (the app's setting) and is required when that is not set."""
    from analytics.store import DB_PATH_ENV

    default = os.environ.get(DB_PATH_ENV)
    parser.add_argument(
        "--db", default=default, required=default is None, help=f"{help_text} (default: ${DB_PATH_ENV})"
    )


def _quarter(text: str) -> str:
    """argparse type: a quarter as 2026Q3 (lower case and spaces accepted)."""
    quarter = text.strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d{4}Q[1-4]", quarter):
        raise argparse.ArgumentTypeError(f"a quarter looks like 2026Q3, not {text!r}")
    return quarter


def _field_value(text: str) -> tuple[str, str]:
    """argparse type: FIELD=VALUE (channel=电话)."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"give it as FIELD=VALUE, e.g. channel=电话, not {text!r}")
    return name.strip(), value.strip()


def _field_columns(text: str) -> tuple[str, list[str]]:
    """argparse type: FIELD=COLUMN+COLUMN (created_at=受理日+受理时间)."""
    name, equals, columns = text.partition("=")
    headers = [h.strip() for h in columns.split("+")]
    if not equals or not name.strip() or len(headers) != 2 or not all(headers):
        raise argparse.ArgumentTypeError(
            f"give it as FIELD=COLUMN+COLUMN, e.g. created_at=受理日+受理时间, not {text!r}"
        )
    return name.strip(), headers


def _positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _separator(text: str) -> str:
    """argparse type: a field separator; 'tab' and the two characters \\t mean a tab."""
    return "\t" if text.lower() in ("tab", "\\t") else text
