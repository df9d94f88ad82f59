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

    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the subcommand; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    return args.handler(args)
