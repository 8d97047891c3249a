"""The renewal-equation estimator on series whose growth is known."""

import math

import numpy as np
import pytest

from risk.forecast import ForecastParameters, estimate_r, infectiousness, serial_weights

P = ForecastParameters()
W = serial_weights(P.serial_mean, P.serial_sd, P.serial_max_days)


def renewal_r(growth: float) -> float:
    """The R of an epidemic growing at `growth` a day: 1 / sum_s w_s exp(-growth * s) (Wallinga & Lipsitch 2007)."""
    return 1.0 / sum(W[s] * math.exp(-growth * s) for s in range(1, len(W)))


def test_serial_weights_are_a_distribution_near_the_published_mean():
    assert W[0] == 0
    assert W.sum() == pytest.approx(1.0)
    mean = (W * np.arange(len(W))).sum()
    assert 4.3 < mean < 4.9  # 4.7 days, cut at 14 days


@pytest.mark.parametrize("growth", [0.15, 0.05, 0.0, -0.05, -0.1])
def test_it_recovers_r_of_an_exponential_series(growth):
    days = np.arange(60)
    incidence = 2000 * np.exp(growth * days)
    posterior = estimate_r(incidence, W, window=7, prior_mean=1.0, prior_shape=2.0)
    assert posterior.mean == pytest.approx(renewal_r(growth), rel=0.02)
    lo, hi = posterior.interval()
    assert lo < renewal_r(growth) < hi


def test_it_tells_growth_from_decline():
    days = np.arange(40)
    growing = estimate_r(50 * np.exp(0.1 * days), W, window=7, prior_mean=1.0, prior_shape=2.0)
    shrinking = estimate_r(50 * np.exp(-0.1 * days), W, window=7, prior_mean=1.0, prior_shape=2.0)
    assert growing.mean > 1 > shrinking.mean


def test_with_no_case_the_prior_is_returned():
    posterior = estimate_r(np.zeros(30), W, window=7, prior_mean=1.3, prior_shape=2.0)
    assert posterior.mean == pytest.approx(1.3)
    assert posterior.shape == 2.0


def test_more_data_narrows_the_interval():
    days = np.arange(40)
    few = estimate_r(3 * np.exp(0.05 * days), W, window=7, prior_mean=1.0, prior_shape=2.0)
    many = estimate_r(300 * np.exp(0.05 * days), W, window=7, prior_mean=1.0, prior_shape=2.0)
    assert np.diff(many.interval())[0] < np.diff(few.interval())[0] / 5


def test_infectiousness_reads_only_earlier_days():
    incidence = np.zeros(20)
    incidence[10] = 1
    lam = infectiousness(incidence, W)
    assert (lam[:11] == 0).all()
    assert lam[11:].sum() == pytest.approx(W[1:10].sum())
