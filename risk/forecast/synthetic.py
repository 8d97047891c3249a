"""Synthetic outbreaks with a known truth, for the back-test: a stochastic spatial epidemic over the real adjacency.

The generating model differs on purpose from the forecast's: transmission is per commune (not per district),
with a serial interval of mean 5.2 days (SD 2.8; Ganyani et al., Euro Surveill 2020;25(17):2000257), a
reproduction number that falls once a commune has found cases (the response), spill-over to bordering communes,
and sporadic importations. Cases are reported on the day of infection plus a serial-interval-like delay folded in;
new introductions are more often of unknown source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

import numpy as np
from scipy import stats

from risk.engine.model import COMMUNE, Area, Report


@dataclass(frozen=True)
class OutbreakSettings:
    days: int = 60
    r0: tuple[float, float] = (1.1, 1.9)  # drawn uniformly per outbreak
    response_days: float = 7.0  # R falls by e every 7 days once the commune has found a case
    r_floor: float = 0.3
    spill: float = 0.15  # share of a commune's infectiousness that reaches each bordering commune
    seeds: tuple[int, int] = (1, 3)  # introductions in the first 10 days
    sporadic_per_day: float = 0.03  # further introductions anywhere
    dispersion: float = 0.3
    unknown_new: float = 0.35  # P(unknown source) for a case in a commune without cases in 14 days
    unknown_known: float = 0.08  # … in a commune with recent cases
    cluster: float = 0.5  # P(an unknown-source case on a day with ≥ 2 of them starts a cluster)
    hard: float = 0.06
    f1_per_case: float = 6.0


def generate(
    areas: Sequence[Area],
    adjacency: Sequence[tuple[str, str]],
    start: date,
    seed: int,
    settings: OutbreakSettings = OutbreakSettings(),
) -> list[Report]:
    """Return the daily reports (nonzero only) of one outbreak over the internal communes of `areas`."""
    rng = np.random.default_rng(seed)
    communes = [a.code for a in areas if a.kind == COMMUNE and not a.external]
    if not communes:
        return []
    idx = {c: i for i, c in enumerate(communes)}
    n = len(communes)
    neighbours = np.zeros((n, n))
    for a, b in adjacency:
        if a in idx and b in idx and a != b:
            neighbours[idx[a], idx[b]] = neighbours[idx[b], idx[a]] = 1.0
    dist = stats.gamma(a=(5.2 / 2.8) ** 2, scale=2.8**2 / 5.2)
    w = np.diff(dist.cdf(np.arange(0, 15) + 0.5))
    w[0] += dist.cdf(0.5)
    w = np.concatenate([[0.0], w[1:]])
    w /= w.sum()
    s = settings
    r0 = rng.uniform(*s.r0)
    T = s.days
    cases = np.zeros((n, T))
    detected_on = np.full(n, -1)
    intro = np.zeros((n, T))
    for _ in range(rng.integers(s.seeds[0], s.seeds[1] + 1)):
        intro[rng.integers(n), rng.integers(0, min(10, T))] += rng.integers(1, 4)
    sporadic = rng.poisson(s.sporadic_per_day, size=T)
    for t, k in enumerate(sporadic):
        for _ in range(k):
            intro[rng.integers(n), t] += 1
    reports = []
    for t in range(T):
        lam = np.zeros(n)
        for lag in range(1, min(t, len(w) - 1) + 1):
            lam += cases[:, t - lag] * w[lag]
        since = np.where(detected_on >= 0, t - detected_on, 0)
        r = np.where(detected_on >= 0, np.maximum(r0 * np.exp(-since / s.response_days), s.r_floor), r0)
        load = lam + s.spill * (neighbours @ lam)
        mean = r * lam + s.spill * (neighbours @ (r * lam))
        rate = np.zeros(n)
        live = load > 0
        rate[live] = rng.gamma(s.dispersion * load[live], mean[live] / (s.dispersion * load[live]))
        new = rng.poisson(rate) + intro[:, t].astype(int)
        recent = cases[:, max(0, t - 14) : t].sum(axis=1) > 0
        cases[:, t] = new
        day = start + timedelta(days=t)
        for i in np.flatnonzero(new):
            total = int(new[i])
            unknown = int(rng.binomial(total, s.unknown_known if recent[i] else s.unknown_new))
            known = total - unknown
            clusters = int(unknown >= 2 and rng.random() < s.cluster)
            hard = int(rng.binomial(known, s.hard))
            f1 = int(rng.poisson(s.f1_per_case * total))
            reports.append(Report(communes[i], day, known, unknown, clusters, hard, 0, f1))
            if detected_on[i] < 0:
                detected_on[i] = t
    return reports
