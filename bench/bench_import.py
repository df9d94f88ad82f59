"""Import speed and memory against DuckDB's own CSV reader, on a generated 1,000,000-row ticket file.

    .venv/bin/python bench/bench_import.py [--rows 1000000]

Prints, side by side: our end-to-end import (read as text, normalise, validate, write in one transaction) and
DuckDB's `read_csv` into a table for the same file; their ratio; and the peak memory (RSS) of the process that
ran our import. Every run is a fresh child process with a new database, so the peak RSS is that import's alone.
The machine is shared and timings are noisy, so the two sides take turns, `--repeat` times each (default 3), and
the best time of each side is compared; our stages (read, validate, write) are shown for our best run. Goal:
ratio at most 3, peak under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def make_ticket_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic ticket export: text ids with leading zeros, ISO timestamps, Chinese channel names, some blanks."""
    rng = np.random.default_rng(seed)
    created = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, rows), unit="s")
    handle = rng.gamma(2.0, 150.0, rows).round(1)
    frame = pd.DataFrame(
        {
            "工单号": [f"T{i:09d}" for i in range(rows)],
            "渠道": rng.choice(["电话", "在线客服", "微信", "邮件", "工单"], rows),
            "创建时间": created.strftime("%Y-%m-%d %H:%M:%S"),
            "关闭时间": (created + pd.to_timedelta(handle * 4, unit="s")).strftime("%Y-%m-%d %H:%M:%S"),
            "分类": rng.choice(["账户", "物流", "退款", "投诉", "咨询"], rows),
            "客服": [f"A{n:04d}" for n in rng.integers(0, 800, rows)],
            "处理时长": handle,
            "满意度": np.where(rng.random(rows) < 0.3, rng.integers(1, 6, rows).astype(str), ""),
        }
    )
    frame.to_csv(path, index=False)


def _child_ours(csv_path: str, db_path: str) -> dict:
    """import_file's steps, one by one so each can be timed: read, map, validate (prepare), write (commit)."""
    import resource

    from analytics import store
    from analytics.ingest import importer
    from analytics.ingest.mapping import propose_for_file

    con = store.connect(db_path)
    started, cpu_started = time.perf_counter(), time.process_time()
    data = Path(csv_path).read_bytes()
    raw = importer.read_upload(data, "bench.csv", None, con)
    mapping, _ = propose_for_file(raw, "tickets")
    read = time.perf_counter()
    plan = importer.prepare_import(con, raw, mapping, data, "bench")
    validated = time.perf_counter()
    result = importer.commit_import(con, plan)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "cpu_seconds": time.process_time() - cpu_started,
        "rows": result.inserted,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stages": {
            "read": read - started,
            "validate": validated - read,
            "write": elapsed - (validated - started),
        },
    }


def _child_duckdb(csv_path: str, db_path: str) -> dict:
    import resource

    import duckdb

    con = duckdb.connect(db_path)
    started, cpu_started = time.perf_counter(), time.process_time()
    con.execute("CREATE TABLE tickets AS SELECT * FROM read_csv(?)", [csv_path])
    con.execute("CHECKPOINT")
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rows = con.execute("SELECT count(*) FROM tickets").fetchone()[0]
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "rows": rows,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_child(which: str, csv_path: Path, db_path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", which, str(csv_path), str(db_path)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each side; the best of each is compared"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, csv_path, db_path = args.child
        sys.path.insert(0, str(ROOT))
        print(json.dumps((_child_ours if which == "ours" else _child_duckdb)(csv_path, db_path)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "tickets.csv"
        started = time.perf_counter()
        make_ticket_csv(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 2**20
        print(
            f"generated {args.rows:,} ticket rows, {size_mb:.0f} MB, in {time.perf_counter() - started:.1f} s"
        )
        runs: dict[str, list[dict]] = {"duckdb": [], "ours": []}
        for attempt in range(args.repeat):
            for which in runs:  # taking turns, so both sides see the same background load
                runs[which].append(_run_child(which, csv_path, Path(tmp) / f"{which}{attempt}.duckdb"))
    duck = min(runs["duckdb"], key=lambda r: r["seconds"])
    ours = min(runs["ours"], key=lambda r: r["seconds"])
    for which, label in (("ours", "ours"), ("duckdb", "duckdb")):
        print(f"{label} runs (s): " + ", ".join(f"{r['seconds']:.2f}" for r in runs[which]))
    print(f"{'best of ' + str(args.repeat):<34}{'ours (import)':>16}{'duckdb read_csv':>18}")
    print(f"{'rows written':<34}{ours['rows']:>16,}{duck['rows']:>18,}")
    print(f"{'seconds (parse, validate, write)':<34}{ours['seconds']:>16.2f}{duck['seconds']:>18.2f}")
    print(f"{'  CPU seconds, all threads':<34}{ours['cpu_seconds']:>16.2f}{duck['cpu_seconds']:>18.2f}")
    for stage, seconds in ours["stages"].items():
        print(f"{'  ' + stage:<34}{seconds:>16.2f}")
    peak = max(r["peak_mb"] for r in runs["ours"])
    print(
        f"{'peak RSS MB (child process, max)':<34}{peak:>16.0f}{max(r['peak_mb'] for r in runs['duckdb']):>18.0f}"
    )
    ratio = ours["seconds"] / duck["seconds"]
    print(f"ratio ours / duckdb: {ratio:.2f} (goal <= 3); our peak memory {peak / 1024:.2f} GB (goal < 2 GB)")


if __name__ == "__main__":
    main()
