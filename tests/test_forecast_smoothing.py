"""The horizon-fitted Holt smoothing (analytics.forecast.smoothing)."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.tsa.holtwinters import Holt

from analytics.forecast import smoothing


def test_the_recursion_matches_statsmodels_holt_with_the_same_parameters_and_start():
    rng = np.random.default_rng(3)
    x = 6.0 + np.cumsum(rng.normal(0.0, 0.02, 200)) + rng.normal(0.0, 0.1, 200)
    alpha, share, damping = 0.3, 0.1, 0.95
    ours = smoothing.path_with(x, 30, alpha, share, damping)
    reference = (
        Holt(
            x, damped_trend=True, initialization_method="known", initial_level=x[:7].mean(), initial_trend=0.0
        )
        .fit(smoothing_level=alpha, smoothing_trend=share, damping_trend=damping, optimized=False)
        .forecast(30)
    )
    np.testing.assert_allclose(ours, reference, rtol=1e-9)


def test_every_candidate_is_run_at_once_and_the_one_step_path_is_one_of_them():
    x = np.linspace(5.0, 6.0, 120) + np.sin(np.arange(120))
    alpha, share, damping = smoothing.parameter_grid()
    levels, trends = smoothing.smoothed_states(x, alpha, share, damping)
    assert levels.shape == trends.shape == (120, len(alpha))
    pick = 5
    path = smoothing.path_with(x, 10, alpha[pick], share[pick], damping[pick])
    expected = levels[-1, pick] + np.cumsum(damping[pick] ** np.arange(1, 11)) * trends[-1, pick]
    np.testing.assert_allclose(path, expected)


def test_a_noisy_flat_series_with_a_last_week_jump_is_not_carried_forward():
    """The pattern behind the Technion misses: one busy week at the end is noise, not a new level."""
    rng = np.random.default_rng(11)
    x = 7.0 + rng.normal(0.0, 0.15, 365)
    x[-5:] += 0.4
    path = smoothing.horizon_fitted_path(x, 91)
    assert abs(path.mean() - 7.0) < 0.1
    assert path.mean() < 7.0 + 0.4 / 2


def test_a_steady_trend_is_extrapolated():
    days = np.arange(300)
    x = 5.0 + 0.004 * days + np.random.default_rng(5).normal(0.0, 0.02, 300)
    path = smoothing.horizon_fitted_path(x, 28)
    truth = 5.0 + 0.004 * np.arange(300, 328)
    assert np.abs(path - truth).max() < 0.08
    assert path[-1] > path[0]


@pytest.mark.parametrize("days", [10, 60])
def test_a_series_too_short_to_score_holds_its_last_week(days):
    x = np.arange(days, dtype=float)
    path = smoothing.horizon_fitted_path(x, 14)
    np.testing.assert_allclose(path, np.full(14, x[-7:].mean()))
