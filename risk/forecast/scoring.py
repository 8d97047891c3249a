"""Back-test: forecast from every origin with only the data up to it, and score the 7-day-ahead commune levels.

The ranked probability score of a forecast over the four ordered levels is the mean over the three thresholds of
(P(level ≤ k) - 1[observed ≤ k])², from 0 (certain and right) to 1 (certain and wrong by three levels). Two
baselines are scored the same way: persistence (today's level stays) and the step-down forecast (the level the
rules give on the target date if no new report comes in). The truth is the level the rules give on the target date
with every report of the file up to it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

import numpy as np

from risk.engine.assess import assess
from risk.engine.model import COMMUNE, EngineInput, Report
from risk.engine.prepare import prepare
from risk.engine.rulesets import DEFAULT_RULESET, ruleset_for

from .parameters import ForecastParameters
from .simulate import DEFAULT_FUTURES, HORIZON_DAYS, forecast, no_new_reports

BINS = 10


def rps(predicted: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Ranked probability score of each row of `predicted` ([n, 4] probabilities) against `observed` levels 1..4."""
    cdf = np.cumsum(predicted, axis=1)[:, :3]
    truth = (observed[:, None] <= np.arange(1, 4)[None, :]).astype(float)
    return ((cdf - truth) ** 2).sum(axis=1) / 3


def point(levels: np.ndarray) -> np.ndarray:
    out = np.zeros((len(levels), 4))
    out[np.arange(len(levels)), levels - 1] = 1.0
    return out


def calibration(predicted: np.ndarray, observed: np.ndarray, bins: int = BINS) -> list[list[float]]:
    """Per probability bin: [mean predicted, observed frequency, count] over every (row, level) pair."""
    p = predicted.ravel()
    o = point(observed).ravel()
    which = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        if n:
            rows.append([round(float(p[mask].mean()), 4), round(float(o[mask].mean()), 4), n])
    return rows


def backtest(
    inp: EngineInput,
    origins: Iterable[date],
    *,
    ruleset: str = DEFAULT_RULESET,
    params: ForecastParameters | None = None,
    futures: int = DEFAULT_FUTURES,
    seed: int = 0,
    horizon: int = HORIZON_DAYS,
) -> dict[str, Any]:
    """Score the forecast of every origin (inp.reports hold the whole period; inp.date is ignored)."""
    rs = ruleset_for(ruleset)
    ep = rs.parameters(inp.parameters)
    communes = [a.code for a in inp.areas if a.kind == COMMUNE and not a.external]
    preds, persist, step, truth = [], [], [], []
    origins = sorted(origins)
    for n, origin in enumerate(origins):
        target = origin + timedelta(days=horizon)
        at_origin = replace(inp, date=origin, reports=[r for r in inp.reports if r.date <= origin])
        fc = forecast(
            at_origin, ruleset=rs, params=params, futures=futures, horizon=horizon, seed=seed + n, days=(horizon,)
        )
        actual = assess(
            prepare(replace(inp, date=target, reports=[r for r in inp.reports if r.date <= target]), ep.window_days),
            rs.rules,
            ep,
            target,
        ).final
        stepped = no_new_reports(at_origin, target, ruleset=rs)
        for code in communes:
            preds.append(fc.of(code)[0])
            persist.append(fc.current[code])
            step.append(stepped.get(code, 1))
            truth.append(actual.get(code, 1))
    if not preds:
        return {"rps": {}, "rps_changed": {}, "origins": 0, "calibration": []}
    p = np.array(preds)
    observed, now, stepped_levels = np.array(truth), np.array(persist), np.array(step)
    scores = {
        "model": rps(p, observed),
        "persistence": rps(point(now), observed),
        "step_down": rps(point(stepped_levels), observed),
    }
    changed = observed != now
    return {
        "rps": {k: round(float(v.mean()), 5) for k, v in scores.items()},
        "rps_changed": {k: round(float(v[changed].mean()), 5) if changed.any() else None for k, v in scores.items()},
        "origins": len(origins),
        "calibration": calibration(p, observed),
    }


def origins_between(
    reports: Sequence[Report], start: date | None, end: date | None, horizon: int = HORIZON_DAYS
) -> list[date]:
    """Every origin from `start` (default: the first report date) to `end` (default: the last report date minus
    the horizon, so that each origin's target date lies within the file)."""
    if not reports:
        return []
    first = min(r.date for r in reports)
    last = max(r.date for r in reports)
    start = start or first
    end = min(end or last - timedelta(days=horizon), last - timedelta(days=horizon))
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
