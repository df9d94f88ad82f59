"""Benchmark: our forecast against seasonal naive, statsforecast AutoETS and MSTL, and Prophet.

Protocol (the same for every method): rolling origin, h = 28 and h = 91 days, up to 8 origins 28 days apart
(the last origin leaves exactly h days; earlier ones while at least 8 weeks of history remain). MASE is scaled
by the in-sample lag-7 naive error of each origin's history; WAPE = sum |error| / sum actual. Seconds are
fit-and-predict time summed over the origins of a series (ours includes its own model-choice backtest).

Series: Technion bank call center 1999 (daily sums of the 6-minute file; Israeli, so no China calendar),
Yu'e Bao purchase and redeem 2013-2014, Koubei payments summed over 2,000 shops 2015-2016, and the demo
database's channels (if analytics.demo exists). Chinese series get China's calendar and the default
618 / Double-11 / Double-12 events in our model, and `add_country_holidays('CN')` in Prophet.

Run: .venv/bin/python bench/bench_forecast.py   (peers from requirements-bench.txt; about 5 minutes)
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import logging  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import calendar as cn_calendar  # noqa: E402
from analytics import forecast  # noqa: E402
from analytics.forecast.engine import backtest_origins  # noqa: E402

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real"
HORIZONS = (28, 91)
ORIGINS, STEP = 8, 28
PEERS = ("seasonal_naive", "AutoETS", "MSTL", "Prophet")


def real_series() -> dict[str, tuple[pd.Series, str]]:
    """Name -> (daily series, calendar) for the real data sets."""
    six_min = pd.read_csv(REAL / "technion_bank_1999_6min" / "callcenter_1999_6min.csv")
    technion = six_min.groupby("date")["calls"].sum()
    technion.index = pd.to_datetime(technion.index)
    yuebao = pd.read_csv(REAL / "antfin_yuebao_daily_2013_2014" / "yuebao_daily_purchase_redeem.csv")
    yuebao.index = pd.to_datetime(yuebao["Date"].astype(str), format="%Y%m%d")
    koubei = pd.read_csv(REAL / "koubei_shop_pay_daily_2015_2016" / "shop_date_dapay.csv").drop(
        columns="shop_id"
    )
    koubei_total = koubei.sum(axis=0)
    koubei_total.index = pd.to_datetime(koubei_total.index)
    return {
        "technion_calls": (technion.astype(float), "none"),
        "yuebao_purchase": (yuebao["purchase"].astype(float), "CN"),
        "yuebao_redeem": (yuebao["redeem"].astype(float), "CN"),
        "koubei_total": (koubei_total.astype(float), "CN"),
    }


def demo_series() -> tuple[dict[str, tuple[pd.Series, str]], pd.DataFrame | None]:
    """The demo database's daily channels (built in a temp file), or nothing if analytics.demo is missing."""
    try:
        from analytics import demo, store
    except ImportError:
        return {}, None
    with tempfile.TemporaryDirectory() as folder:
        con = store.connect(Path(folder) / "demo.duckdb")
        demo.seed_demo(con)
        history = forecast.load_daily_history(con)
        events = forecast.load_events(con)
        con.close()
    series = {}
    for channel, group in history.groupby("channel"):
        series[f"demo_{channel}"] = (group.set_index("date")["contacts"].astype(float), "CN")
    return series, events


def peer_forecast(method: str, train: pd.Series, horizon: int, calendar: str) -> np.ndarray:
    """Point forecast of a peer method; gaps are filled from the same weekday a week earlier."""
    filled = _fill_gaps(train)
    if method == "seasonal_naive":
        return np.array([filled[len(filled) - 7 + (h % 7)] for h in range(horizon)])
    if method == "AutoETS":
        from statsforecast.models import AutoETS

        return AutoETS(season_length=7).forecast(y=filled, h=horizon)["mean"]
    if method == "MSTL":
        from statsforecast.models import MSTL

        seasons = [7, 365] if len(filled) >= 2 * 365 else [7]
        return MSTL(season_length=seasons).forecast(y=filled, h=horizon)["mean"]
    if method == "Prophet":
        from prophet import Prophet

        logging.getLogger(
            "cmdstanpy"
        ).disabled = True  # cmdstanpy resets its level on import; its INFO lines drown the table
        model = Prophet()
        if calendar == "CN":
            model.add_country_holidays(country_name="CN")
        model.fit(pd.DataFrame({"ds": train.index, "y": train.to_numpy()}).dropna())
        future = pd.DataFrame({"ds": pd.date_range(train.index[-1] + pd.Timedelta(days=1), periods=horizon)})
        return model.predict(future)["yhat"].to_numpy()
    raise ValueError(method)


