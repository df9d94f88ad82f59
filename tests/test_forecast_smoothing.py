"""The horizon-fitted Holt smoothing (analytics.forecast.smoothing)."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.tsa.holtwinters import Holt

from analytics.forecast import smoothing
from analytics.forecast.models import _holt_one_step


def _statsmodels_holt(x, **start):
    return Holt(x, damped_trend=True, initialization_method="known" if start else "estimated", **start)


def test_every_candidate_on_the_grid_runs_the_damped_holt_recursion():
    rng = np.random.default_rng(3)
    x = 6.0 + np.cumsum(rng.normal(0.0, 0.02, 200)) + rng.normal(0.0, 0.1, 200)
    alpha, share, damping = smoothing.parameter_grid()
    levels, trends = smoothing.smoothed_states(x, alpha, share, damping)
    assert levels.shape == trends.shape == (200, len(alpha))
    for pick in (0, len(alpha) // 2, len(alpha) - 1):
        parameters = {
            "smoothing_level": alpha[pick],
            "smoothing_trend": share[pick],
            "damping_trend": damping[pick],
        }
        reference = _statsmodels_holt(x, initial_level=x[:7].mean(), initial_trend=0.0).fit(
            **parameters, optimized=False
        )
        np.testing.assert_allclose(levels[:, pick], reference.level, rtol=1e-9)
        np.testing.assert_allclose(trends[:, pick], reference.trend, atol=1e-12)


def test_with_given_parameters_the_start_is_fitted_as_statsmodels_fits_it():
    """A slow level on a short, trending series: where the recursion starts still shows at its end."""
    rng = np.random.default_rng(4)
    x = 6.0 + 0.01 * np.arange(60) + rng.normal(0.0, 0.05, 60)
    parameters = {"smoothing_level": 0.03, "smoothing_trend": 0.1, "damping_trend": 0.97}
    reference = _statsmodels_holt(x).fit(**parameters).forecast(28)
    ours = smoothing.path_with(x, 28, *parameters.values())
    np.testing.assert_allclose(ours, reference, rtol=1e-6)


def test_a_noisy_flat_series_with_a_last_week_jump_is_not_carried_forward():
    """The pattern behind the Technion misses: one busy week at the end is noise, not a new level."""
    rng = np.random.default_rng(11)
    x = 7.0 + rng.normal(0.0, 0.15, 365)
    x[-5:] += 0.4
    path, _ = smoothing.horizon_fitted_path(x, 91)
    assert abs(path.mean() - 7.0) < 0.1
    assert path.mean() < 7.0 + 0.4 / 2


def test_a_steady_trend_is_extrapolated():
    days = np.arange(300)
    x = 5.0 + 0.004 * days + np.random.default_rng(5).normal(0.0, 0.02, 300)
    path, _ = smoothing.horizon_fitted_path(x, 28)
    truth = 5.0 + 0.004 * np.arange(300, 328)
    assert np.abs(path - truth).max() < 0.08
    assert path[-1] > path[0]


@pytest.mark.parametrize("days", [10, 60])
def test_a_series_too_short_to_score_holds_its_last_week(days):
    x = np.arange(days, dtype=float)
    path, parameters = smoothing.horizon_fitted_path(x, 14)
    np.testing.assert_allclose(path, np.full(14, x[-7:].mean()))
    assert parameters is None


def test_given_parameters_rerun_the_same_recursion_on_a_longer_cut():
    """The backtest's later origins reuse the oldest origin's choice: same path as the search would give
    with that candidate, and the parameters are passed through."""
    rng = np.random.default_rng(8)
    x = 6.0 + np.cumsum(rng.normal(0.0, 0.01, 400)) + rng.normal(0.0, 0.1, 400)
    _, chosen = smoothing.horizon_fitted_path(x[:300], 28)
    path, passed = smoothing.horizon_fitted_path(x, 28, chosen)
    assert passed == chosen
    alpha, share, damping = (np.array([value]) for value in chosen)
    levels, trends = smoothing.smoothed_states(x, alpha, share, damping)
    expected = smoothing.damped_path(levels[-1, 0], trends[-1, 0], damping[0], 28)
    np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_the_one_step_path_is_statsmodels_forecast():
    """models._holt_one_step extrapolates statsmodels' last state instead of calling its slower forecast()."""
    rng = np.random.default_rng(12)
    x = 6.0 + 0.002 * np.arange(200) + rng.normal(0.0, 0.05, 200)
    path, (alpha, share, damping) = _holt_one_step(x, 60)
    fit = _statsmodels_holt(x).fit()
    np.testing.assert_allclose(path, fit.forecast(60), rtol=1e-12)
    assert (alpha, share, damping) == tuple(
        float(fit.params[name]) for name in ("smoothing_level", "smoothing_trend", "damping_trend")
    )
