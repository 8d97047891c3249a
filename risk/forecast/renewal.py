"""The renewal equation (Cori et al. 2013): serial interval weights, total infectiousness and the posterior of the
instantaneous reproduction number R over a sliding window.

Expected cases on day t are R_t * L_t with L_t = sum_s I_{t-s} w_s, where w is the serial interval distribution
(days 1..max). With a Gamma(shape a, scale b) prior and Poisson cases, the posterior of R over the window of tau
days ending at t is Gamma(a + sum I, 1 / (1/b + sum L)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


def serial_weights(mean: float, sd: float, max_days: int) -> np.ndarray:
    """Return w[0..max_days] (w[0] = 0): the log-normal serial interval discretised by day and renormalised."""
    sigma2 = np.log(1 + (sd / mean) ** 2)
    dist = stats.lognorm(s=np.sqrt(sigma2), scale=mean / np.sqrt(1 + (sd / mean) ** 2))
    edges = np.arange(0, max_days + 1) + 0.5
    edges[0] = 0.0
    mass = np.diff(dist.cdf(edges))  # day s takes the mass of (s - 0.5, s + 0.5]
    w = np.concatenate([[0.0], mass])
    return w / w.sum()


def infectiousness(incidence: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Return L_t for every t of `incidence` (last axis is time): sum over s ≥ 1 of I_{t-s} w_s."""
    out = np.zeros(incidence.shape, dtype=float)
    for s in range(1, len(w)):
        if w[s]:
            out[..., s:] += incidence[..., :-s] * w[s]
    return out


@dataclass(frozen=True)
class Posterior:
    """Gamma posterior of R: shape and scale, with its mean and 95 % credible interval."""

    shape: float
    scale: float

    @property
    def mean(self) -> float:
        return self.shape * self.scale

    def interval(self, mass: float = 0.95) -> tuple[float, float]:
        lo, hi = stats.gamma.ppf([(1 - mass) / 2, (1 + mass) / 2], self.shape, scale=self.scale)
        return float(lo), float(hi)


def estimate_r(
    incidence: np.ndarray, w: np.ndarray, *, window: int, prior_mean: float, prior_shape: float
) -> Posterior:
    """Return the posterior of R over the last `window` days of `incidence` (one series, oldest first)."""
    incidence = np.asarray(incidence, dtype=float)
    lam = infectiousness(incidence, w)
    cases = incidence[-window:].sum()
    load = lam[-window:].sum()
    a = prior_shape
    b = prior_mean / prior_shape
    return Posterior(a + cases, 1.0 / (1.0 / b + load))