def _fill_gaps(series: pd.Series) -> np.ndarray:
    filled = series.copy()
    for _ in range(8):
        filled = filled.fillna(filled.shift(7))
    return filled.ffill().bfill().to_numpy(dtype=float)


def bench_series(name: str, raw: pd.Series, calendar: str, events: pd.DataFrame | None, horizon: int) -> dict:
    """One row of the table: MASE, WAPE and seconds of every method on one series and horizon.

    At each origin the methods run one after the other, so a busy machine slows them alike.
    """
    y = forecast.prepare_series(raw)
    methods = ("ours", *PEERS)
    mase = {m: [] for m in methods}
    wape = {m: [] for m in methods}
    seconds = dict.fromkeys(methods, 0.0)
    inside, chosen = [], set()
    for end in backtest_origins(len(y), horizon, ORIGINS, STEP):
        train, test = y.iloc[: end + 1], y.iloc[end + 1 : end + 1 + horizon].to_numpy()
        for method in methods:
            started = time.perf_counter()
            if method == "ours":
                result = forecast.forecast_series(train, horizon, calendar, events)
                predicted = result.daily["forecast"].to_numpy()
            else:
                predicted = peer_forecast(method, train, horizon, calendar)
            seconds[method] += time.perf_counter() - started
            mase[method].append(forecast.mase(test, predicted, train))
            wape[method].append(forecast.wape(test, predicted))
        daily = result.daily
        inside.extend((test >= daily["lo80"].to_numpy()) & (test <= daily["hi80"].to_numpy()))
        chosen.add(result.model)
    row = {"series": name, "h": horizon, "origins": len(mase["ours"])}
    for method in methods:
        row[f"{method}_mase"], row[f"{method}_wape"] = np.mean(mase[method]), np.mean(wape[method])
        row[f"{method}_s"] = seconds[method]
    row["ours_cov80"] = float(np.mean(inside))
    row["ours_models"] = "/".join(sorted(chosen))
    return row


def print_table(rows: list[dict]) -> None:
    """The whole result: MASE, WAPE, seconds per method, and whether the goals are met."""
    names = ["ours", *PEERS]
    header = f"{'series':<18}{'h':>4}{'n':>3} | " + "".join(f"{m[:9]:>10}" for m in names)
    for metric in ("mase", "wape", "s"):
        label = {"mase": "MASE", "wape": "WAPE", "s": "fit+predict seconds (sum over origins)"}[metric]
        print(f"\n{label}\n{header}")
        for row in rows:
            cells = "".join(f"{row[f'{m}_{metric}']:>10.3f}" for m in names)
            print(f"{row['series']:<18}{row['h']:>4}{row['origins']:>3} | {cells}")
    print("\ngoal: ours best or within 3% of the best peer on MASE; ours no slower than Prophet")
    print(
        f"{'series':<18}{'h':>4}  {'best peer':<15}{'ours/best':>10}{'mase ok':>9}{'time ok':>9}{'cov80':>7}  models"
    )
    for row in rows:
        best = min(PEERS, key=lambda m: row[f"{m}_mase"])
        ratio = row["ours_mase"] / row[f"{best}_mase"]
        time_ok = row["ours_s"] <= row["Prophet_s"]
        print(
            f"{row['series']:<18}{row['h']:>4}  {best:<15}{ratio:>10.3f}{'yes' if ratio <= 1.03 else 'NO':>9}"
            f"{'yes' if time_ok else 'NO':>9}{row['ours_cov80']:>7.2f}  {row['ours_models']}"
        )


def main() -> None:
    """Run every series and horizon and print the table."""
    warnings.filterwarnings("ignore")
    for name in ("cmdstanpy", "prophet"):
        logging.getLogger(name).setLevel(logging.ERROR)
    started = time.perf_counter()
    series = real_series()
    demo, demo_events = demo_series()
    if not demo:
        print("note: analytics.demo not found; demo channels left out")
    cn_events = cn_calendar.default_events(range(2012, 2018))
    rows = []
    for name, (raw, calendar) in {**series, **demo}.items():
        events = demo_events if name.startswith("demo_") else (cn_events if calendar == "CN" else None)
        for horizon in HORIZONS:
            rows.append(bench_series(name, raw, calendar, events, horizon))
            print(f"done {name} h={horizon}", file=sys.stderr, flush=True)
    print_table(rows)
    print(f"\nbenchmark wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
