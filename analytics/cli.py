"""Command-line interface: one entry, one subcommand per task.

Each subcommand is a function `_cmd_<name>(args) -> int` registered in `_build_parser`. Commands import the
analytics they need lazily, so `info` does not pay for statsmodels.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


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
    if not path.exists():
        print(f"error: no database at {path}", file=sys.stderr)
        return 1
    con = store.connect(path, read_only=True)
    print(f"database {path}, schema version {store.schema_version(con)}, demo data: {store.is_demo(con)}")
    summary = store.table_summary(con)
    print(f"{'table':<20}{'rows':>12}  {'first':<20}{'last':<20}")
    for row in summary.itertuples(index=False):
        first = "" if row.first is None else str(row.first)[:19]
        last = "" if row.last is None else str(row.last)[:19]
        print(f"{row.table:<20}{row.rows:>12,}  {first:<20}{last:<20}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from analytics import store
    from analytics.ingest import importer
    from analytics.ingest.messages import render_message
    from analytics.ingest.readers import IngestError
    from analytics.ingest.validate import report_table

    path = Path(args.file)
    con = store.connect(Path(args.db))
    try:
        plan, result = importer.import_file(
            con, path.read_bytes(), path.name, args.kind, source=args.source, profile=args.profile,
            sheet=args.sheet, mode=args.mode, imported_by=args.user, dry_run=True,
        )  # fmt: skip
        validation = plan.validation
        if validation.file_issues or (args.mode == "all_or_nothing" and not validation.ok):
            print(report_table(validation, args.lang).to_csv(index=False), end="", file=sys.stderr)
            print(
                f"error: {validation.rejected_rows} of {validation.rows} rows invalid; nothing written",
                file=sys.stderr,
            )
            return 1
        if plan.already_imported:
            batch_id, when = plan.already_imported
            params = {"batch_id": batch_id, "imported_at": f"{when:%Y-%m-%d %H:%M}"}
            print(render_message("already_imported", params, args.lang))
            return 0
        if args.dry_run:
            print(
                f"dry run: {validation.rows} rows valid, {validation.rejected_rows} rejected; nothing written"
            )
            return 0
        result = importer.commit_import(con, plan, mode=args.mode, imported_by=args.user, wait=True)
    except IngestError as error:
        print(f"error: {render_message(error.code, error.params, args.lang)}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"imported {path.name} as {args.kind}: {result.summary()}")
    return 0


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analytics", description="客服成本预算台 service cost desk"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    seed = commands.add_parser("seed-demo", help="build the deterministic demo database")
    seed.add_argument("--db", required=True, help="database file to create")
    seed.add_argument("--seed", type=int, default=20261031, help="random seed (same seed, same data)")
    seed.add_argument("--force", action="store_true", help="replace an existing file")
    seed.set_defaults(handler=_cmd_seed_demo)

    info = commands.add_parser("info", help="tables, row counts and date spans")
    info.add_argument("--db", required=True, help="database file")
    info.set_defaults(handler=_cmd_info)

    imp = commands.add_parser("import", help="validate and import a CSV/XLSX file of one kind")
    imp.add_argument("file", help="CSV, TXT or XLSX file")
    imp.add_argument(
        "--kind",
        required=True,
        choices=["tickets", "volume", "intervals", "costs", "staff", "assets", "budget"],
    )
    imp.add_argument("--db", required=True, help="database file")
    imp.add_argument(
        "--source", help="source system the rows come from (default: the profile's, else 'file')"
    )
    imp.add_argument("--sheet", help="XLSX sheet (default: the first)")
    imp.add_argument("--profile", help="saved or built-in mapping profile (default: recognise the headers)")
    imp.add_argument("--mode", choices=["all_or_nothing", "valid_rows"], default="all_or_nothing")
    imp.add_argument("--user", help="who is importing, for the history")
    imp.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the report")
    imp.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    imp.set_defaults(handler=_cmd_import)

    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the subcommand; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    return args.handler(args)
